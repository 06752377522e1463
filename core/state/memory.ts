import type { StateStore } from './store';

interface Entry {
	value: number;
	/** Epoch ms after which the entry is gone; undefined = never. */
	expiresAt?: number;
}

export interface MemoryStoreOptions {
	/** The clock (epoch ms); injected so tests can move time. */
	now?: () => number;
}

/**
 * A StateStore held in this process's memory. Each operation reads and writes
 * its map without awaiting in between, and JavaScript runs one callback at a
 * time, so every operation is atomic for all callers in this process (never
 * across processes: use the file store for the CLI, Redis for n8n workers).
 */
export class MemoryStore implements StateStore {
	private readonly claims = new Map<string, Entry>();
	private readonly counters = new Map<string, Entry>();
	private readonly locks = new Map<string, Promise<unknown>>();
	private readonly now: () => number;

	constructor(options: MemoryStoreOptions = {}) {
		this.now = options.now ?? Date.now;
	}

	private live(map: Map<string, Entry>, key: string): Entry | undefined {
		const entry = map.get(key);
		if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
			map.delete(key);
			return undefined;
		}
		return entry;
	}

	async claim(key: string, ttlMs?: number): Promise<boolean> {
		if (this.live(this.claims, key)) return false;
		this.claims.set(key, { value: 1, expiresAt: ttlMs !== undefined ? this.now() + ttlMs : undefined });
		return true;
	}

	async isClaimed(key: string): Promise<boolean> {
		return this.live(this.claims, key) !== undefined;
	}

	async release(key: string): Promise<void> {
		this.claims.delete(key);
	}

	async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
		const entry = this.live(this.counters, key);
		if (entry) {
			entry.value += by;
			return entry.value;
		}
		this.counters.set(key, { value: by, expiresAt: ttlMs !== undefined ? this.now() + ttlMs : undefined });
		return by;
	}

	async counts(keys: string[]): Promise<number[]> {
		return keys.map((key) => this.live(this.counters, key)?.value ?? 0);
	}

	async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		return chainLock(this.locks, name, fn);
	}

	async close(): Promise<void> {
		this.claims.clear();
		this.counters.clear();
	}
}

/**
 * Runs `fn` after every earlier holder of `name` in `locks` has finished: a
 * promise chain per name, removed when nobody waits on it any more. Shared by
 * the in-process stores.
 */
export async function chainLock<T>(locks: Map<string, Promise<unknown>>, name: string, fn: () => Promise<T>): Promise<T> {
	const previous = locks.get(name) ?? Promise.resolve();
	const run = previous.then(fn, fn);
	// The chain continues whether `fn` resolved or threw.
	const tail = run.then(
		() => undefined,
		() => undefined,
	);
	locks.set(name, tail);
	try {
		return await run;
	} finally {
		if (locks.get(name) === tail) locks.delete(name);
	}
}
