/** The behaviour every StateStore must show, run against each implementation. */
import type { StateStore } from '../../../core/state/store';

export interface StoreFixture {
	store: StateStore;
	/** Moves the store's clock forward (a fake clock, or real waiting for Redis). */
	advance(ms: number): Promise<void>;
}

export interface ContractOptions {
	/** False for a store whose counters never expire (the n8n store: keys are scoped by period instead). */
	counterTtl?: boolean;
}

export function storeContract(
	name: string,
	make: () => Promise<StoreFixture>,
	done?: () => Promise<void>,
	options: ContractOptions = {},
): void {
	describe(`${name}: StateStore contract`, () => {
		let fx: StoreFixture;
		beforeEach(async () => {
			fx = await make();
		});
		afterEach(async () => {
			await fx.store.close?.();
		});
		if (done) afterAll(done);

		it('claims a key once; a second claim fails until release', async () => {
			const { store } = fx;
			expect(await store.isClaimed('a')).toBe(false);
			expect(await store.claim('a')).toBe(true);
			expect(await store.claim('a')).toBe(false);
			expect(await store.isClaimed('a')).toBe(true);
			await store.release('a');
			expect(await store.isClaimed('a')).toBe(false);
			expect(await store.claim('a')).toBe(true);
		});

		it('lets a claim with a TTL expire', async () => {
			const { store } = fx;
			expect(await store.claim('t', 200)).toBe(true);
			expect(await store.claim('t', 200)).toBe(false);
			await fx.advance(250);
			expect(await store.isClaimed('t')).toBe(false);
			expect(await store.claim('t', 200)).toBe(true);
		});

		it('grants exactly one of many concurrent claims of one key', async () => {
			const { store } = fx;
			const results = await Promise.all(Array.from({ length: 50 }, () => store.claim('race')));
			expect(results.filter(Boolean)).toHaveLength(1);
		});

		it('counts: missing reads 0, increments add, negative steps subtract', async () => {
			const { store } = fx;
			expect(await store.counts(['c1', 'c2'])).toEqual([0, 0]);
			expect(await store.increment('c1')).toBe(1);
			expect(await store.increment('c1', 4)).toBe(5);
			expect(await store.increment('c1', -2)).toBe(3);
			expect(await store.counts(['c1', 'c2'])).toEqual([3, 0]);
			expect(await store.counts([])).toEqual([]);
		});

		it('loses no concurrent increment', async () => {
			const { store } = fx;
			await Promise.all(Array.from({ length: 40 }, () => store.increment('n')));
			expect(await store.counts(['n'])).toEqual([40]);
		});

		if (options.counterTtl !== false)
			it('expires a counter ttl after its creation', async () => {
				const { store } = fx;
				await store.increment('e', 1, 200);
				await store.increment('e', 1, 200);
				expect(await store.counts(['e'])).toEqual([2]);
				await fx.advance(250);
				expect(await store.counts(['e'])).toEqual([0]);
			});

		it('runs withLock holders one at a time and frees the lock after a throw', async () => {
			const { store } = fx;
			let inside = 0;
			let most = 0;
			const hold = async (): Promise<void> => {
				inside++;
				most = Math.max(most, inside);
				await new Promise((r) => setTimeout(r, 2));
				inside--;
			};
			await Promise.all(Array.from({ length: 8 }, () => store.withLock('L', hold)));
			expect(most).toBe(1);
			await expect(store.withLock('L', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
			expect(await store.withLock('L', async () => 'free')).toBe('free');
		});

		it('keeps keys that look like object internals as ordinary keys', async () => {
			const { store } = fx;
			expect(await store.claim('__proto__')).toBe(true);
			expect(await store.claim('constructor')).toBe(true);
			expect(await store.isClaimed('toString')).toBe(false);
			expect(await store.increment('__proto__')).toBe(1);
		});
	});
}
