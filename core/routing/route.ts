/**
 * Which output a classified lead leaves by: a pipeline (consultant, engineer,
 * hybrid), Review (a person decides) or Rejected (not a lead).
 */
import type { Classification, Reason } from '../lead/schema';

/** The Brief Router's outputs, in output-index order. */
export const ROUTE_OUTPUTS = ['consultant', 'engineer', 'hybrid', 'review', 'rejected'] as const;
export type RouteOutput = (typeof ROUTE_OUTPUTS)[number];

/** Output index of each route (the node's outputs follow ROUTE_OUTPUTS). */
export function outputIndex(output: RouteOutput): number {
	return ROUTE_OUTPUTS.indexOf(output);
}

/**
 * The routing rules as data. A share is the runner-up's vote total divided by
 * the winner's: at or above it, the classifier saw strong evidence both ways.
 */
export const ROUTING_RULES = {
	/** Default minimum classifier confidence for a pipeline (below: Review). */
	confidenceThreshold: 0.5,
	/**
	 * A lead whose votes for another disposition reach this share of its "lead"
	 * votes has conflicting signals (e.g. a founder who also attaches a CV).
	 */
	dispositionConflictShare: 0.75,
	/**
	 * A non-lead whose "lead" votes reach this share of its own disposition's
	 * votes goes to Review, not Rejected: losing a real lead costs more than a
	 * second look.
	 */
	rejectedLeadShare: 0.75,
	/** Rubric section 2: the primary role each track allows. */
	consultantRole: 'ai_consultant',
} as const;

export interface RouteOptions {
	/** 0..1; leads the classifier is less sure of go to Review. */
	confidenceThreshold?: number;
}

export interface RouteDecision {
	output: RouteOutput;
	/** Why, in words a reviewer can act on; never empty. */
	reasons: string[];
}

/** Vote totals per value of one label, from a classification's reasons. */
export function voteTotals(reasons: readonly Reason[], label: string): Map<string, number> {
	const totals = new Map<string, number>();
	for (const r of reasons) {
		if (r.label !== label || !r.value) continue;
		totals.set(r.value, (totals.get(r.value) ?? 0) + (typeof r.weight === 'number' && Number.isFinite(r.weight) ? r.weight : 1));
	}
	return totals;
}

/** The strongest other value and its total, when it has positive votes. */
function runnerUp(totals: Map<string, number>, winner: string): { value: string; total: number } | undefined {
	let best: { value: string; total: number } | undefined;
	for (const [value, total] of totals) {
		if (value === winner || total <= 0) continue;
		if (!best || total > best.total || (total === best.total && value < best.value)) best = { value, total };
	}
	return best;
}

function fmt(n: number): string {
	return String(Math.round(n * 100) / 100);
}

/**
 * `n` with as many decimals (2 at least) as it takes not to read equal to `bound`
 * when it is not, so a reason never says "0.5 is below the threshold 0.5".
 */
function fmtApart(n: number, bound: number): string {
	for (let decimals = 2; decimals <= 6; decimals++) {
		const scale = 10 ** decimals;
		if (Math.round(n * scale) !== Math.round(bound * scale)) return String(Math.round(n * scale) / scale);
	}
	return String(n);
}

/**
 * Decides the output of one classified lead.
 *
 * - Not a lead (job seeker, vendor, spam): Rejected, with the disposition as
 *   the reason; unless its "lead" votes are nearly as strong, then Review.
 * - A lead missing stage, track or role, whose track and role disagree with
 *   the rubric (consultant track = ai_consultant; engineer and hybrid tracks
 *   = an engineering role), with strong votes for another disposition, or
 *   below the confidence threshold: Review, with every reason that applies.
 * - Otherwise the pipeline named by `track`.
 */
export function decideRoute(classification: Classification, options: RouteOptions = {}): RouteDecision {
	const threshold = options.confidenceThreshold ?? ROUTING_RULES.confidenceThreshold;
	const c = classification;
	const dispositions = voteTotals(c.reasons, 'disposition');

	if (c.disposition !== 'lead') {
		const own = Math.max(0, dispositions.get(c.disposition) ?? 0);
		const lead = dispositions.get('lead') ?? 0;
		if (lead > 0 && lead >= own * ROUTING_RULES.rejectedLeadShare) {
			return {
				output: 'review',
				reasons: [
					`conflicting signals: classified ${c.disposition} (votes ${fmt(own)}) but lead votes are nearly as strong (${fmt(lead)})`,
				],
			};
		}
		const evidence = c.reasons.find((r) => r.label === 'disposition' && r.value === c.disposition);
		return {
			output: 'rejected',
			reasons: [
				`not a lead: ${c.disposition}${evidence ? ` (signal ${evidence.signal}${evidence.evidence ? `: "${evidence.evidence.slice(0, 80)}"` : ''})` : ''}`,
			],
		};
	}

	const reasons: string[] = [];
	if (!c.stage) reasons.push('classification.stage is missing');
	if (!c.track) reasons.push('classification.track is missing');
	if (!c.primaryRole) reasons.push('classification.primaryRole is missing');
	if (c.track === 'consultant' && c.primaryRole && c.primaryRole !== ROUTING_RULES.consultantRole) {
		reasons.push(`conflicting signals: track consultant with primaryRole ${c.primaryRole} (the rubric staffs ai_consultant)`);
	}
	if ((c.track === 'engineer' || c.track === 'hybrid') && c.primaryRole === ROUTING_RULES.consultantRole) {
		reasons.push(`conflicting signals: track ${c.track} with primaryRole ai_consultant (the rubric needs an engineering role)`);
	}
	const own = dispositions.get('lead') ?? 0;
	const other = runnerUp(dispositions, 'lead');
	if (other && other.total >= Math.max(0, own) * ROUTING_RULES.dispositionConflictShare) {
		reasons.push(`conflicting signals: lead votes ${fmt(own)} against ${other.value} votes ${fmt(other.total)}`);
	}
	if (c.confidence < threshold) {
		reasons.push(`confidence ${fmtApart(c.confidence, threshold)} is below the threshold ${String(threshold)}`);
	}
	if (reasons.length > 0) return { output: 'review', reasons };
	return {
		output: c.track!,
		reasons: [`${c.track} track, ${c.stage} stage, primary role ${c.primaryRole}, confidence ${fmt(c.confidence)}`],
	};
}
