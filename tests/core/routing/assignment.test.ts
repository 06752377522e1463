import { MemoryStore } from '../../../core/state/memory';
import { RedisStore } from '../../../core/state/redis';
import type { StateStore } from '../../../core/state/store';
import { assignOwner, assignmentKeys, fairnessPeriod, type AssignOutcome } from '../../../core/routing/assignment';
import { parseRoster, type Owner } from '../../../core/routing/roster';
import { startRedis, type RedisServer } from '../../servers/redis';

const NOW = new Date('2025-06-02T10:00:00Z');

const OWNERS: Owner[] = parseRoster([
	{ name: 'A', email: 'a@x.example', pipelines: ['engineer'], weight: 1 },
	{ name: 'B', email: 'b@x.example', pipelines: ['engineer'], weight: 2 },
	{ name: 'C', email: 'c@x.example', pipelines: ['engineer'], weight: 3 },
]);

/** Owner counts from outcomes that counted (reused ones did not). */
function tally(outcomes: AssignOutcome[]): Map<string, number> {
	const counts = new Map<string, number>(OWNERS.map((o) => [o.email, 0]));
	for (const o of outcomes) if (o.ok && !o.assignment.reused) counts.set(o.owner.email, counts.get(o.owner.email)! + 1);
	return counts;
}

/** n_i / w_i <= (n_j + 1) / w_j for every pair: no owner more than one lead per weight unit ahead. */
function fair(counts: Map<string, number>): boolean {
	for (const a of OWNERS) {
		for (const b of OWNERS) {
			if (counts.get(a.email)! / a.weight > (counts.get(b.email)! + 1) / b.weight + 1e-9) return false;
		}
	}
	return true;
}

/**
 * A store with no lock and a round trip between read and write, as a naive
 * "read counts, pick, write" on a database would be: the control showing the
 * concurrency test can fail.
 */
class RacyStore implements StateStore {
	private readonly inner = new MemoryStore();
	claim = (k: string, t?: number) => this.inner.claim(k, t);
	isClaimed = (k: string) => this.inner.isClaimed(k);
	release = (k: string) => this.inner.release(k);
	increment = (k: string, by?: number, t?: number) => this.inner.increment(k, by, t);
	async counts(keys: string[]): Promise<number[]> {
		const values = await this.inner.counts(keys);
		await new Promise((r) => setImmediate(r));
		return values;
	}
	async withLock<T>(_name: string, fn: () => Promise<T>): Promise<T> {
		return fn();
	}
}

async function concurrently(stores: StateStore[], leads: number, leadKey?: (i: number) => string): Promise<AssignOutcome[]> {
	return Promise.all(
		Array.from({ length: leads }, (_, i) =>
			assignOwner(stores[i % stores.length], {
				owners: OWNERS,
				strategy: 'weightedRoundRobin',
				pipeline: 'engineer',
				now: NOW,
				pool: 'p',
				leadKey: leadKey?.(i),
			}),
		),
	);
}

describe('assignOwner', () => {
	it('counts each assignment once, in the pipeline and for the day', async () => {
		const store = new MemoryStore();
		const outcome = await assignOwner(store, { owners: OWNERS, strategy: 'weightedRoundRobin', pipeline: 'engineer', now: NOW, pool: 'p' });
		expect(outcome).toMatchObject({ ok: true, owner: { email: 'c@x.example' }, assignment: { loadBefore: 0, assignedBefore: 0, weight: 3, capacity: null, reused: false } });
		expect(await store.counts([assignmentKeys.total('p', 'engineer', 'c@x.example'), assignmentKeys.today('p', '2025-06-02', 'c@x.example')])).toEqual([1, 1]);
	});

	it('gives a lead routed again the same owner without counting it twice', async () => {
		const store = new MemoryStore();
		const request = { owners: OWNERS, strategy: 'weightedRoundRobin' as const, pipeline: 'engineer' as const, now: NOW, pool: 'p', leadKey: 'id:L-1' };
		const first = await assignOwner(store, request);
		const second = await assignOwner(store, request);
		expect(first.ok && second.ok && second.owner.email).toBe(first.ok && first.owner.email);
		expect(second.ok && second.assignment.reused).toBe(true);
		expect(tally([first, second]).get('c@x.example')).toBe(1);
	});

	it('respects daily capacity across pipelines', async () => {
		const owners = parseRoster([{ name: 'A', email: 'a@x.example', pipelines: ['engineer', 'hybrid'], dailyCapacity: 1 }]);
		const store = new MemoryStore();
		const first = await assignOwner(store, { owners, strategy: 'leastLoaded', pipeline: 'engineer', now: NOW });
		const second = await assignOwner(store, { owners, strategy: 'leastLoaded', pipeline: 'hybrid', now: NOW });
		expect(first.ok).toBe(true);
		expect(second).toMatchObject({ ok: false, reason: expect.stringMatching(/a@x\.example at daily capacity/) });
	});

	it.each([
		['all', '2025-06-04T10:00:00Z', 'all'],
		['month', '2025-06-04T10:00:00Z', '2025-06'],
		['day', '2025-06-04T10:00:00Z', '2025-06-04'],
		['week', '2025-06-04T10:00:00Z', '2025-06-02'],
		['week', '2025-06-01T10:00:00Z', '2025-05-26'],
	] as const)('fairness period %s of %s is %s', (window, now, expected) => {
		expect(fairnessPeriod(window, new Date(now))).toBe(expected);
	});

	it('without the lock, concurrent assignments break fairness (the control)', async () => {
		const outcomes = await concurrently([new RacyStore()], 60);
		expect(fair(tally(outcomes))).toBe(false);
	});

	it('with the in-process lock, 300 concurrent assignments stay fair', async () => {
		const outcomes = await concurrently([new MemoryStore()], 300);
		const counts = tally(outcomes);
		expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(300);
		expect(counts).toEqual(new Map([['a@x.example', 50], ['b@x.example', 100], ['c@x.example', 150]]));
	});

	describe('in Redis, from several connections at once (queue-mode workers)', () => {
		let redis: RedisServer;
		let stores: RedisStore[] = [];
		beforeAll(async () => {
			redis = await startRedis();
		});
		afterAll(async () => {
			await Promise.all(stores.map((s) => s.close()));
			await redis.stop();
		});

		it('assigns each lead exactly once and stays within one lead per weight unit', async () => {
			stores = Array.from({ length: 4 }, () => new RedisStore({ url: redis.url, keyPrefix: 'conc:' }));
			// 120 distinct leads, each sent twice by different workers (a retried webhook).
			const outcomes = await concurrently(stores, 240, (i) => `id:L-${i % 120}`);
			const owners = new Map<string, Set<string>>();
			outcomes.forEach((o, i) => {
				expect(o.ok).toBe(true);
				if (o.ok) owners.set(`L-${i % 120}`, new Set([...(owners.get(`L-${i % 120}`) ?? []), o.owner.email]));
			});
			for (const set of owners.values()) expect(set.size).toBe(1);
			const counts = tally(outcomes);
			expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(120);
			expect(fair(counts)).toBe(true);
			const stored = await stores[0].counts(OWNERS.map((o) => assignmentKeys.total('p', 'engineer', o.email)));
			expect(stored).toEqual(OWNERS.map((o) => counts.get(o.email)));
		});
	});
});
