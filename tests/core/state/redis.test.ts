import Redis from 'ioredis';

import { RedisStore } from '../../../core/state/redis';
import { startRedis, type RedisServer } from '../../servers/redis';
import { storeContract } from './contract';

let server: RedisServer | undefined;
let prefixCounter = 0;

storeContract(
	'RedisStore (real redis-server)',
	async () => {
		server ??= await startRedis();
		// A fresh key prefix per test keeps tests apart on one server.
		const store = new RedisStore({ url: server.url, keyPrefix: `t${prefixCounter++}:` });
		return { store, advance: (ms) => new Promise((r) => setTimeout(r, ms)) };
	},
	async () => {
		await server?.stop();
	},
);

describe('RedisStore details', () => {
	let redis: RedisServer;
	beforeAll(async () => {
		redis = await startRedis();
	});
	afterAll(async () => {
		await redis.stop();
	});

	it('uses the key prefix and leaves a client it was given open', async () => {
		const client = new Redis(redis.url);
		const store = new RedisStore({ client, keyPrefix: 'pfx:' });
		await store.claim('k', 60_000);
		await store.increment('n', 2, 60_000);
		expect(await client.get('pfx:claim:k')).toBe('1');
		expect(await client.get('pfx:count:n')).toBe('2');
		const ttl = await client.pttl('pfx:count:n');
		expect(ttl).toBeGreaterThan(0);
		await store.close();
		expect(await client.ping()).toBe('PONG');
		await client.quit();
	});

	it('grants one claim to many clients racing on separate connections', async () => {
		const stores = Array.from({ length: 8 }, () => new RedisStore({ url: redis.url, keyPrefix: 'race:' }));
		const results = await Promise.all(stores.flatMap((s) => Array.from({ length: 5 }, () => s.claim('one', 60_000))));
		expect(results.filter(Boolean)).toHaveLength(1);
		await Promise.all(stores.map((s) => s.close()));
	});

	it("a dead holder's lock frees within one lease, so a live waiter does not fail; a live slow holder keeps it by renewing", async () => {
		const client = new Redis(redis.url);
		// A worker that took the lock and was SIGKILLed: the key is there, nobody renews or releases it.
		await client.set('lease:lock:assign:default', 'dead-worker-token', 'PX', 600);
		const live = new RedisStore({ url: redis.url, keyPrefix: 'lease:', lockTtlMs: 600, lockTimeoutMs: 3_000 });
		const waited = Date.now();
		await expect(live.withLock('assign:default', async () => 'assigned')).resolves.toBe('assigned');
		expect(Date.now() - waited).toBeLessThan(3_000);

		// A live holder working for three leases keeps the lock: a second process cannot enter meanwhile.
		const other = new RedisStore({ url: redis.url, keyPrefix: 'lease:', lockTtlMs: 600, lockTimeoutMs: 900 });
		const order: string[] = [];
		const slow = live.withLock('assign:slow', async () => {
			order.push('slow in');
			await new Promise((r) => setTimeout(r, 1_800));
			order.push('slow out');
		});
		await new Promise((r) => setTimeout(r, 100));
		await expect(other.withLock('assign:slow', async () => order.push('other in'))).rejects.toThrow(/stayed held/);
		await slow;
		expect(order).toEqual(['slow in', 'slow out']);
		await Promise.all([live.close(), other.close(), client.quit()]);
	});
});
