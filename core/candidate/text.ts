/**
 * Small text helpers shared by the résumé and GitHub readers. Every regular
 * expression in rules.ts is compiled once here; none has nested quantifiers,
 * so matching stays linear in the text length.
 */
import type { Role } from '../lead/schema';

import { BUZZWORDS, COURSE_CONTEXT, HYPE_LIST, ROLE_TERMS, ROLE_WEIGHTS, SEGMENT_SEPARATOR, type Term } from './rules';

const cache = new Map<string, RegExp>();

/** A compiled, case-insensitive, global regular expression for a rules pattern. */
export function re(source: string): RegExp {
	let compiled = cache.get(source);
	if (!compiled) {
		compiled = new RegExp(source, 'gi');
		cache.set(source, compiled);
	}
	compiled.lastIndex = 0;
	return compiled;
}

/** The first match of `source` in `text`, or null. */
export function firstMatch(source: string, text: string): RegExpExecArray | null {
	const r = re(source);
	const m = r.exec(text);
	r.lastIndex = 0;
	return m;
}

/** How many times `source` matches in `text`, counting at most `max`. */
export function countMatches(source: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
	const r = re(source);
	let n = 0;
	while (n < max && r.exec(text) !== null) n++;
	r.lastIndex = 0;
	return n;
}

/** Trims a statement to `max` characters around a match, for evidence a recruiter can read. */
export function excerpt(text: string, index: number, max: number): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean;
	const start = Math.max(0, Math.min(index - Math.floor(max / 3), clean.length - max));
	return (start > 0 ? '…' : '') + clean.slice(start, start + max).trim() + (start + max < clean.length ? '…' : '');
}

export const ROLES: readonly Role[] = ['ai_consultant', 'ml_engineer', 'llm_engineer', 'mlops_engineer', 'research_scientist'];

export type RoleScores = Record<Role, number>;

export function emptyRoleScores(): RoleScores {
	return { ai_consultant: 0, ml_engineer: 0, llm_engineer: 0, mlops_engineer: 0, research_scientist: 0 };
}

/** The roles with points, rounded to two decimals (a source's `roleScores`). */
export function sparseRoleScores(scores: RoleScores): Partial<RoleScores> {
	const out: Partial<RoleScores> = {};
	for (const r of ROLES) if (scores[r] > 0) out[r] = Math.round(scores[r] * 100) / 100;
	return out;
}

/** One role hit: the role, the text it was found in and the points it gave. */
export interface RoleHit {
	role: Role;
	text: string;
	points: number;
	/** The GitHub page the text is on (a bio or repository), when not the résumé. */
	url?: string;
}

/** True when a statement is a list of hot terms (rules.HYPE_LIST): its role terms are not evidence. */
export function isHypeList(statement: string): boolean {
	const items = statement.split(re(HYPE_LIST.separator)).filter((item) => item.trim() !== '').length;
	if (items < HYPE_LIST.minItems) return false;
	let hype = 0;
	for (const pattern of BUZZWORDS) {
		hype += countMatches(pattern, statement, HYPE_LIST.minHypeTerms - hype);
		if (hype >= HYPE_LIST.minHypeTerms) return true;
	}
	return false;
}

/**
 * Adds the role points of one source (the résumé body, its headline, a bio, a
 * repository) to `scores`. Each term counts at most `maxHitsPerTerm` times per
 * source so a keyword list cannot win on its own; statements about courses and
 * certificates, and lists of hot terms, count for little.
 */
export function scoreRoles(
	statements: readonly string[],
	weight: number,
	scores: RoleScores,
	hits: RoleHit[],
	url?: string,
): void {
	// Segments of each statement, and whether each is about a course or certificate.
	const segmented = statements.map((statement) => {
		const hype = isHypeList(statement) ? ROLE_WEIGHTS.hypeListContext : 1;
		return statement
			.split(re(SEGMENT_SEPARATOR))
			.filter((seg) => seg !== undefined && seg.trim() !== '')
			.map((seg) => ({ seg, factor: Math.min(hype, firstMatch(COURSE_CONTEXT, seg) ? ROLE_WEIGHTS.courseContext : 1) }));
	});
	for (const role of Object.keys(ROLE_TERMS) as Role[]) {
		ROLE_TERMS[role].forEach((term: Term) => {
			let seen = 0;
			statements.forEach((statement, i) => {
				if (seen >= ROLE_WEIGHTS.maxHitsPerTerm) return;
				let points = 0;
				for (const { seg, factor } of segmented[i]) {
					if (seen >= ROLE_WEIGHTS.maxHitsPerTerm) break;
					const n = countMatches(term[0], seg, ROLE_WEIGHTS.maxHitsPerTerm - seen);
					seen += n;
					points += n * term[1] * weight * factor;
				}
				if (points === 0) return;
				scores[role] += points;
				hits.push(url === undefined ? { role, text: statement, points } : { role, text: statement, points, url });
			});
		});
	}
}

/** The role with most points (ties broken by ROLE_WEIGHTS.tieOrder) and its margin over the runner-up. */
export function bestRole(scores: RoleScores): { role: Role; margin: number } {
	const order = [...ROLE_WEIGHTS.tieOrder];
	const sorted = order.slice().sort((a, b) => scores[b] - scores[a] || order.indexOf(a) - order.indexOf(b));
	const top = scores[sorted[0]];
	const second = scores[sorted[1]];
	return { role: sorted[0], margin: top <= 0 ? 0 : (top - second) / top };
}
