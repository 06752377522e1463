import { createHash } from 'node:crypto';

import Redis from 'ioredis';
import { InputError } from '../../core/errors';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { Redactor } from '../../core/redact';
import { chainLock } from '../../core/state/memory';
import { REDIS_BOUNDS, RedisStore, redisEndpoint, redisError } from '../../core/state/redis';
import type { StateStore } from '../../core/state/store';

/** Where at-most-once state lives: n8n's own database (one n8n process) or Redis (queue mode, several workers). */
export type StateBackend = 'n8n' | 'redis';

export const REDIS_CREDENTIAL = 'talentPipelineRedis';

/**
 * One promise chain per node of a workflow, shared by every execution in this process.
 * n8n's deduplication helpers read the stored entries, await the database,
 * then write: two executions that interleave there both see a key as new
 * (measured on n8n 2.41.1: 195 "new" answers for 50 keys). Chaining every
 * read-and-record of one workflow makes each one atomic within the process.
 */
const dedupChains = new Map<string, Promise<unknown>>();
const lockChains = new Map<string, Promise<unknown>>();

/**
 * The TTL each key was last claimed with, so `isClaimed` and `release` (which
 * the StateStore interface calls without a TTL) find the bucketed entry.
 * Bounded: the oldest hints are dropped first.
 */
const ttlHints = new Map<string, number>();
const MAX_TTL_HINTS = 50_000;

function rememberTtl(key: string, ttlMs: number): void {
	ttlHints.delete(key);
	ttlHints.set(key, ttlMs);
	if (ttlHints.size > MAX_TTL_HINTS) ttlHints.delete(ttlHints.keys().next().value as string);
}

/** Counters are stored in binary, one entry per set bit: 2^40 is more than any count here. */
const COUNTER_BITS = 40;

/**
 * Counter values this process already knows, by scope and key. Every change of
 * a counter goes through this process's promise chain, so once read the cached
 * value stays right (a restart reads it again). Bounded: oldest dropped first.
 */
const counterCache = new Map<string, number>();
const MAX_CACHED_COUNTERS = 50_000;

function cacheCounter(id: string, value: number): void {
	counterCache.delete(id);
	counterCache.set(id, value);
	if (counterCache.size > MAX_CACHED_COUNTERS) counterCache.delete(counterCache.keys().next().value as string);
}

export interface N8nStoreOptions {
	/** The clock (epoch ms). */
	now?: () => number;
}

/**
 * A StateStore on n8n's own database, through the deduplication helpers behind
 * n8n's Remove Duplicates node (`checkProcessedAndRecord` / `removeProcessed`,
 * scope 'node', mode 'entries'). Those helpers only record and forget
 * entries, and they are not atomic, so this store:
 *
 * - serialises every read-and-record of one workflow through a process-wide
 *   promise chain (atomic within one n8n process, NOT across queue-mode
 *   workers: use the Redis backend there);
 * - implements a claim with a TTL by time buckets. A claim records
 *   `key@b` with b = floor(now / ttl) and counts as taken while `key@b` or
 *   `key@(b-1)` is recorded. A claim made at time t sits in bucket b, so it
 *   blocks every later claim until bucket b+2 starts at (b+2)*ttl > t + ttl:
 *   the gap between two claims is always at least the TTL (and at most twice
 *   it), which is what a cooldown needs. Entries cannot expire by themselves;
 *   stale buckets are deleted when the key is claimed again;
 * - implements a counter in binary, one entry `key|b<i>` per set bit, so a
 *   counter costs at most 40 entries and two helper calls to read, whatever
 *   its value; values this process has read are cached. Counters never expire
 *   here (`ttlMs` is ignored): scope counter keys by period (a day) instead.
 *
 * State is per node (scope 'node'): n8n keeps all of a workflow's 'workflow'
 * scope entries in one list that a Remove Duplicates node in the same workflow
 * trims or clears, which would silently forget outreach claims. Two nodes, or
 * two workflows, do not share state here; use Redis for that.
 */
export class N8nStore implements StateStore {
	private readonly now: () => number;

	constructor(
		private readonly ctx: IExecuteFunctions,
		options: N8nStoreOptions = {},
	) {
		this.now = options.now ?? Date.now;
	}

	private get scope(): string {
		return `wf:${this.ctx.getWorkflow().id ?? ''}:node:${this.ctx.getNode().id}`;
	}

	private serial<T>(fn: () => Promise<T>): Promise<T> {
		return chainLock(dedupChains, this.scope, fn);
	}

	/** Records `entries`; returns the set of those that were already recorded. */
	private async record(entries: string[]): Promise<Set<string>> {
		const result = await this.ctx.helpers.checkProcessedAndRecord(entries, 'node', { mode: 'entries' });
		return new Set(result.processed.map(String));
	}

	private async forget(entries: string[]): Promise<void> {
		if (entries.length > 0) await this.ctx.helpers.removeProcessed(entries, 'node', { mode: 'entries' });
	}

	/** Checks entries without leaving a trace: records them, then forgets those that were new. */
	private async probe(entries: string[]): Promise<Set<string>> {
		const seen = await this.record(entries);
		await this.forget(entries.filter((e) => !seen.has(e)));
		return seen;
	}

	private claimEntries(key: string, ttlMs: number | undefined, now: number): string[] {
		if (ttlMs === undefined) return [`c|${key}`];
		const ttl = Math.max(1, Math.ceil(ttlMs));
		const bucket = Math.floor(now / ttl);
		return [`c|${key}|${ttl}@${bucket}`, `c|${key}|${ttl}@${bucket - 1}`];
	}

	async claim(key: string, ttlMs?: number): Promise<boolean> {
		return this.serial(async () => {
			const now = this.now();
			const entries = this.claimEntries(key, ttlMs, now);
			const seen = await this.record(entries);
			if (seen.size === 0) {
				if (ttlMs !== undefined) {
					rememberTtl(key, ttlMs);
					// Keep only the current bucket; drop the probe of the previous one and a stale older one.
					const ttl = Math.max(1, Math.ceil(ttlMs));
					await this.forget([entries[1], `c|${key}|${ttl}@${Math.floor(now / ttl) - 2}`]);
				}
				return true;
			}
			await this.forget(entries.filter((e) => !seen.has(e)));
			return false;
		});
	}

	private knownEntries(key: string): string[] {
		const ttl = ttlHints.get(key);
		return ttl === undefined ? [`c|${key}`] : [`c|${key}`, ...this.claimEntries(key, ttl, this.now())];
	}

	async isClaimed(key: string): Promise<boolean> {
		return this.serial(async () => (await this.probe(this.knownEntries(key))).size > 0);
	}

	async release(key: string): Promise<void> {
		await this.serial(async () => this.forget(this.knownEntries(key)));
	}

	private bitEntries(key: string): string[] {
		return Array.from({ length: COUNTER_BITS }, (_, i) => `n|${key}|b${i}`);
	}

	/** The value of counter `key`: from this process's cache, or read from its bit entries. */
	private async counterValue(key: string): Promise<number> {
		const cached = counterCache.get(`${this.scope}|${key}`);
		if (cached !== undefined) return cached;
		const bits = this.bitEntries(key);
		const seen = await this.probe(bits);
		const value = bits.reduce((sum, entry, i) => (seen.has(entry) ? sum + 2 ** i : sum), 0);
		cacheCounter(`${this.scope}|${key}`, value);
		return value;
	}

	// No ttlMs parameter: counters never expire in this store (see above).
	async increment(key: string, by = 1): Promise<number> {
		return this.serial(async () => {
			const before = await this.counterValue(key);
			const after = Math.min(2 ** COUNTER_BITS - 1, Math.max(0, before + Math.trunc(by)));
			const bits = this.bitEntries(key);
			const isSet = (value: number, i: number) => Math.floor(value / 2 ** i) % 2 === 1;
			const set = bits.filter((_, i) => isSet(after, i) && !isSet(before, i));
			const clear = bits.filter((_, i) => !isSet(after, i) && isSet(before, i));
			if (set.length > 0) await this.record(set);
			await this.forget(clear);
			cacheCounter(`${this.scope}|${key}`, after);
			return after;
		});
	}

	async counts(keys: string[]): Promise<number[]> {
		return this.serial(async () => {
			const out: number[] = [];
			for (const key of keys) out.push(await this.counterValue(key));
			return out;
		});
	}

	/** A process-wide lock (like the rest of this store, not shared across queue-mode workers). */
	async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		return chainLock(lockChains, `${this.scope}:${name}`, fn);
	}
}

/**
 * One Redis connection per credential per process, reused by every execution. No exit hook closes them: a
 * process that exits closes its sockets anyway, and an 'exit' handler runs too late to do more than that.
 */
const redisClients = new Map<string, Redis>();

function redisOptions(creds: ICredentialDataDecryptedObject) {
	return {
		host: String(creds.host ?? 'localhost'),
		port: Number(creds.port ?? 6379),
		username: creds.user ? String(creds.user) : undefined,
		password: creds.password ? String(creds.password) : undefined,
		db: Number(creds.database ?? 0),
		tls: creds.ssl === true ? {} : undefined,
		// A frozen or dead Redis fails fast, naming itself (core/state/redis.ts).
		...REDIS_BOUNDS,
	};
}

function redisClientFor(creds: ICredentialDataDecryptedObject): Redis {
	const options = redisOptions(creds);
	// The cache key is a hash, so the password never sits in a readable map key.
	const id = createHash('sha256').update(JSON.stringify(options)).digest('hex');
	let client = redisClients.get(id);
	if (!client || client.status === 'end') {
		client = new Redis(options);
		// ioredis reports connection trouble as 'error' events; commands then fail
		// with an error the node reports per item. Nothing is logged here: the
		// event carries the connection options.
		client.on('error', () => undefined);
		redisClients.set(id, client);
	}
	return client;
}

/** Closes the cached Redis connections (tests; in n8n they live as long as the process). */
export async function closeStateConnections(): Promise<void> {
	const clients = [...redisClients.values()];
	redisClients.clear();
	await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}

/** The state store a node uses for `backend`: n8n's database, or Redis from the `talentPipelineRedis` credential. */
export async function stateStoreFor(ctx: IExecuteFunctions, backend: StateBackend, itemIndex = 0): Promise<StateStore> {
	if (backend === 'n8n') {
		if (process.env.EXECUTIONS_MODE === 'queue') {
			// The n8n store is atomic only inside one process: in queue mode several
			// workers could each claim the same send or the same assignment slot.
			throw new InputError(
				'stateBackend',
				"n8n runs in queue mode, where the n8n database store cannot keep state atomic across workers",
				"Set State Storage to Redis (a 'Talent Pipeline Redis' credential).",
			);
		}
		return new N8nStore(ctx);
	}
	const creds = await ctx.getCredentials(REDIS_CREDENTIAL, itemIndex);
	return new RedisStore({
		client: redisClientFor(creds),
		keyPrefix: typeof creds.prefix === 'string' && creds.prefix !== '' ? creds.prefix : 'talent-pipeline:',
	});
}

/** n8n credential test for `talentPipelineRedis`: connects and sends PING, with a short timeout. */
export async function testRedisCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const creds = credential.data ?? {};
	const client = new Redis({ ...redisOptions(creds), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.ping();
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		const redactor = new Redactor([creds.password ? String(creds.password) : undefined]);
		return { status: 'Error', message: `Could not connect: ${redactor.redact(redisError(error, redisEndpoint({ client })).message)}` };
	} finally {
		client.disconnect();
	}
}
