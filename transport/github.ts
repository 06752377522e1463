/**
 * GitHub REST API v3 transport (rubric section 4): the four reads vetting
 * needs, plus the merged pull requests a candidate authored elsewhere (issue
 * search) and the standing of their target repositories, with conditional
 * requests (ETags: an authorized 304 costs no rate limit), rate-limit awareness
 * per GitHub rate-limit resource (`core`, and `search` with its own smaller
 * budget), and bounded retries of these idempotent GETs.
 * Takes an injected core HttpClient; never imports n8n-workflow.
 */
import { mapLimit, Semaphore } from '../core/concurrency';
import { ServiceError } from '../core/errors';
import type { HttpClient, HttpResponse } from '../core/http';
import {
	githubShapeError,
	selectRelevantRepos,
	trimContents,
	trimLanguages,
	trimRepos,
	trimUser,
	type ContentEntry,
	type GithubAnswerKind,
	type GithubData,
	type GithubRepo,
	type GithubUser,
} from '../core/candidate/github';
import { isSafeRepoName, isValidLogin } from '../core/candidate/login';
import {
	MERGED_PR_RULES,
	repositoryShapeError,
	searchShapeError,
	selectTargets,
	trimSearchPage,
	trimTargetRepo,
	type MergedPr,
	type MergedPrData,
	type TargetRepo,
} from '../core/candidate/merged';
import type { SourceOutcome } from '../core/candidate/sources';
import { Redactor } from '../core/redact';
import { delay } from '../core/timers';
import type { GithubOutcome } from '../core/candidate/vet';
import { nextLink } from './rest';

const SERVICE = 'GitHub';
export const DEFAULT_GITHUB_URL = 'https://api.github.com';

/** One cached answer: its ETag, the (trimmed) body, and the Link header of a page. */
export interface EtagEntry {
	etag: string;
	body: unknown;
	link?: string;
}

/** Where ETags and bodies are kept between runs (n8n static data, a file, memory). */
export interface EtagCache {
	get(url: string): EtagEntry | undefined;
	set(url: string, entry: EtagEntry): void;
}

/**
 * An EtagCache over a plain object (n8n's workflow static data or a JSON
 * file's content), bounded to `maxEntries`: the oldest entries go first.
 */
export class ObjectEtagCache implements EtagCache {
	private readonly entries: Record<string, EtagEntry & { t: number }>;
	private counter: number;

	constructor(
		store: Record<string, unknown>,
		private readonly maxEntries = 2000,
		key = 'githubEtags',
	) {
		const existing = store[key];
		this.entries = existing && typeof existing === 'object' && !Array.isArray(existing) ? (existing as Record<string, EtagEntry & { t: number }>) : {};
		store[key] = this.entries;
		this.counter = Object.values(this.entries).reduce((m, e) => Math.max(m, typeof e?.t === 'number' ? e.t : 0), 0);
	}

	get(url: string): EtagEntry | undefined {
		const e = this.entries[url];
		if (!e || typeof e.etag !== 'string') return undefined;
		return e.link === undefined ? { etag: e.etag, body: e.body } : { etag: e.etag, body: e.body, link: e.link };
	}

	set(url: string, entry: EtagEntry): void {
		this.entries[url] = { ...entry, t: ++this.counter };
		const keys = Object.keys(this.entries);
		if (keys.length <= this.maxEntries) return;
		keys.sort((a, b) => this.entries[a].t - this.entries[b].t);
		for (const k of keys.slice(0, keys.length - this.maxEntries)) delete this.entries[k];
	}

	get size(): number {
		return Object.keys(this.entries).length;
	}
}

export interface RetryOptions {
	/** Attempts per request, the first included (default 4). */
	maxAttempts?: number;
	/** First back-off step for 5xx and timeouts (default 500 ms), doubled per attempt, full jitter. */
	baseDelayMs?: number;
	/** Longest single back-off (default 8 s). */
	maxDelayMs?: number;
	/** Longest total wait per request across retries, rate-limit waits included (default 60 s). */
	maxTotalWaitMs?: number;
}

export interface GithubClientOptions {
	http: HttpClient;
	/** API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise. */
	baseUrl?: string;
	cache?: EtagCache;
	/** Sent as `Authorization: Bearer` (the CLI). Inside n8n the credential adds it instead. */
	token?: string;
	/** Strings that must never appear in an error (the token). */
	secrets?: string[];
	/**
	 * Requests carry an Authorization header (a token here, or one the n8n
	 * credential adds). Default: whether `token` is set.
	 */
	authorized?: boolean;
	retry?: RetryOptions;
	timeoutMs?: number;
	/** Pages of /repos followed through the Link header (100 repositories each, default 3). */
	maxRepoPages?: number;
	/** Requests in flight at once across all candidates (default 32, below GitHub's concurrency guidance). */
	maxInFlight?: number;
	/** Injectable for tests: waiting, jitter and the clock. */
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	clock?: () => number;
	userAgent?: string;
}

export interface GithubStats {
	requests: number;
	notModified: number;
	retries: number;
	waitedMs: number;
	byPath: Record<string, number>;
}

/** Checks an API root URL: http(s), no query or fragment, no credentials inside. */
export function normaliseBaseUrl(raw: string | undefined): string {
	const text = (raw ?? '').trim() || DEFAULT_GITHUB_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new ServiceError(SERVICE, `'${text.slice(0, 100)}' is not a URL`, { hint: 'Use https://api.github.com or https://HOST/api/v3 for GitHub Enterprise.' });
	}
	if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
		throw new ServiceError(SERVICE, 'the server URL must be http(s) without credentials, query or fragment', { hint: 'Use https://api.github.com or https://HOST/api/v3 for GitHub Enterprise.' });
	}
	return url.toString().replace(/\/+$/, '');
}

function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}



interface GetResult {
	status: number;
	body: unknown;
	link?: string;
}

/**
 * GitHub's rate-limit resources this transport spends. Search has its own,
 * much smaller budget (30 requests a minute with a token, 10 without) that
 * resets every minute; spending it must not stop the core look-ups, nor the
 * other way round.
 */
export type RateResource = 'core' | 'search';

/**
 * The search budget resets every minute: waiting for its reset (plus the one
 * second of margin) is always allowed, whatever the shorter wait budget, so a
 * batch paces itself to GitHub's 30 (or 10) searches a minute instead of
 * failing the candidates over the limit.
 */
const SEARCH_WINDOW_WAIT_MS = 62_000;

/** The last rate-limit state GitHub reported for one resource. */
export interface RateLimitState {
	remaining?: number;
	resetAt?: number;
}

interface GetOptions {
	/** Which budget the request spends (default `core`). */
	resource?: RateResource;
	/** Statuses returned as data instead of raised (404 always; search adds 422). */
	asData?: readonly number[];
}

/** The four GitHub reads of rubric section 4, polite and cached. */
export class GithubClient {
	readonly baseUrl: string;
	readonly stats: GithubStats = { requests: 0, notModified: 0, retries: 0, waitedMs: 0, byPath: {} };
	/** Last `core` rate-limit state GitHub reported (shared by all candidates of a run). */
	readonly rateLimit: RateLimitState = {};
	/** Last `search` rate-limit state GitHub reported (its own, per-minute budget). */
	readonly searchRateLimit: RateLimitState = {};
	private readonly http: HttpClient;
	private readonly cache?: EtagCache;
	private readonly token?: string;
	private readonly authorized: boolean;
	private readonly redactor: Redactor;
	private readonly retry: Required<RetryOptions>;
	private readonly timeoutMs: number;
	private readonly maxRepoPages: number;
	private readonly gate: Semaphore;
	private readonly sleep: (ms: number) => Promise<void>;
	private readonly random: () => number;
	private readonly clock: () => number;
	private readonly userAgent: string;

	constructor(options: GithubClientOptions) {
		this.http = options.http;
		this.baseUrl = normaliseBaseUrl(options.baseUrl);
		this.cache = options.cache;
		this.token = options.token?.trim() || undefined;
		this.authorized = options.authorized ?? this.token !== undefined;
		this.redactor = new Redactor([...(options.secrets ?? []), this.token]);
		this.retry = {
			maxAttempts: Math.max(1, Math.min(10, options.retry?.maxAttempts ?? 4)),
			baseDelayMs: options.retry?.baseDelayMs ?? 500,
			maxDelayMs: options.retry?.maxDelayMs ?? 8000,
			maxTotalWaitMs: options.retry?.maxTotalWaitMs ?? 60_000,
		};
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.maxRepoPages = Math.max(1, Math.min(10, options.maxRepoPages ?? 3));
		this.gate = new Semaphore(Math.max(1, options.maxInFlight ?? 32));
		this.sleep = options.sleep ?? delay;
		this.random = options.random ?? Math.random;
		this.clock = options.clock ?? Date.now;
		this.userAgent = options.userAgent ?? 'n8n-nodes-talent-pipeline';
	}

	/** Removes any secret from text that may reach an error message or log. */
	redact(text: string): string {
		return this.redactor.redact(text);
	}

	private fail(message: string, options: { status?: number; hint?: string; retryable?: boolean }): ServiceError {
		return new ServiceError(SERVICE, this.redact(message), { ...options, hint: options.hint ? this.redact(options.hint) : undefined });
	}

	private remoteMessage(body: unknown): string {
		const m = body && typeof body === 'object' ? (body as { message?: unknown }).message : typeof body === 'string' ? body : undefined;
		return typeof m === 'string' ? this.redact(m.replace(/\s+/g, ' ').slice(0, 200)) : '';
	}

	private budget(resource: RateResource): RateLimitState {
		return resource === 'search' ? this.searchRateLimit : this.rateLimit;
	}

	/**
	 * Records the rate-limit headers in the budget they describe: GitHub names it
	 * in `x-ratelimit-resource`; without that header, the one the request spends.
	 * Headers of another resource (graphql, code_search, ...) are not ours to track.
	 */
	private noteRateLimit(headers: Record<string, string>, resource: RateResource): void {
		const named = headers['x-ratelimit-resource'];
		if (named !== undefined && named !== 'core' && named !== 'search') return;
		const state = this.budget((named as RateResource | undefined) ?? resource);
		const remaining = Number(headers['x-ratelimit-remaining']);
		const reset = Number(headers['x-ratelimit-reset']);
		if (headers['x-ratelimit-remaining'] !== undefined && Number.isFinite(remaining)) state.remaining = remaining;
		if (headers['x-ratelimit-reset'] !== undefined && Number.isFinite(reset)) state.resetAt = reset * 1000;
	}

	private isRateLimited(res: HttpResponse): boolean {
		if (res.status === 429) return true;
		if (res.status !== 403) return false;
		return res.headers['x-ratelimit-remaining'] === '0' || res.headers['retry-after'] !== undefined || /rate limit/i.test(this.remoteMessage(res.body));
	}

	private backoff(attempt: number): number {
		const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
		return Math.floor(this.random() * cap);
	}

	private async wait(ms: number, waited: { ms: number }): Promise<void> {
		if (ms <= 0) return;
		waited.ms += ms;
		this.stats.waitedMs += ms;
		await this.sleep(ms);
	}

	/**
	 * One GET with If-None-Match, rate-limit handling and bounded retries. Only
	 * GETs exist in this transport: they are idempotent, so retrying is safe.
	 * 404 (and the statuses in `options.asData`) come back as data; every other
	 * failure is a ServiceError. `shape` says why a 2xx body is not GitHub's.
	 */
	private async get(url: string, trim: (body: unknown) => unknown, pathKey: string, shape: (body: unknown) => string | null, options: GetOptions = {}): Promise<GetResult> {
		const resource = options.resource ?? 'core';
		const budget = this.budget(resource);
		const maxWait = resource === 'search' ? Math.max(this.retry.maxTotalWaitMs, SEARCH_WINDOW_WAIT_MS) : this.retry.maxTotalWaitMs;
		const waited = { ms: 0 };
		const cached = this.cache?.get(url);
		let useCache = cached !== undefined;
		let lastError: ServiceError | undefined;
		for (let attempt = 0; attempt < this.retry.maxAttempts; attempt++) {
			if (attempt > 0) this.stats.retries++;
			// GitHub said the budget is spent: wait for the reset if it is near, else stop now.
			// A conditional request answered 304 is free, but only when authorized (GitHub's
			// REST docs): anonymous revalidations spend the budget like any request.
			const free = useCache && this.authorized;
			if (budget.remaining === 0 && budget.resetAt !== undefined && budget.resetAt > this.clock() && !free) {
				const ms = budget.resetAt - this.clock() + 1000;
				if (waited.ms + ms > maxWait) {
					throw this.fail(`${resource === 'search' ? 'search ' : ''}rate limit exhausted until ${new Date(budget.resetAt).toISOString()}`, {
						status: 403,
						retryable: true,
						hint: 'Add a GitHub token (5,000 requests an hour instead of 60) or run again after the reset.',
					});
				}
				await this.wait(ms, waited);
			}
			const headers: Record<string, string> = {
				accept: 'application/vnd.github+json',
				'x-github-api-version': '2022-11-28',
				'user-agent': this.userAgent,
			};
			if (useCache && cached) headers['if-none-match'] = cached.etag;
			if (this.token) headers.authorization = `Bearer ${this.token}`;
			let res: HttpResponse;
			try {
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
			this.noteRateLimit(res.headers, resource);
			if (res.status === 304 && cached) {
				this.stats.notModified++;
				return { status: 200, body: cached.body, link: cached.link };
			}
			if (res.status === 304) {
				// A 304 we cannot answer from cache: ask again without the condition.
				useCache = false;
				continue;
			}
			if (res.status >= 200 && res.status < 300) {
				// Not GitHub's shape (an HTML page, garbage, another API): a service error,
				// so "On GitHub Error" applies, never a verdict drawn from nothing.
				const wrongShape = shape(res.body);
				if (wrongShape) {
					throw this.fail(`the answer to ${pathKey} is not GitHub's: ${wrongShape}`, {
						status: res.status,
						hint: `Check the GitHub server URL (${this.baseUrl}): it should be https://api.github.com or https://HOST/api/v3.`,
					});
				}
				const body = trim(res.body);
				const link = res.headers.link;
				const etag = res.headers.etag;
				if (etag && this.cache) this.cache.set(url, link ? { etag, body, link } : { etag, body });
				return { status: res.status, body, link };
			}
			if (res.status === 404) return { status: 404, body: null };
			if (options.asData?.includes(res.status)) return { status: res.status, body: res.body };
			if (this.isRateLimited(res)) {
				const now = this.clock();
				const after = parseRetryAfter(res.headers['retry-after'], now);
				const reset = res.headers['x-ratelimit-remaining'] === '0' && budget.resetAt !== undefined ? budget.resetAt - now + 1000 : undefined;
				// Secondary limits without a hint: GitHub asks for at least a minute.
				const ms = after ?? reset ?? 60_000;
				lastError = this.fail(`rate limited (HTTP ${res.status})${this.remoteMessage(res.body) ? ': ' + this.remoteMessage(res.body) : ''}`, {
					status: res.status,
					retryable: true,
					hint: 'Add a GitHub token, lower the concurrency, or run again later.',
				});
				if (attempt + 1 >= this.retry.maxAttempts || waited.ms + ms > maxWait) throw lastError;
				await this.wait(ms, waited);
				continue;
			}
			if (res.status >= 500) {
				lastError = this.fail(`server error (HTTP ${res.status})`, { status: res.status, retryable: true, hint: 'GitHub had a problem; run again later.' });
				const ms = this.backoff(attempt);
				if (attempt + 1 >= this.retry.maxAttempts || waited.ms + ms > this.retry.maxTotalWaitMs) break;
				await this.wait(ms, waited);
				continue;
			}
			if (res.status === 401) {
				throw this.fail('bad credentials (HTTP 401)', { status: 401, hint: 'Check the token of the GitHub credential, or remove it to read anonymously.' });
			}
			throw this.fail(`HTTP ${res.status}${this.remoteMessage(res.body) ? ': ' + this.remoteMessage(res.body) : ''}`, {
				status: res.status,
				hint: res.status === 403 ? 'The token may lack access, or the server refuses anonymous reads.' : undefined,
			});
		}
		throw lastError ?? this.fail('no answer', { retryable: true });
	}

	private url(path: string): string {
		return `${this.baseUrl}${path}`;
	}

	/** The API URL of a user (the 404 evidence link). */
	userUrl(login: string): string {
		return this.url(`/users/${encodeURIComponent(login)}`);
	}

	/** GET /users/{login}; null when GitHub does not know the login. */
	async getUser(login: string): Promise<GithubUser | null> {
		if (!isValidLogin(login)) throw this.fail('invalid login', {});
		const res = await this.get(this.userUrl(login), trimUser, '/users/{login}', shapeOf('user'));
		if (res.status === 404) return null;
		return res.body as GithubUser | null;
	}

	/** GET /users/{login}/repos, following the Link header for at most maxRepoPages pages. */
	async listRepos(login: string): Promise<GithubRepo[]> {
		if (!isValidLogin(login)) throw this.fail('invalid login', {});
		const repos: GithubRepo[] = [];
		let url: string | undefined = this.url(`/users/${encodeURIComponent(login)}/repos?per_page=100&sort=pushed&type=owner`);
		for (let page = 0; url && page < this.maxRepoPages; page++) {
			const res: GetResult = await this.get(url, trimRepos, '/users/{login}/repos', shapeOf('repos'));
			if (res.status === 404) break;
			repos.push(...(res.body as GithubRepo[]));
			const next = nextLink(res.link);
			// Follow only links to the same API root, so a hostile Link header cannot send the token elsewhere.
			url = next && next.startsWith(this.baseUrl + '/') ? next : undefined;
		}
		return repos;
	}

	/** GET /repos/{owner}/{repo}/languages. */
	async getLanguages(owner: string, repo: string): Promise<Record<string, number>> {
		if (!isValidLogin(owner) || !isSafeRepoName(repo)) return {};
		const res = await this.get(this.url(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/languages`), trimLanguages, '/repos/{owner}/{repo}/languages', shapeOf('languages'));
		return res.status === 404 ? {} : (res.body as Record<string, number>);
	}

	/** GET /repos/{owner}/{repo}/contents/ (the root listing); empty for an empty repository (404). */
	async getRootContents(owner: string, repo: string): Promise<ContentEntry[]> {
		if (!isValidLogin(owner) || !isSafeRepoName(repo)) return [];
		const res = await this.get(this.url(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/`), trimContents, '/repos/{owner}/{repo}/contents/', shapeOf('contents'));
		return res.status === 404 ? [] : (res.body as ContentEntry[]);
	}

	/** The search URL of a login's merged pull requests into repositories it does not own. */
	mergedPrSearchUrl(login: string, perPage = 100): string {
		const q = new URLSearchParams({
			q: `author:${login} type:pr is:merged -user:${login}`,
			per_page: String(Math.max(1, Math.min(100, perPage))),
			// Most recently updated first, so a bounded number of pages reads the current work.
			sort: 'updated',
			order: 'desc',
		});
		return this.url(`/search/issues?${q.toString()}`);
	}

	/**
	 * One page of `GET /search/issues` (the search budget). Null when GitHub
	 * answers 422 because it does not know the login (search cannot name it).
	 */
	async searchMergedPrs(url: string): Promise<{ totalCount: number; incompleteResults: boolean; items: MergedPr[]; next?: string } | null> {
		if (!url.startsWith(this.baseUrl + '/search/issues?')) throw this.fail('not a search URL of this GitHub server', {});
		const res = await this.get(url, trimSearchPage, '/search/issues', searchShapeError, { resource: 'search', asData: [422] });
		if (res.status === 422) {
			const remote = this.remoteMessage(res.body);
			const detail = JSON.stringify((res.body as { errors?: unknown } | null)?.errors ?? '');
			if (/cannot be searched|do not exist/i.test(detail + remote)) return null;
			throw this.fail(`search refused the query (HTTP 422)${remote ? ': ' + remote : ''}`, { status: 422 });
		}
		if (res.status === 404) return null;
		const next = nextLink(res.link);
		const page = res.body as { totalCount: number; incompleteResults: boolean; items: MergedPr[] };
		// Follow only links to the same API root, so a hostile Link header cannot send the token elsewhere.
		return next && next.startsWith(this.baseUrl + '/search/issues?') ? { ...page, next } : page;
	}

	/** GET /repos/{owner}/{repo}: a target repository's standing; null when GitHub answers 404. */
	async getRepo(owner: string, repo: string): Promise<TargetRepo | null> {
		if (!isValidLogin(owner) || !isSafeRepoName(repo)) return null;
		const res = await this.get(this.url(`/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`), trimTargetRepo, '/repos/{owner}/{repo}', repositoryShapeError);
		return res.status === 404 ? null : (res.body as TargetRepo | null);
	}
}

function shapeOf(kind: GithubAnswerKind): (body: unknown) => string | null {
	return (body) => githubShapeError(kind, body);
}

export interface FetchOptions {
	now: Date;
	/** Repositories inspected (languages and root listing), at most 5. */
	maxRepos?: number;
	/** Per-repository look-ups of one candidate run at once (default 8). */
	parallel?: number;
}

/** A failed GitHub read as a source outcome (the message never carries the token). */
function outcomeOf(error: unknown, client: GithubClient): { status: 'error'; message: string; httpCode?: number } {
	if (error instanceof ServiceError) {
		return error.status === undefined
			? { status: 'error', message: `${error.service}: ${client.redact(error.message)}` }
			: { status: 'error', message: `${error.service}: ${client.redact(error.message)}`, httpCode: error.status };
	}
	throw error;
}

/**
 * Fetches what vetting needs for one login: the user, the repositories, and
 * languages plus root listing of the (at most five) most relevant own
 * repositories, so at most 2 + 2 x min(repos, 5) requests when the
 * repositories fit one page. GitHub failures are returned as an `error`
 * outcome so the batch goes on with a résumé-only judgement.
 */
export async function fetchGithub(client: GithubClient, login: string, options: FetchOptions): Promise<GithubOutcome> {
	try {
		const user = await client.getUser(login);
		if (!user) return { status: 'not_found', url: client.userUrl(login) };
		const repos = await client.listRepos(login);
		const selected = selectRelevantRepos(repos, login, options.now, Math.min(5, options.maxRepos ?? 5));
		const languages: GithubData['languages'] = {};
		const contents: GithubData['contents'] = {};
		const tasks = selected.flatMap((r) => [
			async () => {
				languages[r.name] = await client.getLanguages(r.owner || user.login, r.name);
			},
			async () => {
				contents[r.name] = await client.getRootContents(r.owner || user.login, r.name);
			},
		]);
		await mapLimit(tasks, options.parallel ?? 8, (t) => t());
		// Keep the inspection order stable (relevance order), whatever order the answers came in.
		const ordered: GithubData['contents'] = {};
		for (const r of selected) ordered[r.name] = contents[r.name] ?? [];
		return { status: 'ok', data: { login, user, repos, languages, contents: ordered } };
	} catch (error) {
		return outcomeOf(error, client);
	}
}

export interface MergedPrFetchOptions {
	/** Search pages read (100 PRs each, default 1, at most 5): one search request each. */
	maxPages?: number;
	/** PRs per search page (default 100, GitHub's largest). */
	perPage?: number;
	/** Distinct target repositories whose standing is looked up (default MERGED_PR_RULES.maxTargets, at most 10). */
	maxTargets?: number;
	/** Target look-ups run at once (default 5). */
	parallel?: number;
}

/**
 * Fetches the pull requests `login` authored that were merged into
 * repositories it does not own (issue search, `maxPages` pages through the
 * Link header), then the standing of the `maxTargets` most telling target
 * repositories: at most maxPages + maxTargets requests, spent from the same
 * client (rate-limit budgets, retries, ETag cache) as the other GitHub reads.
 * `not_found` when GitHub does not know the login (search answers 422);
 * search and rate-limit failures are an `error` outcome so vetting goes on
 * with the other sources. A target whose look-up fails counts as unknown
 * standing and is named in `targetErrors`.
 */
export async function fetchMergedPrs(client: GithubClient, login: string, options: MergedPrFetchOptions = {}): Promise<SourceOutcome<MergedPrData>> {
	if (!isValidLogin(login)) return { status: 'error', message: `${SERVICE}: githubUsername '${login.slice(0, 60)}' is not a GitHub login` };
	const maxPages = Math.max(1, Math.min(5, options.maxPages ?? 1));
	const maxTargets = Math.max(0, Math.min(10, options.maxTargets ?? MERGED_PR_RULES.maxTargets));
	try {
		const prs: MergedPr[] = [];
		let totalCount = 0;
		let incompleteResults = false;
		let url: string | undefined = client.mergedPrSearchUrl(login, options.perPage ?? 100);
		for (let page = 0; url && page < maxPages; page++) {
			const answer = await client.searchMergedPrs(url);
			if (answer === null) {
				if (page === 0) return { status: 'not_found', url: client.userUrl(login) };
				break;
			}
			if (page === 0) totalCount = answer.totalCount;
			incompleteResults ||= answer.incompleteResults;
			prs.push(...answer.items);
			url = answer.next;
		}
		const repos: MergedPrData['repos'] = {};
		const targetErrors: string[] = [];
		await mapLimit(selectTargets(prs, login, maxTargets), options.parallel ?? 5, async (fullName) => {
			const [owner, name] = fullName.split('/');
			try {
				repos[fullName] = await client.getRepo(owner ?? '', name ?? '');
			} catch (error) {
				if (!(error instanceof ServiceError)) throw error;
				repos[fullName] = null;
				targetErrors.push(`${fullName}: ${client.redact(error.message)}`);
			}
		});
		return { status: 'ok', data: { login, totalCount, incompleteResults, prs, repos, targetErrors } };
	} catch (error) {
		return outcomeOf(error, client);
	}
}
