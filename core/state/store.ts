/**
 * Shared state that must hold across retries, re-runs and executions running at
 * the same time (outreach at most once, fair owner assignment). Every operation
 * is atomic for every process sharing the store: the in-memory store within one
 * process, the file store across CLI processes on one machine, the n8n store
 * within one n8n process (n8n's deduplication helpers are not atomic by
 * themselves, so it serialises them), the Redis store across n8n queue-mode
 * workers.
 */
export interface StateStore {
	/** Records `key` if absent (for `ttlMs`; undefined = forever). True when this caller claimed it. */
	claim(key: string, ttlMs?: number): Promise<boolean>;
	/** True when `key` is currently claimed. */
	isClaimed(key: string): Promise<boolean>;
	/** Forgets a claim so a retry can claim it again (e.g. a send that failed). */
	release(key: string): Promise<void>;
	/** Adds `by` to a counter (created at 0, expiring after `ttlMs` if given) and returns the new value. */
	increment(key: string, by?: number, ttlMs?: number): Promise<number>;
	/** Reads counters; a missing counter reads 0. */
	counts(keys: string[]): Promise<number[]>;
	/** Runs `fn` while holding the lock `name` in every process that shares this store. */
	withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
	/** Frees connections and timers. */
	close?(): Promise<void>;
}
