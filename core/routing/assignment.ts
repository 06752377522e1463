/**
 * Owner assignment with shared state: "read counts → choose → increment" as
 * one critical section under the store's lock, so executions running at the
 * same time (one n8n process, or several queue-mode workers sharing Redis)
 * never assign from the same stale counts.
 */
import { createHash } from 'node:crypto';

import type { Role, Track } from '../lead/schema';
import type { StateStore } from '../state/store';
import { selectOwner, type Skipped, type Strategy } from './assign';
import { localDate, type Owner } from './roster';

/** Daily counters outlive their day by two, so every time zone's "today" is still there. */
const DAY_TTL_MS = 3 * 24 * 3600 * 1000;
/** How long a lead keeps its owner when it is routed again (a retry, a re-run). */
export const STICKY_TTL_MS = 30 * 24 * 3600 * 1000;

export interface AssignRequest {
	owners: readonly Owner[];
	strategy: Strategy;
	pipeline: Track;
	role?: Role | null;
	stack?: readonly string[];
	now: Date;
	/**
	 * Namespace of the counters: rosters with different pools count separately.
	 * Changing it starts every owner from zero (e.g. after a roster change).
	 */
	pool?: string;
	/**
	 * Identifies the lead, so routing it again (a retried execution) gives the
	 * same owner without counting it twice. Undefined = always a fresh assignment.
	 */
	leadKey?: string;
	/**
	 * Over which period round-robin counts accumulate: `all` (default) keeps
	 * the one-lead-per-weight-unit bound over any window; `month`, `week` or
	 * `day` (UTC) restart every owner at zero each period, which bounds how
	 * long a newly added owner catches up and keeps the stored counters small.
	 */
	fairnessWindow?: FairnessWindow;
}

export type FairnessWindow = 'all' | 'month' | 'week' | 'day';

/** The id of the fairness period `now` falls in (UTC), part of the round-robin counter key. */
export function fairnessPeriod(window: FairnessWindow, now: Date): string {
	if (window === 'all') return 'all';
	const iso = now.toISOString();
	if (window === 'month') return iso.slice(0, 7);
	if (window === 'day') return iso.slice(0, 10);
	// ISO week: the Monday that starts it identifies it.
	const day = (now.getUTCDay() + 6) % 7;
	return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day)).toISOString().slice(0, 10);
}

/** Why this owner: the record stored on the routed item. */
export interface AssignmentRecord {
	strategy: Strategy;
	pipeline: Track;
	reason: string;
	/** The owner's leads today (their time zone) before this one. */
	loadBefore: number;
	/** The owner's daily capacity; null = no cap. */
	capacity: number | null;
	weight: number;
	/** The owner's leads in this pipeline before this one (the round-robin count). */
	assignedBefore: number;
	/** True when this lead already had this owner (routed before) and nothing was counted. */
	reused: boolean;
	skillMatches: string[];
	skipped: Skipped[];
}

export type AssignOutcome =
	| { ok: true; owner: Owner; assignment: AssignmentRecord }
	| { ok: false; reason: string; skipped: Skipped[] };

/** Store keys are bounded and free of separators a user could smuggle in. */
function part(value: string): string {
	const clean = value.replace(/[^A-Za-z0-9@._+-]/g, '_');
	return clean.length <= 120 ? clean : createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/** The store keys assignment uses, exported so tests can read the counters. */
export const assignmentKeys = {
	lock: (pool: string) => `assign:${part(pool)}`,
	total: (pool: string, pipeline: Track, email: string, period = 'all') =>
		`assign:${part(pool)}:n:${period}:${pipeline}:${part(email)}`,
	today: (pool: string, date: string, email: string) => `assign:${part(pool)}:d:${date}:${part(email)}`,
	lead: (pool: string, leadKey: string, email: string) =>
		`assign:${part(pool)}:l:${createHash('sha256').update(leadKey).digest('hex').slice(0, 32)}:${part(email)}`,
};

/**
 * Assigns one lead to an owner, atomically for every process sharing `store`.
 *
 * One lock per pool (not per pipeline): an owner's daily capacity is shared by
 * all the pipelines they cover, so two pipelines must not both hand them the
 * last slot of the day.
 */
export async function assignOwner(store: StateStore, request: AssignRequest): Promise<AssignOutcome> {
	const pool = request.pool ?? 'default';
	const { owners, pipeline, now } = request;
	return store.withLock(assignmentKeys.lock(pool), async () => {
		const dates = owners.map((o) => localDate(now, o.timeZone));
		const period = fairnessPeriod(request.fairnessWindow ?? 'all', now);
		const totalKeys = owners.map((o) => assignmentKeys.total(pool, pipeline, o.email, period));
		const todayKeys = owners.map((o, i) => assignmentKeys.today(pool, dates[i], o.email));
		const leadKeys = request.leadKey ? owners.map((o) => assignmentKeys.lead(pool, request.leadKey!, o.email)) : [];
		const values = await store.counts([...totalKeys, ...todayKeys, ...leadKeys]);
		const n = owners.length;
		const loads = owners.map((_, i) => ({ total: values[i] ?? 0, today: values[n + i] ?? 0 }));

		const previous = leadKeys.findIndex((_, i) => (values[2 * n + i] ?? 0) > 0);
		if (previous >= 0 && owners[previous].active && owners[previous].pipelines.includes(pipeline)) {
			const owner = owners[previous];
			return {
				ok: true as const,
				owner,
				assignment: {
					strategy: request.strategy,
					pipeline,
					reason: 'this lead was assigned to this owner before (same lead routed again), so it keeps its owner and is not counted twice',
					loadBefore: loads[previous].today,
					capacity: owner.dailyCapacity ?? null,
					weight: owner.weight,
					assignedBefore: loads[previous].total,
					reused: true,
					skillMatches: [],
					skipped: [],
				},
			};
		}

		const selection = selectOwner({
			owners,
			loads,
			strategy: request.strategy,
			pipeline,
			role: request.role,
			stack: request.stack,
			now,
		});
		if (!selection.ok) return selection;
		const i = selection.index;
		await store.increment(totalKeys[i], 1);
		await store.increment(todayKeys[i], 1, DAY_TTL_MS);
		if (request.leadKey) await store.increment(leadKeys[i], 1, STICKY_TTL_MS);
		return {
			ok: true as const,
			owner: selection.owner,
			assignment: {
				strategy: request.strategy,
				pipeline,
				reason: selection.reason,
				loadBefore: loads[i].today,
				capacity: selection.owner.dailyCapacity ?? null,
				weight: selection.owner.weight,
				assignedBefore: loads[i].total,
				reused: false,
				skillMatches: selection.skillMatches,
				skipped: selection.skipped,
			},
		};
	});
}
