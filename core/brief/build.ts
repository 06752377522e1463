/**
 * Builds the brief a routed lead becomes (rubric section 3), deterministically
 * from the lead, its classification and the template tables.
 */
import { InputError } from '../errors';
import type { Classification, Lead, Reason, Role } from '../lead/schema';
import type { Brief, PhaseGate } from './schema';
import { stackOf } from './stack';
import {
	CONSULTANT_DELIVERABLES,
	CONSULTANT_GATES,
	ENGINEER_DELIVERABLES,
	ENGINEER_GATES,
	FOCUS_EXTRAS,
	HANDOFF,
	HYBRID_CONSULTANT_DELIVERABLES,
	HYBRID_POC_PREFIX,
	SECONDARY_ROLE_SHARE,
	SYNC_CADENCE,
	TEMPLATE_VERSION,
	type GateTexts,
} from './templates';
import { plainText, problemFromPlain } from './text';

type EngineerRole = Exclude<Role, 'ai_consultant'>;

/** Rubric section 2: "everything else that is built" is ML engineering. */
const DEFAULT_ENGINEER_ROLE: EngineerRole = 'ml_engineer';

const FOCUS_REGEXES = FOCUS_EXTRAS.map((extra) => ({
	extra,
	regexes: extra.patterns.map((p) => new RegExp(p, 'i')),
}));

function isEngineerRole(role: Role | null | undefined): role is EngineerRole {
	return role !== null && role !== undefined && role !== 'ai_consultant';
}

/** Sums the classifier's votes per role, from its `primaryRole` reasons. */
function roleVotes(reasons: readonly Reason[]): Map<string, number> {
	const votes = new Map<string, number>();
	for (const r of reasons) {
		if (r.label !== 'primaryRole' || !r.value) continue;
		votes.set(r.value, (votes.get(r.value) ?? 0) + Math.abs(r.weight ?? 1));
	}
	return votes;
}

/**
 * A second engineering role the build needs, when the classifier's votes for
 * it reach SECONDARY_ROLE_SHARE of the primary role's.
 */
function secondaryRole(primary: EngineerRole, reasons: readonly Reason[]): EngineerRole | undefined {
	const votes = roleVotes(reasons);
	const primaryVotes = votes.get(primary) ?? 0;
	let best: { role: EngineerRole; votes: number } | undefined;
	for (const [role, v] of votes) {
		if (role === primary || !isEngineerRole(role as Role)) continue;
		if (primaryVotes > 0 && v < primaryVotes * SECONDARY_ROLE_SHARE) continue;
		if (primaryVotes === 0) continue;
		if (!best || v > best.votes || (v === best.votes && role < best.role)) best = { role: role as EngineerRole, votes: v };
	}
	return best?.role;
}

/** The week a deliverable is due, from its "(week N)" suffix; undated ones sort last. */
function weekOf(deliverable: string): number {
	const m = /\(week (\d+)\)$/.exec(deliverable);
	return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Deliverables in the order they fall due (a stable sort keeps template order within a week). */
function byWeek(deliverables: string[]): string[] {
	return deliverables
		.map((d, i) => ({ d, i, w: weekOf(d) }))
		.sort((a, b) => a.w - b.w || a.i - b.i)
		.map((x) => x.d);
}

function gates(texts: GateTexts, prefix = ''): PhaseGate[] {
	return [
		{ phase: 'poc', exitCriterion: prefix + texts.poc },
		{ phase: 'mvp', exitCriterion: texts.mvp },
		{ phase: 'production', exitCriterion: texts.production },
	];
}

/** A fallback problem statement when the message gives nothing usable. */
function fallbackProblem(lead: Lead, classification: Classification): string {
	const who = lead.company?.trim() ? lead.company.trim().slice(0, 80) : 'The lead';
	const what =
		classification.track === 'consultant'
			? 'wants strategic AI advice'
			: classification.track === 'hybrid'
				? 'wants AI work scoped and built'
				: 'wants an AI system built';
	return `${who} ${what} (${classification.stage ?? 'unknown'} stage); the message gives no further detail.`;
}

/**
 * The brief for a lead the classifier has staged and tracked. Deterministic:
 * the same lead and classification always give the same brief.
 *
 * - `problem`: the first one or two meaningful sentences of the message.
 * - `roles`: consultant track = the consultant; engineer track = the primary
 *   engineering role (plus a second one the votes support); hybrid = the
 *   engineering role(s), then the implied consultant.
 * - `deliverables`, `phaseGates`, `handoff`: looked up by track, stage and
 *   role in core/brief/templates.ts; briefs with a consultant add the extras
 *   the lead's words switch on (compliance, stalled POC, hiring, build-or-buy).
 * - `reasons`: the classification's reasons plus what the brief itself used.
 *
 * `plain` is the message as plain text; a caller that already cleaned it (the
 * Lead Classifier's `lead`, or the classification pass) passes it so the
 * message is not cleaned again.
 *
 * @throws InputError naming `classification.stage` or `classification.track` when missing.
 */
export function buildBrief(lead: Lead, classification: Classification, plain: string = plainText(lead.message ?? '')): Brief {
	const { stage, track } = classification;
	if (!stage) throw new InputError('classification.stage', 'a brief needs a stage (early, growth or scale)');
	if (!track) throw new InputError('classification.track', 'a brief needs a track (consultant, engineer or hybrid)');

	const reasons: Reason[] = [...classification.reasons];
	const text = plain;

	let engineer: EngineerRole | undefined;
	if (track !== 'consultant') {
		if (isEngineerRole(classification.primaryRole)) {
			engineer = classification.primaryRole;
		} else {
			engineer = DEFAULT_ENGINEER_ROLE;
			reasons.push({
				label: 'brief',
				signal: 'brief.default_engineer_role',
				value: engineer,
				evidence: `primaryRole ${classification.primaryRole ?? 'missing'} is not an engineering role`,
			});
		}
	}
	const second = engineer ? secondaryRole(engineer, classification.reasons) : undefined;
	if (second) reasons.push({ label: 'brief', signal: 'brief.secondary_role', value: second });

	const roles: Role[] =
		track === 'consultant'
			? ['ai_consultant']
			: track === 'engineer'
				? [engineer!, ...(second ? [second] : [])]
				: [engineer!, ...(second ? [second] : []), 'ai_consultant'];

	const focus: string[] = [];
	const extras: string[] = [];
	if (track !== 'engineer') {
		for (const { extra, regexes } of FOCUS_REGEXES) {
			const hit = regexes.map((r) => r.exec(text.slice(0, 20_000))).find((m) => m !== null);
			if (!hit) continue;
			focus.push(extra.focus);
			extras.push(extra.deliverable);
			reasons.push({ label: 'brief', signal: `focus.${extra.focus}`, value: extra.focus, evidence: hit[0] });
		}
	}

	let deliverables: string[];
	let phaseGates: PhaseGate[];
	if (track === 'consultant') {
		deliverables = [...CONSULTANT_DELIVERABLES[stage], ...extras];
		phaseGates = gates(CONSULTANT_GATES[stage]);
	} else if (track === 'engineer') {
		deliverables = [...ENGINEER_DELIVERABLES[engineer!][stage]];
		phaseGates = gates(ENGINEER_GATES[engineer!]);
	} else {
		deliverables = [...HYBRID_CONSULTANT_DELIVERABLES[stage], ...extras, ...ENGINEER_DELIVERABLES[engineer!][stage]];
		phaseGates = gates(ENGINEER_GATES[engineer!], HYBRID_POC_PREFIX);
	}
	reasons.push({
		label: 'brief',
		signal: 'brief.template',
		value: `${track}/${stage}${engineer ? `/${engineer}` : ''}`,
	});

	const stack = stackOf(text);
	for (const s of stack) reasons.push({ label: 'stack', signal: `stack.${s.name}`, value: s.name, evidence: s.evidence });

	const handoffTemplate = HANDOFF[track];
	const primary: Role = engineer ?? 'ai_consultant';
	return {
		problem: problemFromPlain(text) || fallbackProblem(lead, classification),
		stage,
		track,
		roles,
		stack: stack.map((s) => s.name),
		deliverables: byWeek(deliverables),
		phaseGates,
		handoff: {
			specBy: handoffTemplate.specBy === 'primary' ? primary : 'ai_consultant',
			feasibilityBy: handoffTemplate.feasibilityBy === 'primary' ? primary : null,
			syncCadence: SYNC_CADENCE[track][stage],
			summary: handoffTemplate.summary,
		},
		reasons,
		focus,
		templateVersion: TEMPLATE_VERSION,
	};
}
