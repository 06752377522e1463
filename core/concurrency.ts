/** Bounded concurrency for the transports' per-candidate look-ups. Pure: no I/O of its own. */

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and returns
 * the results in the order of `items` (whatever order they finished in).
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const out = new Array<R>(items.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const i = next++;
			out[i] = await fn(items[i], i);
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
	return out;
}

/** A small counting semaphore: at most `limit` tasks at once, the others wait in order. */
export class Semaphore {
	private active = 0;
	private readonly queue: Array<() => void> = [];
	constructor(private readonly limit: number) {}
	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
		this.active++;
		try {
			return await task();
		} finally {
			this.active--;
			this.queue.shift()?.();
		}
	}
}
