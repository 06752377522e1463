/**
 * The package's only timers. Every bound the nodes keep (a request's deadline, an SMTP message's deadline, a
 * lock's lease renewal, a back-off wait) goes through these three functions, so the timer globals n8n's community
 * package scanner restricts are used in this one file, listed once in scripts/scan-exceptions.json with the
 * reason: the bounds must be cancelled when the work finishes first, and n8n-workflow 2.41 (the peer this package
 * is tested with) offers only `sleep`, which cannot be cancelled. Its `sleepWithAbort` arrives in later versions;
 * this file is the one place to switch to it.
 */

/** A pending deadline; `cancel()` stops it from firing (idempotent). */
export interface Deadline {
	cancel(): void;
}

/** Waits `ms` milliseconds (back-off between retries). */
export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `onExpiry` once after `ms` milliseconds unless cancelled first. */
export function startDeadline(ms: number, onExpiry: () => void): Deadline {
	const timer = setTimeout(onExpiry, Math.max(0, ms));
	return { cancel: () => clearTimeout(timer) };
}

/**
 * Calls `tick` every `ms` milliseconds until cancelled. It never keeps the process alive on its own (a lease
 * renewal is only useful while other work runs).
 */
export function startHeartbeat(ms: number, tick: () => void): Deadline {
	const timer = setInterval(tick, ms);
	timer.unref?.();
	return { cancel: () => clearInterval(timer) };
}
