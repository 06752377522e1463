import { InputError } from '../errors';
import { readPath } from '../path';
import { cleanText, foldText, matchText } from '../text/clean';
import { ScanState } from '../text/literals';
import { compileRuleset, defaultRuleset, type CompiledRuleset, type CompiledSignal, type Ruleset, type SignalLabel } from './ruleset';
import { Disposition, Role, Stage, Track, type Classification, type Lead, type Reason } from './schema';

/** Rubric section 1 field names, in the order a lead lists them. */
export const LEAD_FIELDS = [
	'id',
	'name',
	'email',
	'company',
	'companySize',
	'message',
	'website',
	'budget',
	'timeline',
	'country',
	'source',
] as const satisfies ReadonlyArray<keyof Lead>;

/** Longest value kept for a short form field (the message has its own bound in `cleanText`). */
const MAX_FIELD_CHARS = 2_000;
/** Longest evidence excerpt shown in a reason. */
const MAX_EVIDENCE_CHARS = 120;

/**
 * Maps a form's own field names onto the rubric's lead fields. `mapping` says
 * where each rubric field lives in `input` (a dotted path such as
 * `fields.body` or `answers[2].text`); unmapped fields are read under their
 * rubric name. Numbers and booleans become strings; null/undefined are left out.
 *
 * @throws InputError naming the field when a value is an object or array.
 */
export function normaliseLead(
	input: Record<string, unknown>,
	mapping: Partial<Record<keyof Lead, string>> = {},
): Lead {
	if (input === null || typeof input !== 'object' || Array.isArray(input)) {
		throw new InputError('(root)', 'A lead must be a JSON object');
	}
	const lead: Lead = {};
	for (const field of LEAD_FIELDS) {
		const path = mapping[field]?.trim() || field;
		const value = readPath(input, path);
		if (value === undefined || value === null) continue;
		let text: string;
		if (typeof value === 'string') text = value;
		else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
		else {
			throw new InputError(
				path,
				`Field '${path}' (${field}) must be text, got ${Array.isArray(value) ? 'an array' : typeof value}`,
				mapping[field] ? `Check the mapping for '${field}'.` : undefined,
			);
		}
		// The message is bounded by cleanText; other fields are short by nature, so a huge one is junk.
		lead[field] = field === 'message' ? text : text.slice(0, MAX_FIELD_CHARS);
	}
	return lead;
}

/** Where the Lead Classifier puts the lead it read: normalised fields, the message cleaned. */
export const LEAD_FIELD = 'lead';

/** The lead a classification pass read, as the Lead Classifier emits it: the message is the cleaned author text. */
export function cleanedLead(lead: Lead, cleanedMessage: string): Lead {
	return { ...lead, message: cleanedMessage };
}

/**
 * Reads a lead from a record: the Lead Classifier's `lead` object when the
 * record carries one (already normalised and cleaned, so no field mapping
 * applies and nothing is cleaned again), else the record's own fields through
 * the mapping.
 */
export function leadFromRecord(
	record: Record<string, unknown>,
	mapping: Partial<Record<keyof Lead, string>> = {},
	leadField: string = LEAD_FIELD,
): { lead: Lead; cleaned: boolean } {
	const emitted = leadField === '' ? undefined : readPath(record, leadField);
	if (emitted !== null && typeof emitted === 'object' && !Array.isArray(emitted)) {
		return { lead: normaliseLead(emitted as Record<string, unknown>), cleaned: true };
	}
	return { lead: normaliseLead(record, mapping), cleaned: false };
}

/** One fired signal: the vote and the text that triggered it. */
export interface Hit {
	label: SignalLabel;
	signal: string;
	value: string;
	weight: number;
	evidence?: string;
}

/** The text views a signal can look at, folded for matching and original for evidence. */
interface Views {
	message: { folded: string; original: string };
	meta: { folded: string; original: string };
	all: { folded: string; original: string };
}

const WORD_RE = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * Classifies one lead by the rubric (section 2) with a versioned ruleset.
 * Deterministic: the same lead and ruleset always give the same verdict.
 * `now` is accepted for rules that depend on time (none in 1.0.0) so callers
 * never need to change when such rules arrive.
 *
 * Non-leads get `stage`, `track` and `primaryRole` null; leads always get a
 * best guess. Confidence is the margin between the best and second-best score
 * of each label, discounted when little text matched. Priority (0..100) adds
 * company size, budget, timeline, urgency and clarity; non-leads get the
 * ruleset's fixed low priority.
 */
export function classifyLead(
	lead: Lead,
	ruleset: Ruleset = defaultRuleset,
	now: Date = new Date(),
	/** A disposition decided elsewhere (an LLM verdict): the rest is computed for it. */
	override?: { disposition?: Disposition },
): Classification {
	return analyseLead(lead, ruleset, now, override).classification;
}

/** A rules verdict with what the learned classifier and priority need from the same pass. */
export interface LeadAnalysis {
	classification: Classification;
	/** Every signal that fired (all labels), before reasons are filtered for the verdict. */
	hits: Hit[];
	/** The cleaned author text and its link count. */
	message: string;
	links: number;
	/** Summed `priority` signal points. */
	priorityScores: Map<string, number>;
	/** Signals that decide a label outright when they fire (ruleset `force`). */
	forced: Partial<Record<'disposition' | 'stage' | 'track' | 'primaryRole', { value: string; signal: string; evidence?: string }>>;
}

/** {@link classifyLead} with the pieces of its one pass kept (see {@link LeadAnalysis}). */
export function analyseLead(
	lead: Lead,
	ruleset: Ruleset = defaultRuleset,
	now: Date = new Date(),
	override?: { disposition?: Disposition },
): LeadAnalysis {
	void now;
	const compiled = compileRuleset(ruleset);
	const { thresholds } = ruleset;
	const rawMessage = typeof lead.message === 'string' ? lead.message : '';
	const { text: message, links } = cleanText(rawMessage);
	const views = buildViews(lead, message);

	const scores: Record<SignalLabel, Map<string, number>> = {
		disposition: new Map(),
		stage: new Map(),
		track: new Map(),
		primaryRole: new Map(),
		priority: new Map(),
	};
	const hits: Hit[] = [];
	const vote = (hit: Hit): void => {
		const table = scores[hit.label];
		table.set(hit.value, (table.get(hit.value) ?? 0) + hit.weight);
		hits.push(hit);
	};

	// One pass per view finds the literals the signals need; a signal none of whose literals occur cannot match.
	const inMessage = scanView(compiled, 0, views.message.folded);
	const inMeta = scanView(compiled, 1, views.meta.folded);
	for (const signal of compiled.signals) {
		const view = views[signal.field];
		if (view.folded === '') continue;
		const scan = signal.field === 'message' ? inMessage : signal.field === 'meta' ? inMeta : null;
		let match: RegExpExecArray | null = null;
		for (const branch of signal.branches) {
			if (scan) {
				if (!isOpen(branch.gate, scan.found)) continue;
				match = branch.sticky && branch.leading ? scan.execAt(branch.sticky, view.folded, branch.leading) : branch.re.exec(view.folded);
			} else {
				// `all` = message + meta: offsets differ from either scan, so run the plain regex.
				if (!isOpen(branch.gate, inMessage.found) && !isOpen(branch.gate, inMeta.found)) continue;
				match = branch.re.exec(view.folded);
			}
			if (match) break;
		}
		if (!match) continue;
		const evidence = excerpt(view, match.index, match[0].length);
		fire(signal, evidence, vote);
	}

	// Computed features: things a regex cannot say well.
	const words = message.match(WORD_RE) ?? [];
	if (links >= thresholds.maxLinks) {
		vote({ label: 'disposition', signal: 'spam.links', value: 'spam', weight: thresholds.linkSpamWeight, evidence: `${links} links` });
	}
	if (words.length >= thresholds.gibberishMinWords && !words.some((w) => compiled.stopwords.has(foldText(w)))) {
		vote({
			label: 'disposition',
			signal: 'spam.gibberish',
			value: 'spam',
			weight: thresholds.gibberishWeight,
			evidence: clip(message),
		});
	}

	// Disposition: the best-scoring value; nothing recognisable at all means spam (rubric: gibberish, empty, only links).
	const dispositionScores = scores.disposition;
	let disposition: Disposition;
	let fallback = false;
	const bestNonSpam = best(dispositionScores, ['lead', 'job_seeker', 'vendor']);
	const spamScore = dispositionScores.get('spam') ?? 0;
	if (words.length === 0 || bestNonSpam.score < thresholds.minDispositionScore) {
		disposition = 'spam';
		if (spamScore <= 0) {
			fallback = true;
			hits.push({
				label: 'disposition',
				signal: words.length === 0 ? 'spam.empty' : 'spam.no_signal',
				value: 'spam',
				weight: 0,
				evidence: words.length === 0 ? undefined : clip(message),
			});
		}
	} else {
		disposition = best(dispositionScores, Disposition.options).value as Disposition;
	}
	if (override?.disposition && override.disposition !== disposition) {
		disposition = override.disposition;
		fallback = false;
	}

	let stage: Stage | null = null;
	let track: Track | null = null;
	let primaryRole: Role | null = null;
	let confidence: number;
	const dispositionConfidence = fallback
		? thresholds.fallbackConfidence
		: labelConfidence(dispositionScores, Disposition.options, disposition, ruleset);

	if (disposition === 'lead') {
		stage = pick(scores.stage, Stage.options, ruleset.defaults.stage) as Stage;
		track = pick(scores.track, Track.options, ruleset.defaults.trackByStage?.[stage] ?? ruleset.defaults.track) as Track;
		// Rubric: consultant track is always staffed by an ai_consultant; otherwise the engineering role the build needs.
		const engineeringRoles = Role.options.filter((r) => r !== 'ai_consultant');
		primaryRole =
			track === 'consultant'
				? 'ai_consultant'
				: (pick(scores.primaryRole, engineeringRoles, ruleset.defaults.primaryRole) as Role);
		const stageC = labelConfidence(scores.stage, Stage.options, stage, ruleset);
		const trackC = labelConfidence(scores.track, Track.options, track, ruleset);
		const roleC =
			track === 'consultant' ? trackC : labelConfidence(scores.primaryRole, engineeringRoles, primaryRole, ruleset);
		confidence = 0.4 * dispositionConfidence + 0.2 * stageC + 0.2 * trackC + 0.2 * roleC;
	} else {
		confidence = dispositionConfidence;
	}
	confidence = Math.round(Math.min(0.99, Math.max(0.01, confidence)) * 1000) / 1000;

	const signalHits = hits.slice();
	const priority = computePriority(lead, disposition, confidence, scores.priority, hits, ruleset);

	const reasons = buildReasons(hits, disposition, { stage, track, primaryRole });
	const forced: LeadAnalysis['forced'] = {};
	for (const hit of signalHits) {
		if (hit.label !== 'priority' && compiled.forced.has(hit.signal) && !forced[hit.label]) {
			forced[hit.label] = { value: hit.value, signal: hit.signal, evidence: hit.evidence };
		}
	}
	return {
		classification: {
			disposition,
			stage,
			track,
			primaryRole,
			confidence,
			priority,
			reasons,
			rulesetVersion: ruleset.version,
			method: 'rules',
		},
		hits: signalHits,
		message,
		links,
		priorityScores: scores.priority,
		forced,
	};
}

/** Priority (0..100) and its reasons for a verdict reached elsewhere (the model, the LLM), from the rules' pass. */
export function priorityFor(
	lead: Lead,
	analysis: LeadAnalysis,
	disposition: Disposition,
	confidence: number,
	ruleset: Ruleset = defaultRuleset,
): { priority: number; reasons: Reason[] } {
	const hits: Hit[] = analysis.hits.filter((h) => h.label === 'priority');
	const priority = computePriority(lead, disposition, confidence, analysis.priorityScores, hits, ruleset);
	return { priority, reasons: disposition === 'lead' ? toReasons(hits) : [] };
}

/** Scratch scan states per compiled ruleset (classification is synchronous, so reuse is safe). */
const scratch = new WeakMap<CompiledRuleset, [ScanState, ScanState]>();

/** One literal scan of a view, into reusable state slot `slot`. */
function scanView(compiled: CompiledRuleset, slot: 0 | 1, text: string): ScanState {
	let states = scratch.get(compiled);
	if (!states) {
		states = [new ScanState(compiled.literals.size), new ScanState(compiled.literals.size)];
		scratch.set(compiled, states);
	}
	const state = states[slot];
	state.reset();
	if (text !== '') compiled.literals.scan(text, state);
	return state;
}

/** A branch may match only when it has no gate or one of its gate literals occurred. */
function isOpen(gate: number[] | null, found: Uint8Array): boolean {
	if (gate === null) return true;
	for (let i = 0; i < gate.length; i++) if (found[gate[i]] === 1) return true;
	return false;
}

function fire(signal: CompiledSignal, evidence: string, vote: (hit: Hit) => void): void {
	vote({ label: signal.label, signal: signal.name, value: signal.value, weight: signal.weight, evidence });
	for (const extra of signal.also) {
		vote({ label: extra.label, signal: signal.name, value: extra.value, weight: extra.weight, evidence });
	}
}

function buildViews(lead: Lead, message: string): Views {
	const metaParts: string[] = [];
	for (const field of ['name', 'email', 'company', 'website', 'source', 'budget', 'timeline'] as const) {
		const value = lead[field];
		// Short fields: a bounded slice with whitespace collapsed is enough (no HTML parsing needed).
		if (typeof value === 'string' && value.trim() !== '') metaParts.push(value.slice(0, 500).replace(/\s+/g, ' ').trim());
	}
	const meta = metaParts.join(' | ');
	const foldedMessage = matchText(message);
	const foldedMeta = matchText(meta);
	return {
		message: { folded: foldedMessage, original: message },
		meta: { folded: foldedMeta, original: meta },
		all:
			meta === ''
				? { folded: foldedMessage, original: message }
				: { folded: `${foldedMessage}\n${foldedMeta}`, original: `${message}\n${meta}` },
	};
}

/** The matched excerpt, from the original text when folding kept offsets (it almost always does). */
function excerpt(view: { folded: string; original: string }, index: number, length: number): string {
	const source = view.folded.length === view.original.length ? view.original : view.folded;
	return clip(source.slice(index, index + length).replace(/\s+/g, ' ').trim());
}

function clip(text: string): string {
	return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : text;
}

function best(table: Map<string, number>, options: readonly string[]): { value: string; score: number } {
	let value = options[0];
	let score = -Infinity;
	for (const option of options) {
		const s = table.get(option) ?? 0;
		if (s > score) {
			score = s;
			value = option;
		}
	}
	return { value, score };
}

/** The best-scoring option with a positive score, else the ruleset's default. Ties go to the option listed first. */
function pick(table: Map<string, number>, options: readonly string[], fallback: string): string {
	const top = best(table, options);
	return top.score > 0 ? top.value : fallback;
}

/**
 * Confidence of one label: the margin between the chosen value's score and the
 * runner-up's, mapped onto (floor..1) with `confidenceSoftness`, then
 * discounted when the total evidence behind the label is thin.
 */
function labelConfidence(table: Map<string, number>, options: readonly string[], chosen: string, ruleset: Ruleset): number {
	const { confidenceSoftness, fullEvidenceWeight } = ruleset.thresholds;
	const floor = 1 / options.length;
	const chosenScore = Math.max(0, table.get(chosen) ?? 0);
	let runnerUp = 0;
	let total = 0;
	for (const option of options) {
		const s = Math.max(0, table.get(option) ?? 0);
		total += s;
		if (option !== chosen && s > runnerUp) runnerUp = s;
	}
	const margin = Math.max(0, chosenScore - runnerUp);
	const separation = margin / (margin + confidenceSoftness);
	const coverage = Math.min(1, 0.5 + total / (2 * fullEvidenceWeight));
	return (floor + (1 - floor) * separation) * coverage + floor * (1 - coverage) * 0.5;
}

/** Rubric: priority weighs company size, urgency/budget/timeline signals and clarity of the ask. */
function computePriority(
	lead: Lead,
	disposition: Disposition,
	confidence: number,
	signalScores: Map<string, number>,
	hits: Hit[],
	ruleset: Ruleset,
): number {
	const p = ruleset.priority;
	if (disposition !== 'lead') return p.nonLead[disposition];
	let total = p.base;
	const bucket = sizeBucket(lead.companySize);
	const sizePoints = bucket ? p.companySize[bucket] : p.companySize.missing;
	total += sizePoints;
	hits.push({ label: 'priority', signal: 'priority.companySize', value: bucket ?? 'missing', weight: sizePoints, evidence: lead.companySize });
	const budget = lead.budget?.trim();
	if (budget) {
		const amount = budgetInThousands(budget);
		let tierPoints = 0;
		for (const tier of p.budgetTiers) if (amount !== null && amount >= tier.min && tier.points > tierPoints) tierPoints = tier.points;
		const points = p.budgetPresent + tierPoints;
		total += points;
		hits.push({ label: 'priority', signal: 'priority.budget', value: 'budget', weight: points, evidence: clip(budget) });
	}
	if (lead.timeline?.trim()) {
		total += p.timelinePresent;
		hits.push({ label: 'priority', signal: 'priority.timeline', value: 'timeline', weight: p.timelinePresent, evidence: clip(lead.timeline.trim()) });
	}
	for (const value of signalScores.values()) total += value;
	const clarity = Math.round(p.clarity * confidence);
	total += clarity;
	hits.push({ label: 'priority', signal: 'priority.clarity', value: 'clarity', weight: clarity });
	return Math.max(0, Math.min(100, Math.round(total)));
}

/** Maps the form's company-size value (or a head count) onto the rubric's buckets. */
export function sizeBucket(value: string | undefined): 'Less than 10' | '10-50' | '50-250' | '250+' | null {
	if (!value) return null;
	const v = value.trim().toLowerCase().replace(/\s+/g, '');
	if (v === '') return null;
	if (v === 'lessthan10' || v === '<10' || v === '1-10' || v === '1-9') return 'Less than 10';
	if (v === '10-50' || v === '11-50') return '10-50';
	if (v === '50-250' || v === '51-250' || v === '51-200') return '50-250';
	if (v === '250+' || v === '>250' || v.endsWith('+') || v === '1000+') {
		const n = parseInt(v, 10);
		if (Number.isFinite(n) && n < 250) return n < 10 ? 'Less than 10' : n < 50 ? '10-50' : '50-250';
		return '250+';
	}
	const numbers = v.match(/\d+/g);
	if (!numbers) return null;
	const n = Math.max(...numbers.map((x) => parseInt(x, 10)));
	if (n < 10) return 'Less than 10';
	if (n <= 50) return '10-50';
	if (n <= 250) return '50-250';
	return '250+';
}

/**
 * Reads an amount from a free-text budget ("$80k-120k", "€60-90k", "£600/day",
 * "$5k/month", "Under $5k") in thousands of the stated currency, the larger
 * end of a range, scaled for day/month/hour rates to a typical engagement.
 */
export function budgetInThousands(budget: string): number | null {
	const text = budget.toLowerCase().replace(/,(?=\d{3}\b)/g, '');
	const re = /(\d+(?:\.\d+)?)\s*(k|m|mm|million|thousand)?/g;
	let max: number | null = null;
	let lastUnit = '';
	const found: Array<{ n: number; unit: string }> = [];
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) !== null && found.length < 10) found.push({ n: parseFloat(m[1]), unit: m[2] ?? '' });
	// In "80k-120k" or "60-90k" the unit of the last number applies to the bare ones before it.
	for (let i = found.length - 1; i >= 0; i--) {
		if (found[i].unit) lastUnit = found[i].unit;
		else if (lastUnit && found[i].n < 1000) found[i].unit = lastUnit;
	}
	for (const { n, unit } of found) {
		let value = n;
		if (unit === 'k' || unit === 'thousand') value = n;
		else if (unit === 'm' || unit === 'mm' || unit === 'million') value = n * 1000;
		else value = n / 1000;
		if (max === null || value > max) max = value;
	}
	if (max === null) return null;
	if (/\/\s*(day|d)\b|per\s+day|a\s+day|daily|day\s+rate/.test(text)) max *= 60;
	else if (/\/\s*(month|mo)\b|per\s+month|a\s+month|monthly/.test(text)) max *= 6;
	else if (/\/\s*(hour|hr|h)\b|per\s+hour|hourly/.test(text)) max *= 500;
	return max;
}

const LABEL_ORDER: Record<string, number> = { disposition: 0, stage: 1, track: 2, primaryRole: 3, priority: 4 };

/**
 * The reasons shown with a verdict: every disposition signal that fired (for and
 * against), and for leads the signals behind stage, track, role and priority.
 * Ordered by label, then by weight (strongest first), then by name: deterministic.
 */
function buildReasons(
	hits: Hit[],
	disposition: Disposition,
	labels: { stage: Stage | null; track: Track | null; primaryRole: Role | null },
): Reason[] {
	const keep = hits.filter((h) => {
		if (h.label === 'disposition') return true;
		if (disposition !== 'lead') return false;
		if (h.label === 'primaryRole' && labels.track === 'consultant') return false;
		return true;
	});
	if (disposition === 'lead' && labels.track === 'consultant') {
		keep.push({ label: 'primaryRole', signal: 'rubric.consultant_track', value: 'ai_consultant', weight: 0 });
	}
	keep.sort(
		(a, b) =>
			LABEL_ORDER[a.label] - LABEL_ORDER[b.label] ||
			b.weight - a.weight ||
			(a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : 0) ||
			(a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
	);
	return toReasons(keep);
}

function toReasons(hits: Hit[]): Reason[] {
	return hits.map((h) => {
		const reason: Reason = { label: h.label, signal: h.signal, value: h.value, weight: h.weight };
		if (h.evidence !== undefined && h.evidence !== '') reason.evidence = h.evidence;
		return reason;
	});
}

/** Classifies a raw form object: {@link normaliseLead} then {@link classifyLead}. */
export function classifyRecord(
	input: Record<string, unknown>,
	options: { ruleset?: Ruleset; mapping?: Partial<Record<keyof Lead, string>>; now?: Date } = {},
): Classification {
	return classifyLead(normaliseLead(input, options.mapping), options.ruleset, options.now);
}

