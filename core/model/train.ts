import { predictLead } from './predict';
import { allRight, auroc } from './scores';
import { featurize, type FeatureInput, type FeatureVector } from './features';
import { calibrate, HEAD_CLASSES, HEADS, PACKED_OFFSET, PACKED_STRIDE, type Head, type HeadName, type LeadModel } from './model';

/** One labelled lead as the trainer sees it (rubric section 2 labels; null/absent for non-leads). */
export interface TrainExample {
	input: FeatureInput;
	labels: { disposition: string; stage?: string | null; track?: string | null; primaryRole?: string | null };
}

export interface TrainOptions {
	/** Hash space: 2^bits buckets (default 17: chosen on out-of-fold figures, 0.882 all right and AUROC 0.903 against 0.879 and 0.898 for 2^16). */
	bits?: number;
	epochs?: number;
	/** AdaGrad step size. */
	learningRate?: number;
	/** L2 penalty per update. */
	l2?: number;
	seed?: number;
	/** Buckets seen in fewer leads than this are switched off (default 2). */
	minDf?: number;
	/** Folds for the out-of-fold predictions that calibrate confidence (default 4; 0 = no calibration). */
	folds?: number;
	version?: string;
	/** Informational, recorded in the model file. */
	training?: Record<string, unknown>;
	/** Called after each stage with a short note (progress for the CLI). */
	onProgress?: (note: string) => void;
}

/** Largest per-class error below which an example's update is skipped (it is learnt). */
const MIN_UPDATE = 0.02;

const DEFAULTS = { bits: 17, epochs: 8, learningRate: 0.4, l2: 1e-6, seed: 20261201, folds: 4, minDf: 2 };

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The class index an example trains a head on, or -1 when the head does not apply. */
function target(name: HeadName, labels: TrainExample['labels']): number {
	if (name !== 'disposition' && labels.disposition !== 'lead') return -1;
	if (name === 'primaryRole' && labels.track === 'consultant') return -1;
	const value = labels[name];
	return value ? HEAD_CLASSES[name].indexOf(value) : -1;
}

/** Smoothed inverse document frequency per bucket. */
function computeIdf(inputs: FeatureInput[], bits: number, charMin: number, charMax: number, minDf: number): Float32Array {
	const size = 1 << bits;
	const df = new Uint32Array(size);
	for (const input of inputs) {
		const v = featurize(input, { bits, idf: null, charMin, charMax });
		for (let i = 0; i < v.length; i++) df[v.index[i]]++;
	}
	const n = inputs.length;
	const idf = new Float32Array(size);
	// A bucket seen in fewer than `minDf` leads teaches nothing that carries over: it is switched off.
	for (let b = 0; b < size; b++) idf[b] = df[b] < minDf ? 0 : Math.log((1 + n) / (1 + df[b])) + 1;
	return idf;
}

/**
 * Trains every head at once with AdaGrad and L2, in a seeded order. Weights
 * live in the packed inference layout (one 64-byte row per bucket holding all
 * heads), so each feature of an example touches one memory line.
 */
function trainHeads(vectors: FeatureVector[], labels: TrainExample['labels'][], bits: number, o: typeof DEFAULTS): Record<HeadName, Head> {
	const size = 1 << bits;
	const w = new Float32Array(size * PACKED_STRIDE);
	// One AdaGrad accumulator per bucket and head (summed over the head's classes).
	const g = new Float32Array(size * HEADS.length);
	const bias = HEADS.map((h) => new Float64Array(HEAD_CLASSES[h].length));
	const gb = HEADS.map((h) => new Float64Array(HEAD_CLASSES[h].length));
	const targets = labels.map((l) => HEADS.map((h) => target(h, l)));
	const sizes = HEADS.map((h) => HEAD_CLASSES[h].length);
	const offsets = HEADS.map((h) => PACKED_OFFSET[h]);
	const random = rng(o.seed);
	const order = vectors.map((_, i) => i);
	const scores = new Float64Array(PACKED_STRIDE);
	const delta = new Float64Array(PACKED_STRIDE);
	const live = new Uint8Array(HEADS.length);
	for (let epoch = 0; epoch < o.epochs; epoch++) {
		for (let i = order.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			const t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		for (const r of order) {
			const v = vectors[r];
			const ys = targets[r];
			scores.fill(0);
			for (let i = 0; i < v.length; i++) {
				const base = v.index[i] * PACKED_STRIDE;
				const x = v.value[i];
				for (let k = 1; k < 15; k++) scores[k] += w[base + k] * x;
			}
			delta.fill(0);
			let active = 0;
			for (let h = 0; h < HEADS.length; h++) {
				live[h] = 0;
				const y = ys[h];
				if (y < 0) continue;
				const c = sizes[h];
				const off = offsets[h];
				let max = -Infinity;
				for (let k = 0; k < c; k++) {
					scores[off + k] += bias[h][k];
					if (scores[off + k] > max) max = scores[off + k];
				}
				let sum = 0;
				for (let k = 0; k < c; k++) sum += Math.exp(scores[off + k] - max);
				let largest = 0;
				for (let k = 0; k < c; k++) {
					const d = Math.exp(scores[off + k] - max) / sum - (k === y ? 1 : 0);
					delta[off + k] = d;
					if (Math.abs(d) > largest) largest = Math.abs(d);
					gb[h][k] += d * d;
					bias[h][k] -= (o.learningRate * d) / Math.sqrt(gb[h][k] + 1e-8);
				}
				// An example the head already gets right with a wide margin teaches it nothing: skip its update.
				if (largest >= MIN_UPDATE) {
					live[h] = 1;
					active++;
				}
			}
			if (active === 0) continue;
			for (let i = 0; i < v.length; i++) {
				const bucket = v.index[i];
				const base = bucket * PACKED_STRIDE;
				const x = v.value[i];
				for (let h = 0; h < HEADS.length; h++) {
					if (live[h] === 0) continue;
					const c = sizes[h];
					const at = base + offsets[h];
					const gi = bucket * HEADS.length + h;
					let sq = 0;
					for (let k = 0; k < c; k++) {
						const grad = delta[offsets[h] + k] * x + o.l2 * w[at + k];
						sq += grad * grad;
					}
					g[gi] += sq / c;
					const step = o.learningRate / Math.sqrt(g[gi] + 1e-8);
					for (let k = 0; k < c; k++) w[at + k] -= step * (delta[offsets[h] + k] * x + o.l2 * w[at + k]);
				}
			}
		}
	}
	const heads = {} as Record<HeadName, Head>;
	HEADS.forEach((name, h) => {
		const c = sizes[h];
		const weights = new Float32Array(size * c);
		for (let b = 0; b < size; b++) for (let k = 0; k < c; k++) weights[b * c + k] = w[b * PACKED_STRIDE + offsets[h] + k];
		heads[name] = { classes: HEAD_CLASSES[name], weights, bias: Float32Array.from(bias[h]) };
	});
	return heads;
}

/**
 * Pool-adjacent-violators isotonic regression of `right` on `p`, reduced to
 * at most `maxPoints` knots for a piecewise-linear map.
 */
export function isotonic(points: Array<{ p: number; right: boolean }>, maxPoints = 40): { x: number[]; y: number[] } {
	const sorted = [...points].sort((a, b) => a.p - b.p);
	const blocks: Array<{ sum: number; n: number; lo: number; hi: number }> = [];
	for (const pt of sorted) {
		blocks.push({ sum: pt.right ? 1 : 0, n: 1, lo: pt.p, hi: pt.p });
		while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].n >= blocks[blocks.length - 1].sum / blocks[blocks.length - 1].n) {
			const b = blocks.pop()!;
			const a = blocks[blocks.length - 1];
			a.sum += b.sum;
			a.n += b.n;
			a.hi = b.hi;
		}
	}
	if (blocks.length === 0) return { x: [0, 1], y: [0.5, 0.5] };
	// Knots at block centres, with a little shrinkage towards the overall rate for tiny blocks.
	const total = sorted.filter((s) => s.right).length / sorted.length;
	let x = blocks.map((b) => (b.lo + b.hi) / 2);
	let y = blocks.map((b) => (b.sum + 2 * total) / (b.n + 2));
	for (let i = 1; i < y.length; i++) if (y[i] < y[i - 1]) y[i] = y[i - 1];
	if (x.length > maxPoints) {
		const step = (x.length - 1) / (maxPoints - 1);
		const keep = Array.from({ length: maxPoints }, (_, i) => Math.round(i * step));
		x = keep.map((i) => x[i]);
		y = keep.map((i) => y[i]);
	}
	if (x.length === 1) return { x: [0, 1], y: [y[0], y[0]] };
	return { x, y: y.map((v) => Math.min(0.999, Math.max(0.001, v))) };
}

/**
 * Trains the lead model: idf over the corpus, one head per label, then
 * confidence calibrated on out-of-fold predictions (each fold's leads
 * predicted by a model that never saw them). Deterministic for a seed.
 */
export function trainLeadModel(examples: TrainExample[], options: TrainOptions = {}): LeadModel {
	if (examples.length < 8) throw new Error(`training needs at least 8 labelled leads, got ${examples.length}`);
	const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS & TrainOptions;
	const charMin = 3;
	const charMax = 5;
	const inputs = examples.map((e) => e.input);
	const labels = examples.map((e) => e.labels);
	const idf = computeIdf(inputs, o.bits, charMin, charMax, o.minDf);
	const vectors = inputs.map((input) => featurize(input, { bits: o.bits, idf, charMin, charMax }));
	o.onProgress?.(`features: ${examples.length} leads`);

	// Out-of-fold joint probabilities for calibration.
	const oof: Array<{ p: number; right: boolean }> = [];
	const folds = Math.min(o.folds, examples.length);
	if (folds >= 2) {
		const random = rng(o.seed ^ 0x5eed);
		const fold = examples.map(() => Math.floor(random() * folds));
		for (let f = 0; f < folds; f++) {
			const trainIdx = fold.flatMap((x, i) => (x === f ? [] : [i]));
			const testIdx = fold.flatMap((x, i) => (x === f ? [i] : []));
			const heads = trainHeads(trainIdx.map((i) => vectors[i]), trainIdx.map((i) => labels[i]), o.bits, o);
			// The fold's model judges the leads it never saw, exactly as inference does (uncalibrated).
			const foldModel: LeadModel = { version: 'fold', bits: o.bits, charMin, charMax, idf, heads, calibration: { x: [0, 1], y: [0, 1] }, shares: [], training: {} };
			for (const i of testIdx) {
				const v = predictLead(foldModel, inputs[i], {}, 0);
				oof.push({ p: v.joint, right: allRight(labels[i], v.labels) });
			}
			o.onProgress?.(`calibration fold ${f + 1}/${folds}`);
		}
	}
	const heads = trainHeads(vectors, labels, o.bits, o);
	o.onProgress?.('final model');
	const calibration = oof.length >= 2 ? isotonic(oof) : { x: [0, 1], y: [0, 1] };
	const model: LeadModel = {
		version: o.version ?? 'custom',
		bits: o.bits,
		charMin,
		charMax,
		idf,
		heads,
		calibration,
		shares: [],
		training: {
			leads: examples.length,
			seed: o.seed,
			epochs: o.epochs,
			bits: o.bits,
			folds,
			// Out-of-fold figures: every lead judged by a model that never saw it (what hyper-parameters are chosen by).
			...(oof.length ? { outOfFold: { allRight: round4(oof.filter((p) => p.right).length / oof.length), auroc: round4(auroc(oof.map((p) => ({ c: p.p, right: p.right })))) } } : {}),
			...(o.training ?? {}),
		},
	};
	// Thresholds by share of leads, from the out-of-fold calibrated confidences.
	const confidences = oof.map((pt) => calibrate({ calibration }, pt.p)).sort((a, b) => a - b);
	if (confidences.length > 0) {
		for (let s = 0; s <= 50; s++) {
			const share = s / 100;
			const i = Math.min(confidences.length - 1, Math.floor(share * confidences.length));
			model.shares.push({ share, threshold: share === 0 ? 0 : confidences[i] });
		}
	}
	return model;
}

function round4(x: number): number {
	return Math.round(x * 1e4) / 1e4;
}
