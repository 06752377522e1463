import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';

import { chainLock } from '../../core/state/memory';
import type { StateStore } from '../../core/state/store';

interface FileEntry {
	v: number;
	/** Epoch ms after which the entry is gone; absent = never. */
	x?: number;
}

interface FileState {
	version: 1;
	claims: Record<string, FileEntry>;
	counters: Record<string, FileEntry>;
}

export interface FileStoreOptions {
	/** The clock (epoch ms). */
	now?: () => number;
	/** A lock file untouched for longer than this is taken to be left by a crashed process (default 10 s). */
	staleLockMs?: number;
	/** How long to wait for a lock before giving up (default 15 s). */
	lockTimeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A StateStore in one JSON file, safe when several processes (two CLI runs)
 * share it at once. Every operation takes a lock file created with O_EXCL
 * (`openSync(lock, 'wx')`: exactly one process can create it), reads the file,
 * writes the new state to a temporary file and renames it over the old one
 * (a reader never sees half a file), then deletes the lock. A lock left by a
 * crashed process is broken once it is older than `staleLockMs`; waiting is
 * bounded by `lockTimeoutMs`.
 */
export class FileStore implements StateStore {
	private readonly now: () => number;
	private readonly staleLockMs: number;
	private readonly lockTimeoutMs: number;
	/** Serialises this process's own callers first, so they queue instead of spinning on the lock file. */
	private readonly local = new Map<string, Promise<unknown>>();

	constructor(
		readonly file: string,
		options: FileStoreOptions = {},
	) {
		this.now = options.now ?? Date.now;
		this.staleLockMs = options.staleLockMs ?? 10_000;
		this.lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
	}

	async claim(key: string, ttlMs?: number): Promise<boolean> {
		return this.update((state, now) => {
			if (live(state.claims, key, now)) return false;
			state.claims[key] = ttlMs !== undefined ? { v: 1, x: now + ttlMs } : { v: 1 };
			return true;
		});
	}

	async isClaimed(key: string): Promise<boolean> {
		return this.update((state, now) => live(state.claims, key, now) !== undefined, false);
	}

	async release(key: string): Promise<void> {
		await this.update((state) => {
			delete state.claims[key];
		});
	}

	async increment(key: string, by = 1, ttlMs?: number): Promise<number> {
		return this.update((state, now) => {
			const entry = live(state.counters, key, now);
			if (entry) {
				entry.v += by;
				return entry.v;
			}
			state.counters[key] = ttlMs !== undefined ? { v: by, x: now + ttlMs } : { v: by };
			return by;
		});
	}

	async counts(keys: string[]): Promise<number[]> {
		return this.update((state, now) => keys.map((key) => live(state.counters, key, now)?.v ?? 0), false);
	}

	async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		const lock = `${this.file}.${createHash('sha256').update(name).digest('hex').slice(0, 16)}.lock`;
		return chainLock(this.local, lock, async () => {
			const token = await this.acquire(lock);
			// A long holder keeps its lock fresh so nobody takes it for stale.
			const heartbeat = setInterval(() => touch(lock), Math.max(50, Math.floor(this.staleLockMs / 3)));
			heartbeat.unref();
			try {
				return await fn();
			} finally {
				clearInterval(heartbeat);
				releaseLock(lock, token);
			}
		});
	}

	async close(): Promise<void> {
		// Nothing held between operations.
	}

	/** Runs `change` on the current state under the data lock; writes the file back when `write`. */
	private async update<T>(change: (state: FileState, now: number) => T, write = true): Promise<T> {
		const lock = `${this.file}.lock`;
		return chainLock(this.local, lock, async () => {
			const token = await this.acquire(lock);
			try {
				const state = this.read();
				const now = this.now();
				const result = change(state, now);
				if (write) {
					prune(state, now);
					const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
					writeFileSync(temp, JSON.stringify(state));
					renameSync(temp, this.file);
				}
				return result;
			} finally {
				releaseLock(lock, token);
			}
		});
	}

	private read(): FileState {
		let text: string;
		try {
			text = readFileSync(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState();
			throw error;
		}
		if (text.trim() === '') return emptyState();
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			// Refuse to overwrite a file we cannot read: it may hold claims that stop double sends.
			throw new Error(`state file ${this.file} is not valid JSON; move it away to start afresh`);
		}
		const state = parsed as Partial<FileState>;
		if (!state || typeof state !== 'object' || typeof state.claims !== 'object' || typeof state.counters !== 'object') {
			throw new Error(`state file ${this.file} is not a talent-pipeline state file`);
		}
		// Null-prototype maps: a key such as '__proto__' stays an ordinary entry.
		return {
			version: 1,
			claims: Object.assign(Object.create(null) as Record<string, FileEntry>, state.claims),
			counters: Object.assign(Object.create(null) as Record<string, FileEntry>, state.counters),
		};
	}

	/** Creates `lock` exclusively, waiting with jittered back-off, breaking a stale lock; returns the token written in it. */
	private async acquire(lock: string): Promise<string> {
		const token = `${process.pid}:${randomBytes(8).toString('hex')}`;
		const deadline = Date.now() + this.lockTimeoutMs;
		let delay = 2;
		for (;;) {
			try {
				const fd = openSync(lock, 'wx');
				try {
					writeSync(fd, token);
				} finally {
					closeSync(fd);
				}
				return token;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			}
			this.breakIfStale(lock);
			if (Date.now() > deadline) {
				throw new Error(`state file ${this.file} stayed locked for ${this.lockTimeoutMs} ms (lock ${lock})`);
			}
			await sleep(delay + Math.random() * delay);
			delay = Math.min(delay * 2, 50);
		}
	}

	/**
	 * Removes a lock whose holder stopped touching it. It is first renamed to a
	 * unique name (only one breaker can win the rename) and checked again, so a
	 * lock another process has just created fresh is put back, not deleted.
	 */
	private breakIfStale(lock: string): void {
		let mtime: number;
		try {
			mtime = statSync(lock).mtimeMs;
		} catch {
			return;
		}
		if (Date.now() - mtime <= this.staleLockMs) return;
		const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
		try {
			renameSync(lock, aside);
		} catch {
			return; // someone else broke or released it
		}
		try {
			if (Date.now() - statSync(aside).mtimeMs <= this.staleLockMs) {
				// It was a fresh lock after all: put it back unless a new one exists.
				// link, unlike rename, fails when a new lock already exists.
				try {
					linkSync(aside, lock);
				} catch {
					// a new holder exists: drop ours
				}
			}
			unlinkSync(aside);
		} catch {
			// already gone
		}
	}
}

function emptyState(): FileState {
	return { version: 1, claims: Object.create(null) as Record<string, FileEntry>, counters: Object.create(null) as Record<string, FileEntry> };
}

function live(map: Record<string, FileEntry>, key: string, now: number): FileEntry | undefined {
	const entry = map[key];
	if (entry === undefined) return undefined;
	if (entry.x !== undefined && entry.x <= now) return undefined;
	return entry;
}

/** Drops expired entries so the file does not grow without bound. */
function prune(state: FileState, now: number): void {
	for (const map of [state.claims, state.counters]) {
		for (const [key, entry] of Object.entries(map)) if (entry.x !== undefined && entry.x <= now) delete map[key];
	}
}

function touch(lock: string): void {
	try {
		const now = new Date();
		utimesSync(lock, now, now);
	} catch {
		// lock gone: the release that follows will notice nothing to delete
	}
}

/** Deletes `lock` only if it still holds our token (a broken-and-retaken lock belongs to someone else). */
function releaseLock(lock: string, token: string): void {
	try {
		if (readFileSync(lock, 'utf8') === token) unlinkSync(lock);
	} catch {
		// already gone
	}
}
