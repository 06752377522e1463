import { z } from 'zod';
import { InputError, formatIssuePath } from '../errors';
import { LiteralMatcher, leadingLiterals, lowercasePattern, requiredLiterals, splitTopLevel } from '../text/literals';
import { Disposition, Role, Stage, Track } from './schema';
// Not named ruleset.json: Node/ts-node would resolve './ruleset' to the JSON file before this module.
import defaultRulesetJson from './default-ruleset.json';

/**
 * The Lead Classifier's rules as versioned data (rubric section 2). Signals are
 * regex sources or keyword lists matched against the accent-folded, lowercased
 * text of a lead; each votes for one value of one label with a weight. The
 * classifier adds the votes up, so a ruleset can be tuned or replaced without
 * touching code.
 *
 * Pattern authoring rules (checked by {@link parseRuleset}):
 * - patterns run on lowercased text with accents removed ("développer" is seen as
 *   "developper"); accents in a pattern are removed the same way when it is compiled,
 *   and the `i` flag is set, so authors may write either form;
 * - patterns are compiled without the `u` flag (so `\b` is ASCII-only: fine after folding);
 * - avoid nested quantifiers; bound gaps with `{0,N}`: messages are capped at 20,000 chars
 *   but a ruleset runs on every lead.
 */

/** The labels a signal can vote on. `priority` signals add points to the 0..100 priority. */
export const SignalLabel = z.enum(['disposition', 'stage', 'track', 'primaryRole', 'priority']);
export type SignalLabel = z.infer<typeof SignalLabel>;

/** Where a signal looks: the cleaned message, the other form fields, or both. */
export const SignalField = z.enum(['message', 'meta', 'all']);
export type SignalField = z.infer<typeof SignalField>;

/** An extra vote cast by the same match on another label (e.g. research wording votes track `engineer`). */
export const AlsoVote = z.object({
	label: SignalLabel,
	value: z.string().min(1),
	weight: z.number().finite(),
});
export type AlsoVote = z.infer<typeof AlsoVote>;

export const Signal = z
	.object({
		/** Stable name shown in reasons, e.g. `job_seeker.cv`. */
		name: z.string().min(1).max(100),
		/** The label value this signal votes for. */
		value: z.string().min(1),
		/** Added to the value's score when the signal fires (negative weights argue against). */
		weight: z.number().finite(),
		/** Regex sources, OR-ed together. */
		patterns: z.array(z.string().min(1).max(4000)).optional(),
		/** Literal phrases, matched as whole words. */
		keywords: z.array(z.string().min(1).max(200)).optional(),
		field: SignalField.default('message'),
		also: z.array(AlsoVote).optional(),
		/** Why the signal exists (free text, for people editing the ruleset). */
		note: z.string().optional(),
		/** When it fires, the label is `value` whatever the learned model says (e.g. a house rule). */
		force: z.boolean().optional(),
	})
	.strict();
export type Signal = z.infer<typeof Signal>;

/** The values each label's signals may vote for (`priority` signals name free-form components). */
const LABEL_VALUES: Record<SignalLabel, readonly string[]> = {
	disposition: Disposition.options,
	stage: Stage.options,
	track: Track.options,
	primaryRole: Role.options,
	priority: [],
};

const PriorityTier = z.object({ min: z.number().finite(), points: z.number().finite() }).strict();

export const Ruleset = z
	.object({
		version: z.string().min(1),
		description: z.string().optional(),
		signals: z
			.object({
				disposition: z.array(Signal),
				stage: z.array(Signal),
				track: z.array(Signal),
				primaryRole: z.array(Signal),
				priority: z.array(Signal),
			})
			.strict(),
		/** Best guesses when no signal for a label fired (rubric: a lead always gets a stage, track and role). */
		defaults: z
			.object({
				stage: Stage,
				track: Track,
				primaryRole: Role,
				/**
				 * Track when no track signal fired, by stage: an early organisation that asks for
				 * nothing buildable wants strategy (rubric: consultant), later ones a scoped build.
				 */
				trackByStage: z.object({ early: Track, growth: Track, scale: Track }).strict().optional(),
			})
			.strict(),
		priority: z
			.object({
				base: z.number().finite(),
				/** Points per company size bucket (rubric section 1 choices). */
				companySize: z
					.object({
						'Less than 10': z.number().finite(),
						'10-50': z.number().finite(),
						'50-250': z.number().finite(),
						'250+': z.number().finite(),
						missing: z.number().finite(),
					})
					.strict(),
				budgetPresent: z.number().finite(),
				/** Points by the budget's amount in thousands (currency-agnostic), highest matching `min` wins. */
				budgetTiers: z.array(PriorityTier),
				timelinePresent: z.number().finite(),
				/** Points scaled by the verdict's confidence: a clear ask is worth more. */
				clarity: z.number().finite(),
				/** Fixed priority for non-leads. */
				nonLead: z
					.object({
						job_seeker: z.number().int().min(0).max(100),
						vendor: z.number().int().min(0).max(100),
						spam: z.number().int().min(0).max(100),
					})
					.strict(),
			})
			.strict(),
		thresholds: z
			.object({
				/** Below this best non-spam disposition score, the message is treated as spam (no usable signal). */
				minDispositionScore: z.number().finite(),
				/** Margin at which a label's confidence reaches 3/4 of the way from its floor to 1. */
				confidenceSoftness: z.number().positive(),
				/** Total weight of fired signals at which confidence is no longer discounted for thin evidence. */
				fullEvidenceWeight: z.number().positive(),
				/** Confidence given to the spam fallback (nothing recognisable in the message). */
				fallbackConfidence: z.number().min(0).max(1),
				/** Links in the raw message at or above which the `spam.links` feature fires. */
				maxLinks: z.number().int().positive(),
				linkSpamWeight: z.number().finite(),
				/** Gibberish: at least `minWords` words and none of them a common function word. */
				gibberishMinWords: z.number().int().positive(),
				gibberishWeight: z.number().finite(),
				stopwords: z.array(z.string().min(1)),
			})
			.strict(),
	})
	.strict()
	.superRefine((rs, ctx) => {
		const allowed = LABEL_VALUES;
		for (const label of SignalLabel.options) {
			const seen = new Set<string>();
			rs.signals[label].forEach((signal, i) => {
				const path = ['signals', label, i];
				if (!signal.patterns?.length && !signal.keywords?.length) {
					ctx.addIssue({ code: 'custom', path: [...path, 'patterns'], message: 'needs patterns or keywords' });
				}
				if (label !== 'priority' && !allowed[label].includes(signal.value)) {
					ctx.addIssue({
						code: 'custom',
						path: [...path, 'value'],
						message: `must be one of ${allowed[label].join(', ')}`,
					});
				}
				if (seen.has(signal.name)) {
					ctx.addIssue({ code: 'custom', path: [...path, 'name'], message: `duplicate signal name '${signal.name}'` });
				}
				seen.add(signal.name);
				signal.also?.forEach((vote, j) => {
					if (vote.label !== 'priority' && !allowed[vote.label].includes(vote.value)) {
						ctx.addIssue({
							code: 'custom',
							path: [...path, 'also', j, 'value'],
							message: `must be one of ${allowed[vote.label].join(', ')}`,
						});
					}
				});
			});
		}
	});
export type Ruleset = z.infer<typeof Ruleset>;

/** One signal ready to run: its regex compiled once per ruleset. */
export interface CompiledSignal {
	label: SignalLabel;
	name: string;
	value: string;
	weight: number;
	field: SignalField;
	/** The signal's top-level alternatives, each run only when its gate is open; the first that matches fires. */
	branches: CompiledBranch[];
	also: AlsoVote[];
}

/** One top-level alternative of a signal's patterns. */
export interface CompiledBranch {
	/** Position in `CompiledRuleset.branchCount` order, for the literal postings. */
	index: number;
	re: RegExp;
	/** Ids (in `CompiledRuleset.literals`) of which at least one must occur for `re` to match; null: always run. */
	gate: number[] | null;
	/**
	 * When every match starts with one of the gate literals: the same regex with the sticky
	 * flag, tried only where those literals occur (same leftmost match, a fraction of the work).
	 */
	sticky: RegExp | null;
	/** Ids of the literals every match starts with (positions for `sticky`). */
	leading: number[] | null;
}

export interface CompiledRuleset {
	signals: CompiledSignal[];
	stopwords: Set<string>;
	/** Finds the gate literals in a folded text in one pass. */
	literals: LiteralMatcher;
	branchCount: number;
	/** Names of the signals that force their label when they fire. */
	forced: Set<string>;
}

/**
 * Validates a ruleset (a parsed JSON value) and compiles every pattern once,
 * so a bad regex is reported when the ruleset is loaded, not on the first lead.
 *
 * @throws InputError whose `field` is the offending path, e.g. `signals.disposition[3].patterns[0]`.
 */
export function parseRuleset(json: unknown): Ruleset {
	const parsed = Ruleset.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = formatIssuePath(issue.path);
		throw new InputError(field, `Invalid ruleset at ${field}: ${issue.message}`);
	}
	compileRuleset(parsed.data);
	return parsed.data;
}

/**
 * Applies a partial override to a ruleset. Documented semantics:
 * - a signal whose `name` exists in the base replaces it (set `weight: 0` to switch one off);
 *   other signals are appended to their label's list;
 * - `defaults`, `priority` and `thresholds` keys are merged one level deep (`companySize`
 *   and `nonLead` two levels); arrays (`budgetTiers`, `stopwords`) replace the base's;
 * - `version` defaults to `<base version>+custom`.
 * To replace the whole ruleset instead, pass a complete ruleset to {@link parseRuleset}.
 *
 * @throws InputError naming the bad path when the merged result is not a valid ruleset.
 */
export function mergeRuleset(base: Ruleset, override: unknown): Ruleset {
	if (override === null || typeof override !== 'object' || Array.isArray(override)) {
		throw new InputError('(root)', 'Ruleset override must be a JSON object');
	}
	const o = override as Record<string, unknown>;
	const merged: Record<string, unknown> = { ...base, version: o.version ?? `${base.version}+custom` };
	if (o.description !== undefined) merged.description = o.description;
	if (o.signals !== undefined) {
		if (o.signals === null || typeof o.signals !== 'object' || Array.isArray(o.signals)) {
			throw new InputError('signals', 'Ruleset override: signals must be an object of label → signal list');
		}
		const signals: Record<string, unknown[]> = { ...base.signals };
		for (const [label, list] of Object.entries(o.signals as Record<string, unknown>)) {
			if (!Array.isArray(list)) throw new InputError(`signals.${label}`, 'Ruleset override: expected a list of signals');
			const current = [...((signals[label] as Signal[] | undefined) ?? [])] as unknown[];
			list.forEach((entry, j) => checkOverrideSignal(entry, label, `signals.${label}[${j}]`));
			for (const entry of list) {
				const name = (entry as { name?: unknown } | null)?.name;
				const at = current.findIndex((s) => (s as Signal).name === name);
				if (at >= 0) current[at] = entry;
				else current.push(entry);
			}
			signals[label] = current;
		}
		merged.signals = signals;
	}
	for (const key of ['defaults', 'priority', 'thresholds'] as const) {
		const patch = o[key];
		if (patch === undefined) continue;
		if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
			throw new InputError(key, `Ruleset override: ${key} must be an object`);
		}
		const next: Record<string, unknown> = { ...(base[key] as Record<string, unknown>) };
		for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
			const cur = next[k];
			next[k] =
				cur && typeof cur === 'object' && !Array.isArray(cur) && v && typeof v === 'object' && !Array.isArray(v)
					? { ...(cur as Record<string, unknown>), ...(v as Record<string, unknown>) }
					: v;
		}
		merged[key] = next;
	}
	for (const key of Object.keys(o)) {
		if (!['version', 'description', 'signals', 'defaults', 'priority', 'thresholds'].includes(key)) {
			throw new InputError(key, `Ruleset override: unknown key '${key}'`);
		}
	}
	return parseRuleset(merged);
}

/** Reports a bad override signal by its path in the override file, not in the merged ruleset. */
function checkOverrideSignal(entry: unknown, label: string, path: string): void {
	const parsed = Signal.safeParse(entry);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = `${path}${issue.path.length ? formatIssuePath(issue.path).replace(/^(?!\[)/, '.') : ''}`;
		throw new InputError(field, `Invalid ruleset at ${field}: ${issue.message}`);
	}
	const allowed = LABEL_VALUES[label as SignalLabel];
	if (allowed && allowed.length && !allowed.includes(parsed.data.value)) {
		throw new InputError(`${path}.value`, `Invalid ruleset at ${path}.value: must be one of ${allowed.join(', ')}`);
	}
	parsed.data.patterns?.forEach((source, j) => {
		try {
			new RegExp(foldPattern(source), 'i');
		} catch (e) {
			const field = `${path}.patterns[${j}]`;
			throw new InputError(field, `Invalid ruleset at ${field}: regex does not compile (${(e as Error).message})`);
		}
	});
}

const compiled = new WeakMap<Ruleset, CompiledRuleset>();

/** Strips accents from a pattern so it matches folded text (see `foldText`). */
function foldPattern(source: string): string {
	if (!/[\u0080-\uFFFF]/.test(source)) return source;
	return source
		.normalize('NFD')
		.replace(/[\u0300-\u036F]/g, '')
		.replace(/ß/g, 'ss');
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a validated ruleset (cached by object identity, so each ruleset's
 * regexes are built once however many leads it classifies).
 *
 * @throws InputError naming the pattern whose regex does not compile.
 */
export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
	const cached = compiled.get(ruleset);
	if (cached) return cached;
	const signals: CompiledSignal[] = [];
	const literalIds = new Map<string, number>();
	let branchCount = 0;
	for (const label of SignalLabel.options) {
		ruleset.signals[label].forEach((signal, i) => {
			const parts: string[] = [];
			signal.patterns?.forEach((source, j) => {
				const folded = foldPattern(source);
				try {
					new RegExp(folded, 'i');
				} catch (e) {
					const field = `signals.${label}[${i}].patterns[${j}]`;
					throw new InputError(field, `Invalid ruleset at ${field}: regex does not compile (${(e as Error).message})`);
				}
				// Each top-level alternative becomes its own regex with its own literal gate: most never run.
				parts.push(...splitTopLevel(folded));
			});
			if (signal.keywords?.length) {
				const words = signal.keywords.map((k) => escapeRegex(foldPattern(k.toLowerCase())).replace(/ /g, '\\s+'));
				// Whole-word match that also works for keywords ending in punctuation ("c++", "ci/cd").
				parts.push(`(?<![a-z0-9])(?:${words.join('|')})(?![a-z0-9])`);
			}
			const branches = parts.map((source): CompiledBranch => {
				try {
					// Text is lowercased before matching, so a lowercased pattern without the `i` flag is equivalent and faster.
					const lower = lowercasePattern(source);
					const leading = leadingLiterals(lower);
					// Single-character prefixes occur too often to be worth seeking; gate those branches instead.
					const gate = gateFor(lower, literalIds);
					if (leading !== null && leading.every((l) => l.length >= 2)) {
						return {
							index: branchCount++,
							re: new RegExp(lower),
							gate,
							leading: idsFor(leading, literalIds),
							sticky: new RegExp(lower, 'y'),
						};
					}
					return { index: branchCount++, re: new RegExp(lower), gate, leading: null, sticky: null };
				} catch (e) {
					const field = `signals.${label}[${i}]`;
					throw new InputError(field, `Invalid ruleset at ${field}: regex does not compile (${(e as Error).message})`);
				}
			});
			signals.push({
				label,
				name: signal.name,
				value: signal.value,
				weight: signal.weight,
				field: signal.field,
				branches,
				also: signal.also ?? [],
			});
		});
	}
	const result: CompiledRuleset = {
		signals,
		stopwords: new Set(ruleset.thresholds.stopwords.map((w) => w.toLowerCase())),
		literals: new LiteralMatcher([...literalIds.keys()]),
		branchCount,
		forced: new Set(SignalLabel.options.flatMap((label) => ruleset.signals[label].filter((sig) => sig.force).map((sig) => sig.name))),
	};
	compiled.set(ruleset, result);
	return result;
}

/** The gate of one signal: ids of the literals one of which every match contains (see core/text/literals). */
function gateFor(source: string, literalIds: Map<string, number>): number[] | null {
	// Single characters ("$", "<") still make good gates when nothing longer is required.
	const literals = requiredLiterals(source) ?? requiredLiterals(source, 1);
	if (literals === null) return null;
	return idsFor(literals, literalIds);
}

function idsFor(literals: string[], literalIds: Map<string, number>): number[] {
	return literals.map((literal) => {
		let id = literalIds.get(literal);
		if (id === undefined) {
			id = literalIds.size;
			literalIds.set(literal, id);
		}
		return id;
	});
}

/** The ruleset shipped with the package (`core/lead/default-ruleset.json`). */
export const defaultRuleset: Ruleset = parseRuleset(defaultRulesetJson);

const FULL_RULESET_KEYS = ['version', 'signals', 'defaults', 'priority', 'thresholds'] as const;

/**
 * A user's ruleset document, as the node's Ruleset Override and the CLI's
 * `--ruleset` take it: one with every top-level key replaces the bundled
 * ruleset; any other object is an override merged into it (a signal with a
 * built-in signal's name replaces it). Throws InputError naming the bad path.
 */
export function rulesetFromJson(json: unknown): Ruleset {
	const isFull =
		json !== null && typeof json === 'object' && !Array.isArray(json) && FULL_RULESET_KEYS.every((k) => k in json);
	return isFull ? parseRuleset(json) : mergeRuleset(defaultRuleset, json);
}
