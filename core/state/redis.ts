import { randomBytes } from 'node:crypto';

import Redis, { type RedisOptions } from 'ioredis';

import type { StateStore } from './store';

export interface RedisStoreOptions {
	/** A connected (or lazily connecting) ioredis client; the store does not close a client it was given. */
	client?: Redis;
	/** Or a URL (`redis://[:password@]host:port/db`, `rediss://` for TLS); the store owns and closes that client. */
	url?: string;
	/** Extra ioredis options for a client made from `url`. */
	redisOptions?: RedisOptions;
	/** Prepended to every key, so several tools can share one Redis (default `talent-pipeline:`). */
	keyPrefix?: string;
	/** A lock held longer than this expires, so a crashed holder cannot block others forever (default 30 s). */
	lockTtlMs?: number;
	/** How long withLock waits for a lock before giving up (default 15 s). */
	lockTimeoutMs?: number;
}

/** INCRBY, then an expiry only when the counter has none yet: the TTL runs from the counter's creation. */
const INCREMENT = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if ARGV[2] ~= '' and redis.call('PTTL', KEYS[1]) == -1 then
	redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return v`;

/** Deletes the lock only if it still holds our token: a lock that expired and was retaken is someone else's. */
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0`;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A StateStore in Redis, atomic across every process that shares the server
 * (n8n queue-mode workers): a claim is one `SET key 1 NX PX ttl`, which Redis
 * runs as a single command, so exactly one caller of many gets "OK".
 */
export class RedisStore implements StateStore {
	readonly client: Redis;
	private readonly owned: boolean;
	private readonly prefix: string;
	private readonly lockTtlMs: number;
	private readonly lockTimeoutMs: number;

	constructor(options: RedisStoreOptions) {
		if (options.client) {
			this.client = options.client;
			this.owned = false;
		} else if (options.url) {
			this.client = new Redis(options.url, { maxRetriesPerRequest: 2, ...options.redisOptions });
			this.owned = true;
		} else {
			throw new Error('RedisStore needs a client or a url');
		}
		this.prefix = options.keyPrefix ?? 'talent-pipeline:';
		this.lockTtlMs = options.lockTtlMs ?? 30_000;
		this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
	}

	/** Claims, counters and locks live in separate namespaces under the prefix, as they do in the other stores. */
	private k(key: string): string {
		return `${this.prefix}claim:${key}`;
	}

	private n(key: string): string {
		return `${this.prefix}count:${key}`;
	}

	async claim(key: string, ttlMs?: number): Promise<boolean> {
		const reply =
			ttlMs !== undefined
				? await this.client.set(this.k(key), '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX')
				: await this.client.set(this.k(key), '1', 'NX');
		return reply === 'OK';
	}

	async isClaimed(key: string): Promise<boolean> {
		return (await this.client.exists(this.k(key))) === 1;
	}

	async release(key: string): Promise<void> {
		await this.client.del(this.k(key));
	}

	async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
		const ttl = ttlMs !== undefined ? String(Math.max(1, Math.ceil(ttlMs))) : '';
		const value = await this.client.eval(INCREMENT, 1, this.n(key), String(Math.trunc(by)), ttl);
		return Number(value);
	}

	async counts(keys: string[]): Promise<number[]> {
		if (keys.length === 0) return [];
		const values = await this.client.mget(...keys.map((key) => this.n(key)));
		return values.map((v) => (v === null ? 0 : Number(v)));
	}

	async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		const lock = `${this.prefix}lock:${name}`;
		const token = randomBytes(12).toString('hex');
		const deadline = Date.now() + this.lockTimeoutMs;
		let delay = 5;
		while ((await this.client.set(lock, token, 'PX', this.lockTtlMs, 'NX')) !== 'OK') {
			if (Date.now() > deadline) throw new Error(`lock '${name}' stayed held for ${this.lockTimeoutMs} ms`);
			await sleep(delay + Math.random() * delay);
			delay = Math.min(delay * 2, 100);
		}
		try {
			return await fn();
		} finally {
			await this.client.eval(UNLOCK, 1, lock, token);
		}
	}

	async close(): Promise<void> {
		if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
	}
}
