import { randomBytes } from 'node:crypto';

import Redis, { type RedisOptions } from 'ioredis';

import { ServiceError } from '../errors';
import type { StateStore } from './store';
import { delay as wait, startHeartbeat } from '../timers';

/**
 * Bounds for every Redis client of this package: a frozen server (SIGSTOP, a
 * full network buffer) fails a command after `commandTimeout` instead of
 * holding the execution, a dead one fails after one reconnect attempt.
 */
export const REDIS_BOUNDS = {
	connectTimeout: 2_000,
	commandTimeout: 2_000,
	maxRetriesPerRequest: 1,
	retryStrategy: (times: number): number => Math.min(100 * times, 1_000),
} as const satisfies RedisOptions;

/** After a connection-class failure, commands fail at once for this long instead of each waiting its own timeout. */
const FAIL_FAST_MS = 3_000;

/** `host:port` of a Redis URL or client, never its password. */
export function redisEndpoint(source: { url?: string; client?: Redis }): string {
	if (source.url) {
		try {
			const u = new URL(source.url);
			return `${u.hostname}:${u.port || '6379'}`;
		} catch {
			return '(unparseable Redis URL)';
		}
	}
	const o = source.client?.options;
	return o?.path ? String(o.path) : `${o?.host ?? 'localhost'}:${o?.port ?? 6379}`;
}

/** True for the errors that mean "Redis is not there" rather than "Redis refused this command". */
function isConnectionError(error: unknown): boolean {
	const message = String((error as Error | null)?.message ?? '');
	const code = (error as { code?: unknown } | null)?.code;
	return (
		/Command timed out|max retries per request|Connection is closed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Stream isn't writeable|connect/i.test(message) ||
		(typeof code === 'string' && /^E[A-Z]+$/.test(code))
	);
}

/** A ServiceError naming Redis and the endpoint (no password), with what to check. */
export function redisError(error: unknown, endpoint: string): ServiceError {
	const message = String((error as Error | null)?.message ?? error);
	const why = /Command timed out/i.test(message)
		? `did not answer within ${REDIS_BOUNDS.commandTimeout} ms`
		: /max retries per request|Connection is closed|ECONNREFUSED|ECONNRESET|Stream isn't writeable/i.test(message)
			? 'is not reachable (connection refused or lost)'
			: `failed: ${message.replace(/redis(s)?:\/\/[^@\s]*@/gi, 'redis$1://***@').slice(0, 200)}`;
	return new ServiceError('Redis', `Redis at ${endpoint} ${why}`, {
		retryable: true,
		hint: `Check that Redis is running and reachable at ${endpoint} (host, port, password and TLS in the Redis credential).`,
	});
}

export interface RedisStoreOptions {
	/** A connected (or lazily connecting) ioredis client; the store does not close a client it was given. */
	client?: Redis;
	/** Or a URL (`redis://[:password@]host:port/db`, `rediss://` for TLS); the store owns and closes that client. */
	url?: string;
	/** Extra ioredis options for a client made from `url`. */
	redisOptions?: RedisOptions;
	/** Prepended to every key, so several tools can share one Redis (default `talent-pipeline:`). */
	keyPrefix?: string;
	/**
	 * A lock's lease (default 5 s). The holder renews it every third of the lease
	 * while it works, so a live holder keeps it however long it takes, and a
	 * holder that died (a SIGKILLed queue-mode worker) frees it within one lease.
	 */
	lockTtlMs?: number;
	/** How long withLock waits for a lock before giving up (default 20 s: several leases, so a dead holder never fails a live waiter). */
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

/** Extends the lease only while the lock still holds our token. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

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
	private readonly endpoint: string;
	/** Until when commands fail at once, after Redis was found unreachable or frozen. */
	private downUntil = 0;
	private downError: ServiceError | undefined;

	constructor(options: RedisStoreOptions) {
		if (options.client) {
			this.client = options.client;
			this.owned = false;
		} else if (options.url) {
			this.client = new Redis(options.url, { ...REDIS_BOUNDS, ...options.redisOptions });
			// Connection trouble also arrives as 'error' events; commands report it (redisError). Not logged: the event may carry the URL.
			this.client.on('error', () => undefined);
			this.owned = true;
		} else {
			throw new Error('RedisStore needs a client or a url');
		}
		this.prefix = options.keyPrefix ?? 'talent-pipeline:';
		this.lockTtlMs = options.lockTtlMs ?? 5_000;
		this.lockTimeoutMs = options.lockTimeoutMs ?? 20_000;
		this.endpoint = redisEndpoint(options);
	}

	/**
	 * Runs one command. Failures become ServiceErrors naming Redis and host:port;
	 * after a connection-class failure the next commands fail at once for a few
	 * seconds, so a dead or frozen Redis costs one timeout per run, not one per item.
	 */
	private async run<T>(command: () => Promise<T>): Promise<T> {
		if (this.downError && Date.now() < this.downUntil) throw this.downError;
		try {
			const result = await command();
			this.downError = undefined;
			return result;
		} catch (error) {
			if (error instanceof ServiceError) throw error;
			const wrapped = redisError(error, this.endpoint);
			if (isConnectionError(error)) {
				this.downError = wrapped;
				this.downUntil = Date.now() + FAIL_FAST_MS;
			}
			throw wrapped;
		}
	}

	/** Claims, counters and locks live in separate namespaces under the prefix, as they do in the other stores. */
	private k(key: string): string {
		return `${this.prefix}claim:${key}`;
	}

	private n(key: string): string {
		return `${this.prefix}count:${key}`;
	}

	async claim(key: string, ttlMs?: number): Promise<boolean> {
		const reply = await this.run(() =>
			ttlMs !== undefined ? this.client.set(this.k(key), '1', 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX') : this.client.set(this.k(key), '1', 'NX'),
		);
		return reply === 'OK';
	}

	async isClaimed(key: string): Promise<boolean> {
		return (await this.run(() => this.client.exists(this.k(key)))) === 1;
	}

	async release(key: string): Promise<void> {
		await this.run(() => this.client.del(this.k(key)));
	}

	async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
		const ttl = ttlMs !== undefined ? String(Math.max(1, Math.ceil(ttlMs))) : '';
		const value = await this.run(() => this.client.eval(INCREMENT, 1, this.n(key), String(Math.trunc(by)), ttl));
		return Number(value);
	}

	async counts(keys: string[]): Promise<number[]> {
		if (keys.length === 0) return [];
		const values = await this.run(() => this.client.mget(...keys.map((key) => this.n(key))));
		return values.map((v) => (v === null ? 0 : Number(v)));
	}

	async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		const lock = `${this.prefix}lock:${name}`;
		const token = randomBytes(12).toString('hex');
		const deadline = Date.now() + this.lockTimeoutMs;
		let delay = 5;
		while ((await this.run(() => this.client.set(lock, token, 'PX', this.lockTtlMs, 'NX'))) !== 'OK') {
			if (Date.now() > deadline) throw new Error(`lock '${name}' stayed held for ${this.lockTimeoutMs} ms`);
			await wait(delay + Math.random() * delay);
			delay = Math.min(delay * 2, 100);
		}
		// Heartbeat: renew the lease while `fn` runs; a failed renewal is left to the lease (the work goes on).
		const renew = startHeartbeat(Math.max(50, Math.floor(this.lockTtlMs / 3)), () => {
			this.client.eval(RENEW, 1, lock, token, String(this.lockTtlMs)).catch(() => undefined);
		});
		try {
			return await fn();
		} finally {
			renew.cancel();
			await this.run(() => this.client.eval(UNLOCK, 1, lock, token));
		}
	}

	async close(): Promise<void> {
		if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
	}
}
