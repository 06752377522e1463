/**
 * The polite JSON GET shared by the read-only public APIs the Candidate
 * Enricher reads besides GitHub (the Hugging Face Hub, Semantic Scholar):
 * conditional requests against an ETag cache, bounded retries of these
 * idempotent GETs on 429 / 5xx / no answer (honouring `Retry-After` and the
 * IETF `RateLimit` header the Hub sends), a cap on requests in flight, a
 * per-candidate request budget, and errors with every secret removed.
 * Takes an injected core HttpClient; never imports n8n-workflow.
 */
import { ServiceError } from '../core/errors';
import type { HttpClient, HttpResponse } from '../core/http';
import { Redactor } from '../core/redact';
import { delay } from '../core/timers';
import { Semaphore } from '../core/concurrency';

import type { EtagCache, RetryOptions } from './github';

export interface RestClientOptions {
	/** Names the service in errors (`Hugging Face`, `Semantic Scholar`). */
	service: string;
	http: HttpClient;
	/** API root, already checked (see checkBaseUrl). */
	baseUrl: string;
	/** Headers sent with every request (the CLI's token; inside n8n the credential adds it instead). */
	headers?: Record<string, string>;
	/** Strings that must never appear in an error. */
	secrets?: string[];
	cache?: EtagCache;
	retry?: RetryOptions;
	timeoutMs?: number;
	maxInFlight?: number;
	/** What a user can do about a rate limit (names the credential to add). */
	rateLimitHint: string;
	/** What a user can do about 401/403. */
	authHint: string;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	clock?: () => number;
	userAgent?: string;
}

export interface RestStats {
	requests: number;
	notModified: number;
	retries: number;
	waitedMs: number;
	byPath: Record<string, number>;
}

/** The candidate's request budget is spent: the request was not sent. */
export class BudgetExceeded extends ServiceError {}

/** One candidate's look-ups: requests made, and the most this candidate may make. */
export class RequestBudget {
	used = 0;
	constructor(readonly max: number) {}
	/** Requests still allowed. */
	get left(): number {
		return Math.max(0, this.max - this.used);
	}
}

export interface RestAnswer {
	status: number;
	body: unknown;
	link?: string;
}

/** Checks an API root URL: http(s), no query or fragment, no credentials inside. Throws a ServiceError naming the service. */
export function checkBaseUrl(service: string, raw: string | undefined, fallback: string, hint: string): string {
	const text = (raw ?? '').trim() || fallback;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new ServiceError(service, `'${text.slice(0, 100)}' is not a URL`, { hint });
	}
	if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
		throw new ServiceError(service, 'the server URL must be http(s) without credentials, query or fragment', { hint });
	}
	return url.toString().replace(/\/+$/, '');
}

/** The `rel="next"` target of a Link header. */
export function nextLink(link: string | undefined): string | undefined {
	if (!link) return undefined;
	for (const part of link.split(',')) {
		const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
		if (m) return m[1];
	}
	return undefined;
}

/**
 * Milliseconds to wait before a retry, from `Retry-After` (seconds or a date)
 * or the IETF `RateLimit` header (`"api";r=0;t=55`: `t` seconds until the
 * window resets; the Hub sends it with every answer).
 */
export function rateLimitWait(headers: Record<string, string>, now: number): number | undefined {
	const after = headers['retry-after'];
	if (after) {
		const seconds = Number(after);
		if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
		const date = Date.parse(after);
		if (Number.isFinite(date)) return Math.max(0, date - now);
	}
	const rl = headers.ratelimit;
	if (rl) {
		const t = /(?:^|[;,\s])t=(\d+(?:\.\d+)?)/.exec(rl);
		if (t) return Number(t[1]) * 1000;
	}
	const reset = headers['x-ratelimit-reset'] ?? headers['ratelimit-reset'];
	if (reset && Number.isFinite(Number(reset))) {
		const n = Number(reset);
		// Epoch seconds or seconds from now.
		return Math.max(0, n > 1e9 ? n * 1000 - now : n * 1000);
	}
	return undefined;
}


/** A read-only JSON API client: GETs only, cached, rate-limit aware, bounded. */
export class RestClient {
	readonly baseUrl: string;
	readonly service: string;
	readonly stats: RestStats = { requests: 0, notModified: 0, retries: 0, waitedMs: 0, byPath: {} };
	private readonly http: HttpClient;
	private readonly headers: Record<string, string>;
	private readonly cache?: EtagCache;
	private readonly redactor: Redactor;
	private readonly retry: Required<RetryOptions>;
	private readonly timeoutMs: number;
	private readonly gate: Semaphore;
	private readonly options: RestClientOptions;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	private readonly clock: () => number;
	/** When the service last said its budget is spent: wait until then before the next request. */
	private blockedUntil = 0;

	constructor(options: RestClientOptions) {
		this.options = options;
		this.service = options.service;
		this.http = options.http;
		this.baseUrl = options.baseUrl;
		this.headers = { 'user-agent': options.userAgent ?? 'n8n-nodes-talent-pipeline', ...(options.headers ?? {}) };
		this.cache = options.cache;
		this.redactor = new Redactor([...(options.secrets ?? []), ...Object.values(options.headers ?? {})]);
		this.retry = {
			maxAttempts: Math.max(1, Math.min(10, options.retry?.maxAttempts ?? 4)),
			baseDelayMs: options.retry?.baseDelayMs ?? 500,
			maxDelayMs: options.retry?.maxDelayMs ?? 8000,
			maxTotalWaitMs: options.retry?.maxTotalWaitMs ?? 60_000,
		};
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.gate = new Semaphore(Math.max(1, options.maxInFlight ?? 16));
		this.sleep = options.sleep ?? delay;
		this.random = options.random ?? Math.random;
		this.clock = options.clock ?? Date.now;
	}

	redact(text: string): string {
		return this.redactor.redact(text);
	}

	fail(message: string, options: { status?: number; hint?: string; retryable?: boolean } = {}): ServiceError {
		return new ServiceError(this.service, this.redact(message), { ...options, hint: options.hint ? this.redact(options.hint) : undefined });
	}

	private remoteMessage(body: unknown): string {
		const o = body && typeof body === 'object' ? (body as { message?: unknown; error?: unknown }) : undefined;
		const m = o ? (o.error ?? o.message) : typeof body === 'string' ? body : undefined;
		return typeof m === 'string' ? this.redact(m.replace(/\s+/g, ' ').slice(0, 200)) : '';
	}

	private async wait(ms: number, waited: { ms: number }): Promise<void> {
		if (ms <= 0) return;
		waited.ms += ms;
		this.stats.waitedMs += ms;
		await this.sleep(ms);
	}

	/** Follows a pagination link only within this API root, so a hostile Link header cannot send the credential elsewhere. */
	sameRoot(url: string | undefined): string | undefined {
		return url && url.startsWith(this.baseUrl + '/') ? url : undefined;
	}

	/**
	 * One GET with If-None-Match, rate-limit handling and bounded retries (GETs
	 * are idempotent, so retrying is safe). 2xx and 404 come back as data (a
	 * 2xx body is checked with `valid`, which says why it is not the service's
	 * shape); every other failure is a ServiceError. The candidate's budget is
	 * charged per request sent; an exhausted budget is an error, never a
	 * silent partial read.
	 */
	async get(url: string, pathKey: string, budget: RequestBudget, valid: (body: unknown) => string | null, accept = 'application/json'): Promise<RestAnswer> {
		const waited = { ms: 0 };
		const cached = this.cache?.get(url);
		let useCache = cached !== undefined;
		let lastError: ServiceError | undefined;
		for (let attempt = 0; attempt < this.retry.maxAttempts; attempt++) {
			if (attempt > 0) this.stats.retries++;
			if (budget.left <= 0) throw new BudgetExceeded(this.service, `more than ${budget.max} requests for one candidate; stopped`, { hint: 'The look-ups of one candidate are bounded; this profile needs more than the bound allows.' });
			const blocked = this.blockedUntil - this.clock();
			if (blocked > 0) {
				if (waited.ms + blocked > this.retry.maxTotalWaitMs) {
					throw this.fail(`rate limited until ${new Date(this.blockedUntil).toISOString()}`, { status: 429, retryable: true, hint: this.options.rateLimitHint });
				}
				await this.wait(blocked, waited);
			}
			const headers: Record<string, string> = { accept, ...this.headers };
			if (useCache && cached) headers['if-none-match'] = cached.etag;
			let res: HttpResponse;
			try {
				budget.used++;
				this.stats.requests++;
				this.stats.byPath[pathKey] = (this.stats.byPath[pathKey] ?? 0) + 1;
				res = await this.gate.run(() => this.http.request({ method: 'GET', url, headers, timeoutMs: this.timeoutMs }));
			} catch (error) {
				const retryable = error instanceof ServiceError ? error.retryable : true;
				lastError = this.fail(error instanceof Error ? error.message : 'request failed', { retryable, hint: `Check that ${this.baseUrl} is reachable.` });
				if (!retryable) throw lastError;
				const ms = this.backoff(attempt);
				if (attempt + 1 >= this.retry.maxAttempts || waited.ms + ms > this.retry.maxTotalWaitMs) break;
				await this.wait(ms, waited);
				continue;
			}
			this.noteRemaining(res.headers);
			if (res.status === 304 && cached) {
				this.stats.notModified++;
				return { status: 200, body: cached.body, link: cached.link };
			}
			if (res.status === 304) {
				useCache = false;
				continue;
			}
			if (res.status >= 200 && res.status < 300) {
				const wrong = valid(res.body);
				if (wrong) {
					throw this.fail(`the answer to ${pathKey} is not ${this.service}'s: ${wrong}`, { status: res.status, hint: `Check the ${this.service} URL (${this.baseUrl}).` });
				}
				const link = res.headers.link;
				const etag = res.headers.etag;
				if (etag && this.cache) this.cache.set(url, link ? { etag, body: res.body, link } : { etag, body: res.body });
				return { status: res.status, body: res.body, link };
			}
			if (res.status === 404) return { status: 404, body: res.body };
			if (res.status === 429 || (res.status === 503 && res.headers['retry-after'] !== undefined)) {
				const ms = rateLimitWait(res.headers, this.clock()) ?? this.backoff(attempt + 2);
				this.blockedUntil = Math.max(this.blockedUntil, this.clock() + ms);
				lastError = this.fail(`rate limited (HTTP ${res.status})${this.remoteMessage(res.body) ? ': ' + this.remoteMessage(res.body) : ''}`, { status: res.status, retryable: true, hint: this.options.rateLimitHint });
				if (attempt + 1 >= this.retry.maxAttempts || waited.ms + ms > this.retry.maxTotalWaitMs) throw lastError;
				continue;
			}
			if (res.status >= 500) {
				lastError = this.fail(`server error (HTTP ${res.status})`, { status: res.status, retryable: true, hint: `${this.service} had a problem; run again later.` });
				const ms = this.backoff(attempt);
				if (attempt + 1 >= this.retry.maxAttempts || waited.ms + ms > this.retry.maxTotalWaitMs) break;
				await this.wait(ms, waited);
				continue;
			}
			if (res.status === 401 || res.status === 403) {
				throw this.fail(`${res.status === 401 ? 'bad credentials' : 'forbidden'} (HTTP ${res.status})${this.remoteMessage(res.body) ? ': ' + this.remoteMessage(res.body) : ''}`, { status: res.status, hint: this.options.authHint });
			}
			throw this.fail(`HTTP ${res.status}${this.remoteMessage(res.body) ? ': ' + this.remoteMessage(res.body) : ''}`, { status: res.status });
		}
		throw lastError ?? this.fail('no answer', { retryable: true });
	}

	/** An answer that says the window is spent (`RateLimit: ...;r=0;t=N`) holds the next requests until it resets. */
	private noteRemaining(headers: Record<string, string>): void {
		const rl = headers.ratelimit;
		if (!rl || !/(?:^|[;,\s])r=0(?:$|[;,\s])/.test(rl)) return;
		const ms = rateLimitWait({ ratelimit: rl }, this.clock());
		if (ms !== undefined) this.blockedUntil = Math.max(this.blockedUntil, this.clock() + ms);
	}

	private backoff(attempt: number): number {
		const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
		return Math.floor(this.random() * cap);
	}
}

/** A ServiceError as a source's `error` outcome (never carrying a secret). */
export function errorOutcome(client: { redact(text: string): string }, error: unknown): { status: 'error'; message: string; httpCode?: number } {
	if (error instanceof ServiceError) {
		const message = `${error.service}: ${client.redact(error.message)}`;
		return error.status === undefined ? { status: 'error', message } : { status: 'error', message, httpCode: error.status };
	}
	throw error;
}
