import type { Hit, LeadAnalysis } from '../lead/classify';
import { sizeBucket } from '../lead/classify';
import type { Lead, Reason } from '../lead/schema';
import { matchText } from '../text/clean';
import { featureText, featurize, FEATURE_KINDS, type FeatureInput, type FeatureVector } from './features';
import { calibrate, HEAD_CLASSES, HEADS, PACKED_OFFSET, PACKED_STRIDE, packModel, softmax, type HeadName, type LeadModel } from './model';

/** Free-mail domains: a person writing from one is more often an individual (job seeker, freelancer). */
const FREE_MAIL = new Set([
	'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.es', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr',
	'hotmail.es', 'hotmail.it', 'outlook.com', 'outlook.es', 'live.com', 'msn.com', 'icloud.com', 'me.com', 'aol.com', 'proton.me',
	'protonmail.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 't-online.de', 'freenet.de', 'orange.fr', 'free.fr', 'laposte.net',
	'sfr.fr', 'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'sapo.pt', 'wp.pl',
	'o2.pl', 'onet.pl', 'interia.pl', 'ziggo.nl', 'kpnmail.nl', 'mail.ru', 'yandex.ru', 'yandex.com', 'qq.com', '163.com', 'fastmail.com',
]);

/** The featuriser's input for one lead: its matched text and language-independent signals from the rules' pass. */
export function leadFeatureInput(lead: Lead, analysis: Pick<LeadAnalysis, 'hits' | 'message' | 'links' | 'classification'>): FeatureInput {
	const signals: string[] = [];
	const seen = new Set<string>();
	for (const hit of analysis.hits) {
		if (hit.label === 'priority') continue;
		const name = `sig:${hit.signal}`;
		if (!seen.has(name)) {
			seen.add(name);
			signals.push(name);
		}
	}
	const rules = analysis.classification;
	signals.push(`rule:d=${rules.disposition}`);
	if (rules.disposition === 'lead') signals.push(`rule:s=${rules.stage}`, `rule:t=${rules.track}`, `rule:r=${rules.primaryRole}`);
	signals.push(`size:${sizeBucket(lead.companySize) ?? 'missing'}`);
	if (lead.budget?.trim()) signals.push('budget');
	if (lead.timeline?.trim()) signals.push('timeline');
	if (lead.website?.trim()) signals.push('website');
	if (!lead.company?.trim()) signals.push('company:none');
	const domain = lead.email?.split('@')[1]?.trim().toLowerCase();
	signals.push(domain ? (FREE_MAIL.has(domain) ? 'email:free' : 'email:company') : 'email:none');
	const links = analysis.links;
	signals.push(`links:${links === 0 ? '0' : links === 1 ? '1' : links <= 3 ? 'few' : 'many'}`);
	const words = analysis.message.length === 0 ? 0 : analysis.message.split(/\s+/).length;
	signals.push(`len:${words === 0 ? '0' : words < 8 ? 'xs' : words < 30 ? 's' : words < 100 ? 'm' : words < 250 ? 'l' : 'xl'}`);
	return { text: matchText(analysis.message), signals };
}

export interface ModelVerdict {
	labels: { disposition: string; stage: string | null; track: string | null; primaryRole: string | null };
	/** Per-head class probabilities. */
	probabilities: Record<HeadName, Record<string, number>>;
	/** The model's own joint probability of its labels, before calibration. */
	joint: number;
	/** Calibrated probability that every label is right. */
	confidence: number;
	reasons: Reason[];
}

/** Extra logit per head and class, e.g. from a user's ruleset signals the model never saw. */
export type LogitBoosts = Partial<Record<HeadName, Record<string, number>>>;

/** Weight of one ruleset point as a logit, for user signals the model never learned. */
export const RULE_POINT_LOGIT = 0.5;

/**
 * Decides the four labels from the model: disposition first; for leads the
 * stage, the track, and the engineering role (track consultant forces
 * `ai_consultant`, rubric section 2). Confidence is the calibrated
 * probability that all labels are right.
 */
export function predictLead(model: LeadModel, input: FeatureInput, boosts: LogitBoosts = {}, explain = 4): ModelVerdict {
	const packed = (model.packed ??= packModel(model));
	const vector = featurize(input, { bits: model.bits, idf: packed, idfStride: PACKED_STRIDE, charMin: model.charMin, charMax: model.charMax });
	// All heads in one pass over the features: one packed row per feature.
	const scores = new Float64Array(PACKED_STRIDE);
	for (let i = 0; i < vector.length; i++) {
		const base = vector.index[i] * PACKED_STRIDE;
		const x = vector.value[i];
		for (let k = 1; k < 15; k++) scores[k] += packed[base + k] * x;
	}
	const probabilities = {} as ModelVerdict['probabilities'];
	const chosen = {} as Record<HeadName, number>;
	/** The chosen class's probability per head, unrounded (the joint is computed from these). */
	const top = {} as Record<HeadName, number>;
	for (const name of HEADS) {
		const head = model.heads[name];
		const c = head.classes.length;
		const logits = new Float64Array(c);
		for (let k = 0; k < c; k++) logits[k] = scores[PACKED_OFFSET[name] + k] + head.bias[k];
		const boost = boosts[name];
		if (boost) head.classes.forEach((cl, k) => (logits[k] += boost[cl] ?? 0));
		const p = softmax(logits);
		let best = 0;
		for (let k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
		chosen[name] = best;
		top[name] = p[best];
		probabilities[name] = Object.fromEntries(head.classes.map((cl, k) => [cl, round3(p[k])]));
	}
	const cls = (name: HeadName): string => model.heads[name].classes[chosen[name]];
	const disposition = cls('disposition');
	let joint = top.disposition;
	let labels: ModelVerdict['labels'] = { disposition, stage: null, track: null, primaryRole: null };
	if (disposition === 'lead') {
		const track = cls('track');
		const primaryRole = track === 'consultant' ? 'ai_consultant' : cls('primaryRole');
		labels = { disposition, stage: cls('stage'), track, primaryRole };
		joint *= top.stage * top.track * (track === 'consultant' ? 1 : top.primaryRole);
	}
	const reasons = explain > 0 ? explainVerdict(model, vector, labels, explain) : [];
	return { labels, probabilities, joint, confidence: round3(calibrate(model, joint)), reasons };
}

/**
 * The features that pushed each label: contribution = value × (weight for the
 * chosen class − mean weight over the head's classes), strongest first, with
 * the words or signal they stand for.
 */
function explainVerdict(model: LeadModel, v: FeatureVector, labels: ModelVerdict['labels'], top: number): Reason[] {
	const reasons: Reason[] = [];
	for (const name of HEADS) {
		const value = labels[name];
		if (value === null) continue;
		if (name === 'primaryRole' && labels.track === 'consultant') {
			reasons.push({ label: name, signal: 'rubric.consultant_track', value, weight: 0 });
			continue;
		}
		const head = model.heads[name];
		const c = head.classes.length;
		const k = head.classes.indexOf(value);
		const offset = PACKED_OFFSET[name];
		const packed = model.packed!;
		// Contributions per source (a word's char n-grams add up to the word): numeric keys, text only for the winners.
		const bySource = new Map<number, { i: number; weight: number }>();
		for (let i = 0; i < v.length; i++) {
			const base = v.index[i] * PACKED_STRIDE + offset;
			let mean = 0;
			for (let j = 0; j < c; j++) mean += packed[base + j];
			const contribution = v.value[i] * (packed[base + k] - mean / c);
			if (contribution <= 0) continue;
			// Words and their character n-grams share a key; bigrams and signals have their own.
			const group = v.kind[i] === 1 ? 1 : v.kind[i] === 3 ? 2 : 0;
			const key = group * 1_000_000 + v.source[i] + 500_000;
			const entry = bySource.get(key);
			if (entry) {
				entry.weight += contribution;
				if (v.kind[i] === 0) entry.i = i;
			} else bySource.set(key, { i, weight: contribution });
		}
		const ranked = [...bySource.values()].sort((a, b) => b.weight - a.weight || a.i - b.i).slice(0, top);
		for (const { i, weight } of ranked) {
			const kind = FEATURE_KINDS[v.kind[i]];
			const shown = kind === 'chars' ? 'word' : kind;
			const text = featureText(v, i);
			reasons.push({ label: name, signal: shown === 'signal' ? `model.${text}` : `model.${shown}`, value, evidence: text, weight: round3(weight) });
		}
	}
	return reasons;
}

/** Logit boosts from ruleset signals the bundled model does not know (a user's own rules): each point is {@link RULE_POINT_LOGIT}. */
export function boostsFrom(hits: Hit[], known: ReadonlySet<string>): LogitBoosts {
	const boosts: LogitBoosts = {};
	for (const hit of hits) {
		if (hit.label === 'priority' || known.has(signalKey(hit.signal, hit.weight, hit.value))) continue;
		const head = hit.label as HeadName;
		if (!HEAD_CLASSES[head].includes(hit.value)) continue;
		const table = (boosts[head] ??= {});
		table[hit.value] = (table[hit.value] ?? 0) + hit.weight * RULE_POINT_LOGIT;
	}
	return boosts;
}

/** Identifies a signal vote as the bundled ruleset casts it: a changed weight or value is the user's own. */
export function signalKey(name: string, weight: number, value: string): string {
	return `${name}\u0000${value}\u0000${weight}`;
}

function round3(x: number): number {
	return Math.round(x * 1000) / 1000;
}
