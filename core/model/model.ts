import { z } from 'zod';

import { InputError } from '../errors';
import type { FeatureVector } from './features';

/**
 * The learned lead classifier: one multinomial logistic regression head per
 * rubric label over hashed features (see `features.ts`), and an isotonic map
 * from the model's joint probability to the calibrated probability that all
 * labels are right.
 *
 * The model file is JSON: weights quantised to int8 per head (base64), idf
 * quantised to uint8, so the bundled model stays well under 5 MB and loads in
 * milliseconds.
 */

export const MODEL_FORMAT = 'talent-pipeline/lead-model@1';

/** The heads, in decision order. `primaryRole` is trained on non-consultant leads only (consultant forces ai_consultant). */
export const HEADS = ['disposition', 'stage', 'track', 'primaryRole'] as const;
export type HeadName = (typeof HEADS)[number];

export const HEAD_CLASSES: Record<HeadName, readonly string[]> = {
	disposition: ['lead', 'job_seeker', 'vendor', 'spam'],
	stage: ['early', 'growth', 'scale'],
	track: ['consultant', 'engineer', 'hybrid'],
	primaryRole: ['llm_engineer', 'mlops_engineer', 'ml_engineer', 'research_scientist'],
};

export interface Head {
	classes: readonly string[];
	/** Row-major by bucket: weights[bucket * classes.length + class]. */
	weights: Float32Array;
	bias: Float32Array;
}

export interface LeadModel {
	version: string;
	bits: number;
	charMin: number;
	charMax: number;
	idf: Float32Array;
	heads: Record<HeadName, Head>;
	/** Isotonic calibration: raw joint probability -> P(all labels right), piecewise linear. */
	calibration: { x: number[]; y: number[] };
	/** Calibrated-confidence thresholds by the share of leads (held-out folds) that fall below them. */
	shares: Array<{ share: number; threshold: number }>;
	/** How the model was made (counts, seed, corpus digest); informational. */
	training: Record<string, unknown>;
	/**
	 * Inference layout, built once when a model is decoded: one 64-byte row per
	 * bucket holding its idf and every head's weights, so a feature costs one
	 * memory line instead of five.
	 */
	packed?: Float32Array;
}

/** Floats per packed row: idf, then the heads' classes in {@link HEADS} order (1 + 4 + 3 + 3 + 4 = 15), padded. */
export const PACKED_STRIDE = 16;
/** Where each head's classes start in a packed row. */
export const PACKED_OFFSET: Record<HeadName, number> = { disposition: 1, stage: 5, track: 8, primaryRole: 11 };

/** Builds the packed inference rows of a model (see {@link LeadModel.packed}). */
export function packModel(model: LeadModel): Float32Array {
	const size = 1 << model.bits;
	const packed = new Float32Array(size * PACKED_STRIDE);
	for (let b = 0; b < size; b++) packed[b * PACKED_STRIDE] = model.idf[b];
	for (const name of HEADS) {
		const head = model.heads[name];
		const c = head.classes.length;
		const offset = PACKED_OFFSET[name];
		for (let b = 0; b < size; b++) for (let k = 0; k < c; k++) packed[b * PACKED_STRIDE + offset + k] = head.weights[b * c + k];
	}
	return packed;
}

const HeadFile = z.object({
	classes: z.array(z.string()).min(2),
	scale: z.number().positive(),
	weights: z.string(),
	bias: z.array(z.number()),
});

export const ModelFile = z
	.object({
		format: z.literal(MODEL_FORMAT),
		version: z.string().min(1).max(100),
		bits: z.number().int().min(10).max(22),
		charMin: z.number().int().min(1).max(8),
		charMax: z.number().int().min(1).max(8),
		idfScale: z.number().positive(),
		idf: z.string(),
		heads: z.object({ disposition: HeadFile, stage: HeadFile, track: HeadFile, primaryRole: HeadFile }),
		calibration: z.object({ x: z.array(z.number()), y: z.array(z.number()) }),
		shares: z.array(z.object({ share: z.number().min(0).max(1), threshold: z.number().min(0).max(1) })),
		training: z.record(z.unknown()).default({}),
	})
	.strict();
export type ModelFile = z.infer<typeof ModelFile>;

/** Serialises a model: int8 weights with one scale per head, uint8 idf. */
export function encodeModel(model: LeadModel): ModelFile {
	const heads = {} as ModelFile['heads'];
	for (const name of HEADS) {
		const head = model.heads[name];
		let max = 0;
		for (const w of head.weights) if (Math.abs(w) > max) max = Math.abs(w);
		const scale = max > 0 ? max / 127 : 1;
		const q = new Int8Array(head.weights.length);
		for (let i = 0; i < q.length; i++) q[i] = Math.round(head.weights[i] / scale);
		heads[name] = { classes: [...head.classes], scale, weights: Buffer.from(q.buffer).toString('base64'), bias: [...head.bias].map(round6) };
	}
	let maxIdf = 0;
	for (const v of model.idf) if (v > maxIdf) maxIdf = v;
	const idfScale = maxIdf > 0 ? maxIdf / 255 : 1;
	const idf = new Uint8Array(model.idf.length);
	for (let i = 0; i < idf.length; i++) idf[i] = Math.round(model.idf[i] / idfScale);
	return {
		format: MODEL_FORMAT,
		version: model.version,
		bits: model.bits,
		charMin: model.charMin,
		charMax: model.charMax,
		idfScale,
		idf: Buffer.from(idf.buffer).toString('base64'),
		heads,
		calibration: { x: model.calibration.x.map(round6), y: model.calibration.y.map(round6) },
		shares: model.shares.map((s) => ({ share: s.share, threshold: round6(s.threshold) })),
		training: model.training,
	};
}

/**
 * Validates and decodes a model file (an object or its JSON text).
 * @throws InputError naming the field when the file is not a lead model.
 */
export function decodeModel(raw: unknown): LeadModel {
	let json = raw;
	if (typeof raw === 'string') {
		try {
			json = JSON.parse(raw);
		} catch (e) {
			throw new InputError('model', `The model is not valid JSON: ${(e as Error).message}`);
		}
	}
	const parsed = ModelFile.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const where = issue.path.join('.') || '(root)';
		throw new InputError(`model.${where}`, `The model file is not a ${MODEL_FORMAT} file at '${where}': ${issue.message}`);
	}
	const file = parsed.data;
	const size = 1 << file.bits;
	const idfBytes = Buffer.from(file.idf, 'base64');
	if (idfBytes.length !== size) throw new InputError('model.idf', `The model's idf has ${idfBytes.length} entries, expected ${size}`);
	const idf = new Float32Array(size);
	for (let i = 0; i < size; i++) idf[i] = idfBytes[i] * file.idfScale;
	const heads = {} as Record<HeadName, Head>;
	for (const name of HEADS) {
		const h = file.heads[name];
		const expected = HEAD_CLASSES[name];
		if (h.classes.length !== expected.length || h.classes.some((c) => !expected.includes(c))) {
			throw new InputError(`model.heads.${name}.classes`, `The ${name} head must have the classes ${expected.join(', ')}`);
		}
		const bytes = Buffer.from(h.weights, 'base64');
		if (bytes.length !== size * h.classes.length) {
			throw new InputError(`model.heads.${name}.weights`, `The ${name} head has ${bytes.length} weights, expected ${size * h.classes.length}`);
		}
		if (h.bias.length !== h.classes.length) throw new InputError(`model.heads.${name}.bias`, `The ${name} head needs one bias per class`);
		const q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
		const weights = new Float32Array(q.length);
		for (let i = 0; i < q.length; i++) weights[i] = q[i] * h.scale;
		heads[name] = { classes: h.classes, weights, bias: Float32Array.from(h.bias) };
	}
	const { x, y } = file.calibration;
	if (x.length !== y.length || x.length < 2) throw new InputError('model.calibration', 'The calibration needs matching x and y with at least two points');
	const model: LeadModel = {
		version: file.version,
		bits: file.bits,
		charMin: file.charMin,
		charMax: file.charMax,
		idf,
		heads,
		calibration: { x, y },
		shares: file.shares,
		training: file.training,
	};
	model.packed = packModel(model);
	return model;
}

/** Raw scores (logits) of one head for a feature vector. */
export function headLogits(head: Head, v: FeatureVector): Float64Array {
	const c = head.classes.length;
	const out = new Float64Array(c);
	for (let k = 0; k < c; k++) out[k] = head.bias[k];
	const w = head.weights;
	for (let i = 0; i < v.length; i++) {
		const base = v.index[i] * c;
		const x = v.value[i];
		for (let k = 0; k < c; k++) out[k] += w[base + k] * x;
	}
	return out;
}

/** Softmax in place, numerically stable. */
export function softmax(logits: Float64Array): Float64Array {
	let max = -Infinity;
	for (const l of logits) if (l > max) max = l;
	let sum = 0;
	for (let i = 0; i < logits.length; i++) {
		logits[i] = Math.exp(logits[i] - max);
		sum += logits[i];
	}
	for (let i = 0; i < logits.length; i++) logits[i] /= sum;
	return logits;
}

/**
 * Share of the raw probability blended into the calibrated one: isotonic maps
 * have flat steps, and without it every lead on a step would tie, which hides
 * the model's own ranking (AUROC) and makes share thresholds jump.
 */
export const CALIBRATION_TIE_BREAK = 0.02;

/** Calibrated probability that all labels are right: the isotonic map, with ties broken by the raw probability. */
export function calibrate(model: Pick<LeadModel, 'calibration'>, p: number): number {
	return (1 - CALIBRATION_TIE_BREAK) * isotonicAt(model.calibration, p) + CALIBRATION_TIE_BREAK * p;
}

/** Piecewise-linear interpolation of the isotonic map; flat beyond its ends. */
function isotonicAt(calibration: LeadModel['calibration'], p: number): number {
	const { x, y } = calibration;
	if (p <= x[0]) return y[0];
	if (p >= x[x.length - 1]) return y[y.length - 1];
	let lo = 0;
	let hi = x.length - 1;
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (x[mid] <= p) lo = mid;
		else hi = mid;
	}
	const t = x[hi] === x[lo] ? 0 : (p - x[lo]) / (x[hi] - x[lo]);
	return y[lo] + t * (y[hi] - y[lo]);
}

/** The calibrated-confidence threshold below which about `share` of leads fall (0..1). */
export function thresholdForShare(model: Pick<LeadModel, 'shares'>, share: number): number {
	const table = model.shares;
	if (table.length === 0) return 0;
	let best = table[0];
	for (const row of table) if (Math.abs(row.share - share) < Math.abs(best.share - share)) best = row;
	return best.threshold;
}

function round6(x: number): number {
	return Math.round(x * 1e6) / 1e6;
}
