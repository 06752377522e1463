/**
 * Choosing the owner of a routed lead: pure selection from the roster and the
 * current counts. The store-backed, locked "read counts → choose → increment"
 * lives in ./assignment.ts.
 */
import { z } from 'zod';

import type { Role, Track } from '../lead/schema';
import { isOutOfOffice, localDate, type Owner } from './roster';

export const Strategy = z.enum(['weightedRoundRobin', 'leastLoaded', 'bestSkillMatch']);
export type Strategy = z.infer<typeof Strategy>;

/** How much an owner already has. */
export interface OwnerLoad {
	/** Leads assigned to this owner in this pipeline so far (the round-robin count). */
	total: number;
	/** Leads assigned to this owner today (their time zone), all pipelines: the capacity count. */
	today: number;
}

export interface SelectRequest {
	/** The roster, in the user's order (the final tie-break). */
	owners: readonly Owner[];
	/** `loads[i]` belongs to `owners[i]`. */
	loads: readonly OwnerLoad[];
	strategy: Strategy;
	pipeline: Track;
	/** The brief's primary role: owners listing it are preferred. */
	role?: Role | null;
	/** The brief's stack, for best skill match. */
	stack?: readonly string[];
	now: Date;
}

export interface Skipped {
	email: string;
	why: 'inactive' | 'other_pipeline' | 'out_of_office' | 'at_capacity';
}

export type Selection =
	| {
			ok: true;
			index: number;
			owner: Owner;
			/** Why this owner, in words. */
			reason: string;
			/** Skill terms the owner shares with the brief (best skill match). */
			skillMatches: string[];
			eligible: number;
			skipped: Skipped[];
	  }
	| { ok: false; reason: string; skipped: Skipped[] };

/** The weighted round-robin key: the owner's share after taking one more lead. */
function wrrKey(load: OwnerLoad, owner: Owner): number {
	return (load.total + 1) / owner.weight;
}

function fmt(n: number): string {
	return String(Math.round(n * 1000) / 1000);
}

/**
 * Picks the owner of one lead.
 *
 * Eligible: active, covering `pipeline`, not out of office today and under
 * today's capacity (both in the owner's time zone). Among them, owners who
 * list the brief's role (or list no roles) are preferred; if none does, any
 * eligible owner will do. Then by strategy:
 * - `weightedRoundRobin`: the lowest (assigned + 1) / weight. Taking the
 *   minimum each time keeps every owner within one lead per weight unit of
 *   every other (n_i / w_i <= (n_j + 1) / w_j for all i, j).
 * - `leastLoaded`: the fewest leads today per unit of weight.
 * - `bestSkillMatch`: the most brief stack terms among the owner's skills.
 * Ties fall to the round-robin key, then the fewer total, then roster order,
 * so the choice is deterministic.
 */
export function selectOwner(request: SelectRequest): Selection {
	const { owners, loads, strategy, pipeline, role, stack = [], now } = request;
	const skipped: Skipped[] = [];
	const eligible: number[] = [];
	owners.forEach((owner, i) => {
		const load = loads[i] ?? { total: 0, today: 0 };
		if (!owner.active) skipped.push({ email: owner.email, why: 'inactive' });
		else if (!owner.pipelines.includes(pipeline)) skipped.push({ email: owner.email, why: 'other_pipeline' });
		else if (isOutOfOffice(owner, localDate(now, owner.timeZone))) skipped.push({ email: owner.email, why: 'out_of_office' });
		else if (owner.dailyCapacity !== undefined && load.today >= owner.dailyCapacity) skipped.push({ email: owner.email, why: 'at_capacity' });
		else eligible.push(i);
	});
	const relevantSkipped = skipped.filter((s) => s.why !== 'other_pipeline');
	if (eligible.length === 0) {
		const covering = owners.length - skipped.filter((s) => s.why === 'other_pipeline').length;
		const why =
			covering === 0
				? `no owner in the roster covers the ${pipeline} pipeline`
				: `all ${covering} owner(s) of the ${pipeline} pipeline are unavailable (${summarise(relevantSkipped)})`;
		return { ok: false, reason: why, skipped: relevantSkipped };
	}

	let pool = eligible;
	let roleNote = '';
	if (role) {
		const withRole = eligible.filter((i) => owners[i].roles.length === 0 || owners[i].roles.includes(role));
		if (withRole.length > 0) pool = withRole;
		else roleNote = `; no available owner lists role ${role}, so any ${pipeline} owner`;
	}

	const stackSet = new Set(stack.map((s) => s.toLowerCase()));
	const matches = (i: number): string[] => owners[i].skills.filter((s) => stackSet.has(s));
	const primary = (i: number): number => {
		const load = loads[i] ?? { total: 0, today: 0 };
		if (strategy === 'leastLoaded') return load.today / owners[i].weight;
		if (strategy === 'bestSkillMatch') return -matches(i).length;
		return wrrKey(load, owners[i]);
	};
	const ranked = [...pool].sort((a, b) => {
		const la = loads[a] ?? { total: 0, today: 0 };
		const lb = loads[b] ?? { total: 0, today: 0 };
		return primary(a) - primary(b) || wrrKey(la, owners[a]) - wrrKey(lb, owners[b]) || la.total - lb.total || a - b;
	});
	const index = ranked[0];
	const owner = owners[index];
	const load = loads[index] ?? { total: 0, today: 0 };
	const skillMatches = matches(index);

	let reason: string;
	if (strategy === 'leastLoaded') {
		reason = `least loaded: ${load.today} lead(s) today at weight ${fmt(owner.weight)}, the fewest per weight among ${pool.length} eligible owner(s)`;
	} else if (strategy === 'bestSkillMatch') {
		reason =
			skillMatches.length > 0
				? `best skill match: ${skillMatches.length} of the brief's stack terms (${skillMatches.join(', ')}) among ${pool.length} eligible owner(s)`
				: `best skill match: no eligible owner shares the brief's stack, so weighted round robin among ${pool.length} eligible owner(s)`;
	} else {
		reason = `weighted round robin: (assigned ${load.total} + 1) / weight ${fmt(owner.weight)} = ${fmt(wrrKey(load, owner))}, the lowest among ${pool.length} eligible owner(s)`;
	}
	if (relevantSkipped.length > 0) reason += `; skipped ${summarise(relevantSkipped)}`;
	reason += roleNote;
	return { ok: true, index, owner, reason, skillMatches, eligible: pool.length, skipped: relevantSkipped };
}

function summarise(skipped: readonly Skipped[]): string {
	const words: Record<Skipped['why'], string> = {
		inactive: 'inactive',
		other_pipeline: 'other pipeline',
		out_of_office: 'out of office',
		at_capacity: 'at daily capacity',
	};
	return skipped.map((s) => `${s.email} ${words[s.why]}`).join(', ');
}
