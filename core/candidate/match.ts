/**
 * Match to Brief: how well a vetted candidate fits a brief (rubric section 3
 * and the closing rule of section 5: a strong candidate for an engineering
 * brief has strong production evidence, a matching role fit and no red flags),
 * and the rank of each candidate in the pool.
 */
import { z } from 'zod';

import { Brief } from '../brief/schema';

import { MATCH_WEIGHTS, RELATED_ROLES } from './rules';
import type { MatchReason, MatchResult, Vetting } from './schema';

/**
 * The part of a Brief (core/brief/schema.ts) that matching reads. A full Brief
 * from the Brief Router fits; so does a hand-written `{ track, roles, stack }`.
 */
export const BriefForMatch = Brief.pick({ track: true, roles: true }).extend({
	stack: z.array(z.string()).default([]),
	problem: z.string().optional(),
});
export type BriefForMatch = z.infer<typeof BriefForMatch>;

/** What a candidate's evidence mentions, to compare with the brief's stack. */
export interface CandidateTerms {
	/** Free text: résumé, bio, repository descriptions and topics. */
	text: string;
	/** Known skills and languages (lower case). */
	skills: readonly string[];
}

/** The words a vetting's evidence offers for stack matching: résumé, bio, repositories, languages, skills. */
export function termsFromVetting(resumeText: string | null | undefined, vetting: Pick<Vetting, 'profile'>): CandidateTerms {
	const p = vetting.profile;
	const text = [
		(resumeText ?? '').slice(0, 100_000),
		p.bio ?? '',
		...p.notableRepositories.map((r) => `${r.name.replace(/[-_]/g, ' ')} ${r.description ?? ''} ${r.language ?? ''}`),
	].join('\n');
	return { text, skills: [...p.skills, ...p.languages.map((l) => l.name.toLowerCase())] };
}

function escape(term: string): string {
	return term.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** The brief's stack terms the candidate's evidence covers (whole-word, case-insensitive). */
export function stackOverlap(stack: readonly string[], terms: CandidateTerms): string[] {
	const skills = new Set(terms.skills.map((s) => s.toLowerCase()));
	const text = terms.text.slice(0, 200_000);
	const matched: string[] = [];
	for (const raw of stack.slice(0, 50)) {
		const term = raw.trim().toLowerCase();
		if (term === '' || term.length > 80) continue;
		const pattern = new RegExp(`(?<![\\w+#])${escape(term).replace(/[-\s]+/g, '[-\\s]?')}(?![\\w+#])`, 'i');
		if (skills.has(term) || pattern.test(text)) matched.push(term);
	}
	return matched;
}

/** The score of one candidate against one brief, with the reason behind every point. */
export function scoreMatch(brief: BriefForMatch, vetting: Pick<Vetting, 'roleFit' | 'productionEvidence' | 'redFlags'>, terms: CandidateTerms): Omit<MatchResult, 'rank' | 'poolSize'> {
	const reasons: MatchReason[] = [];
	const primary = brief.roles[0];

	let rolePoints: number = MATCH_WEIGHTS.role.none;
	let roleDetail = `role fit ${vetting.roleFit} is not among the brief's roles (${brief.roles.join(', ')})`;
	if (vetting.roleFit === primary) {
		rolePoints = MATCH_WEIGHTS.role.primary;
		roleDetail = `role fit ${vetting.roleFit} is the brief's primary role`;
	} else if (brief.roles.includes(vetting.roleFit)) {
		rolePoints = MATCH_WEIGHTS.role.listed;
		roleDetail = `role fit ${vetting.roleFit} is a secondary role of the brief`;
	} else if (RELATED_ROLES[primary]?.includes(vetting.roleFit)) {
		rolePoints = MATCH_WEIGHTS.role.related;
		roleDetail = `role fit ${vetting.roleFit} is close to the primary role ${primary}`;
	}
	reasons.push({ label: 'roleFit', detail: roleDetail, points: rolePoints });

	const matched = stackOverlap(brief.stack, terms);
	const stackTerms = brief.stack.filter((s) => s.trim() !== '');
	// With no stack named, every candidate gets half: the brief does not discriminate.
	const stackPoints = stackTerms.length === 0 ? MATCH_WEIGHTS.stack / 2 : (MATCH_WEIGHTS.stack * matched.length) / stackTerms.length;
	reasons.push({
		label: 'stack',
		detail: stackTerms.length === 0 ? 'the brief names no stack' : `covers ${matched.length} of ${stackTerms.length} stack terms${matched.length ? ': ' + matched.join(', ') : ''}`,
		points: Math.round(stackPoints * 10) / 10,
	});

	// A strategy-only brief needs less proof of running systems (rubric section 2: no build requested).
	const table = brief.track === 'consultant' ? MATCH_WEIGHTS.production.consultant : MATCH_WEIGHTS.production.engineer;
	const productionPoints = table[vetting.productionEvidence];
	reasons.push({ label: 'productionEvidence', detail: `production evidence ${vetting.productionEvidence}`, points: productionPoints });

	let penalty = 0;
	for (const flag of vetting.redFlags) penalty += MATCH_WEIGHTS.redFlag[flag];
	reasons.push({
		label: 'redFlags',
		detail: vetting.redFlags.length === 0 ? 'no red flags' : `red flags: ${vetting.redFlags.join(', ')}`,
		points: -penalty,
	});

	const score = Math.max(0, Math.min(100, Math.round(MATCH_WEIGHTS.base + rolePoints + stackPoints + productionPoints - penalty)));
	return { score, stackMatched: matched, reasons };
}

/**
 * Ranks scored candidates: highest score first, then the higher vetting
 * score, then input order. Returns the 1-based rank of each entry, by index.
 */
export function rankScores(entries: ReadonlyArray<{ score: number; vettingScore: number }>): number[] {
	const order = entries.map((e, i) => ({ e, i })).sort((a, b) => b.e.score - a.e.score || b.e.vettingScore - a.e.vettingScore || a.i - b.i);
	const ranks = new Array<number>(entries.length);
	order.forEach((x, position) => {
		ranks[x.i] = position + 1;
	});
	return ranks;
}
