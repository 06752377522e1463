/**
 * A GitHub-shaped REST server on 127.0.0.1 (port 0) for tests and the eval:
 * /users/{login}, /users/{login}/repos (Link-header pagination), and per
 * repository /languages and /contents/; issue search of merged pull requests
 * (/search/issues: author, type:pr, is:merged and -user qualifiers, Link-header
 * pagination, total_count, incomplete_results, 422 for a login GitHub does not
 * know) with its own per-minute rate limit, and /repos/{owner}/{repo}; ETags
 * with If-None-Match -> 304; x-ratelimit-* headers (with x-ratelimit-resource);
 * injectable faults (429 with Retry-After, 403 rate limits, 5xx, slow
 * answers). Counts requests per path.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GithubFixtureUser {
	user: Record<string, unknown>;
	repos: Array<Record<string, unknown>>;
	languages: Record<string, unknown>;
	contents: Record<string, unknown>;
}

export type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'rate429'; retryAfter: string }
	| { kind: 'rate403'; retryAfter?: string; resetInSeconds?: number }
	| { kind: 'secondary403' }
	| { kind: 'slow'; delayMs: number };

/** A search answer as GitHub sends it (data13's github.json `search` entries). */
export interface SearchFixture {
	total_count?: number;
	incomplete_results?: boolean;
	items: Array<Record<string, unknown>>;
}

export interface GithubServerOptions {
	users: Record<string, GithubFixtureUser>;
	/** Merged-PR search answers by author login (github.json `search`). */
	search?: Record<string, SearchFixture>;
	/** GET /repos/{owner}/{repo} answers by `owner/repo` (github.json `repositories`); a user's own repositories answer too. */
	repositories?: Record<string, Record<string, unknown>>;
	/** Search requests a window (GitHub: 30 a minute with a token, 10 without; default 30). */
	searchLimit?: number;
	/** Length of the search rate-limit window in seconds (GitHub: 60; shorter in tests). */
	searchWindowSeconds?: number;
	/** Path prefix, e.g. `/api/v3` for a GitHub Enterprise-style root. */
	prefix?: string;
	/** Largest page size honoured (GitHub: 100). */
	maxPerPage?: number;
	/** Delay before every answer (benchmarks). */
	delayMs?: number;
	/** Rate-limit budget reported in headers. */
	limit?: number;
}

export interface RecordedRequest {
	method: string;
	path: string;
	/** The query string (with `?`), or ''. */
	query: string;
	status: number;
	authorization?: string;
	ifNoneMatch?: string;
}

export class GithubTestServer {
	url = '';
	readonly requests: RecordedRequest[] = [];
	private server?: Server;
	private readonly faults: Array<{ match: RegExp; fault: Fault; times: number }> = [];
	private remaining: number;
	private searchRemaining: number;
	private searchResetAt = 0;
	private readonly sockets = new Set<import('node:net').Socket>();

	constructor(readonly options: GithubServerOptions) {
		this.remaining = options.limit ?? 5000;
		this.searchRemaining = options.searchLimit ?? 30;
	}

	/** The API root clients use (with the prefix). */
	get baseUrl(): string {
		return this.url + (this.options.prefix ?? '');
	}

	async start(): Promise<this> {
		this.server = createServer((req, res) => {
			void this.handle(req, res);
		});
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		const { port } = this.server.address() as AddressInfo;
		this.url = `http://127.0.0.1:${port}`;
		return this;
	}

	async close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** The next `times` requests whose path matches `match` get `fault`. */
	inject(match: RegExp, fault: Fault, times = 1): void {
		this.faults.push({ match, fault, times });
	}

	reset(): void {
		this.requests.length = 0;
		this.faults.length = 0;
		this.remaining = this.options.limit ?? 5000;
		this.searchRemaining = this.options.searchLimit ?? 30;
		this.searchResetAt = 0;
	}

	/** Requests by path pattern (`/users/{login}`, `/users/{login}/repos`, `/repos/{owner}/{repo}/languages`, ...). */
	counts(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const r of this.requests) {
			const key = pattern(r.path);
			out[key] = (out[key] ?? 0) + 1;
		}
		return out;
	}

	/** Requests whose path starts with `/users/{login}` or `/repos/{login}/`, and searches for `author:{login}`. */
	requestsFor(login: string): RecordedRequest[] {
		return this.requests.filter(
			(r) =>
				r.path.startsWith(`/users/${login}`) ||
				r.path.startsWith(`/repos/${login}/`) ||
				(r.path === '/search/issues' && (new URLSearchParams(r.query).get('q') ?? '').split(/\s+/).includes(`author:${login}`)),
		);
	}

	private takeFault(path: string): Fault | undefined {
		const i = this.faults.findIndex((f) => f.match.test(path) && f.times > 0);
		if (i < 0) return undefined;
		const f = this.faults[i];
		f.times--;
		if (f.times <= 0) this.faults.splice(i, 1);
		return f.fault;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const full = new URL(req.url ?? '/', this.url);
		const prefix = this.options.prefix ?? '';
		let path = full.pathname;
		if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length);
		const record: RecordedRequest = {
			method: req.method ?? 'GET',
			path,
			query: full.search,
			status: 0,
			authorization: req.headers.authorization,
			ifNoneMatch: req.headers['if-none-match'] as string | undefined,
		};
		this.requests.push(record);
		const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
			record.status = status;
			if (res.destroyed) return;
			res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
			res.end(status === 304 ? undefined : JSON.stringify(body));
		};
		if (this.options.delayMs) await sleep(this.options.delayMs);

		const resetAt = Math.floor(Date.now() / 1000) + 3600;
		const fault = this.takeFault(path);
		if (fault) {
			switch (fault.kind) {
				case 'slow':
					await sleep(fault.delayMs);
					break;
				case 'status':
					return send(fault.status, fault.body ?? { message: 'Server Error' }, fault.headers);
				case 'rate429':
					return send(429, { message: 'Too Many Requests' }, { 'retry-after': fault.retryAfter });
				case 'rate403':
					return send(
						403,
						{ message: 'API rate limit exceeded for 127.0.0.1.' },
						{
							'x-ratelimit-remaining': '0',
							'x-ratelimit-limit': '60',
							'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 3600)),
							...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
						},
					);
				case 'secondary403':
					return send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
			}
		}

		if (req.method !== 'GET') return send(405, { message: 'Method Not Allowed' });
		if (path === '/search/issues') return this.handleSearch(req, full.searchParams, send);
		const answer = this.route(path, full.searchParams);
		const body = JSON.stringify(answer.body);
		const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
		const headers: Record<string, string> = {
			etag,
			'x-ratelimit-limit': String(this.options.limit ?? 5000),
			'x-ratelimit-reset': String(resetAt),
			'x-ratelimit-resource': 'core',
			...answer.headers,
		};
		if (answer.status === 200 && req.headers['if-none-match'] === etag) {
			headers['x-ratelimit-remaining'] = String(this.remaining);
			return send(304, null, headers);
		}
		this.remaining = Math.max(0, this.remaining - 1);
		headers['x-ratelimit-remaining'] = String(this.remaining);
		if (answer.status !== 200) delete headers.etag;
		return send(answer.status, answer.body, headers);
	}

	/**
	 * GET /search/issues as GitHub answers it for `author:{login} type:pr
	 * is:merged [-user:{login}]`: its own per-minute budget (403 with
	 * x-ratelimit-remaining 0 once spent), 422 for an author GitHub does not know.
	 */
	private handleSearch(req: IncomingMessage, query: URLSearchParams, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
		const now = Math.floor(Date.now() / 1000);
		if (this.searchResetAt <= now) {
			this.searchResetAt = now + (this.options.searchWindowSeconds ?? 60);
			this.searchRemaining = this.options.searchLimit ?? 30;
		}
		const limit = String(this.options.searchLimit ?? 30);
		const rate = (remaining: number): Record<string, string> => ({
			'x-ratelimit-limit': limit,
			'x-ratelimit-remaining': String(remaining),
			'x-ratelimit-reset': String(this.searchResetAt),
			'x-ratelimit-used': String(Number(limit) - remaining),
			'x-ratelimit-resource': 'search',
		});
		if (this.searchRemaining <= 0) {
			return send(403, { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/search/search#rate-limit' }, rate(0));
		}
		const answer = this.search(query);
		const body = JSON.stringify(answer.body);
		const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
		if (answer.status === 200 && req.headers['if-none-match'] === etag) return send(304, null, { etag, ...rate(this.searchRemaining), ...answer.headers });
		this.searchRemaining--;
		return send(answer.status, answer.body, { ...(answer.status === 200 ? { etag } : {}), ...rate(this.searchRemaining), ...answer.headers });
	}

	private search(query: URLSearchParams): { status: number; body: unknown; headers?: Record<string, string> } {
		const tokens = (query.get('q') ?? '').split(/\s+/).filter((t) => t !== '');
		const value = (prefix: string): string | undefined => tokens.find((t) => t.startsWith(prefix))?.slice(prefix.length);
		const author = value('author:');
		const invalid = (message: string) => ({
			status: 422,
			body: { message: 'Validation Failed', errors: [{ message, resource: 'Search', field: 'q', code: 'invalid' }], documentation_url: 'https://docs.github.com/v3/search/' },
		});
		if (!author) return invalid('A search query needs a qualifier such as author:.');
		const known = Object.keys(this.options.users).some((l) => l.toLowerCase() === author.toLowerCase()) || Object.keys(this.options.search ?? {}).some((l) => l.toLowerCase() === author.toLowerCase());
		if (!known) return invalid('The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.');
		const fixture = Object.entries(this.options.search ?? {}).find(([l]) => l.toLowerCase() === author.toLowerCase())?.[1] ?? { items: [] };
		const excluded = tokens.filter((t) => t.startsWith('-user:')).map((t) => t.slice(6).toLowerCase());
		const ownerOf = (item: Record<string, unknown>): string => (/\/repos\/([^/]+)\//.exec(String(item.repository_url ?? '') + '/')?.[1] ?? '').toLowerCase();
		const isPr = (item: Record<string, unknown>): boolean => item.pull_request !== undefined && item.pull_request !== null;
		const merged = (item: Record<string, unknown>): boolean => isPr(item) && (item.pull_request as { merged_at?: unknown }).merged_at != null;
		const all = fixture.items.filter(
			(item) => (!tokens.includes('type:pr') || isPr(item)) && (!tokens.includes('is:merged') || merged(item)) && !excluded.includes(ownerOf(item)),
		);
		const removed = fixture.items.length - all.length;
		const total = Math.max(all.length, (fixture.total_count ?? fixture.items.length) - removed);
		const perPage = Math.max(1, Math.min(100, Number(query.get('per_page') ?? 30) || 30));
		const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
		// GitHub serves at most the first 1,000 results of a search.
		const pages = Math.max(1, Math.ceil(Math.min(all.length, 1000) / perPage));
		const link = (p: number): string => {
			const q = new URLSearchParams(query);
			q.set('per_page', String(perPage));
			q.set('page', String(p));
			return `${this.baseUrl}/search/issues?${q.toString()}`;
		};
		const parts: string[] = [];
		if (page < pages) parts.push(`<${link(page + 1)}>; rel="next"`, `<${link(pages)}>; rel="last"`);
		if (page > 1) parts.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
		return {
			status: 200,
			body: { total_count: total, incomplete_results: fixture.incomplete_results === true, items: all.slice((page - 1) * perPage, page * perPage) },
			headers: parts.length ? { link: parts.join(', ') } : {},
		};
	}

	private route(path: string, query: URLSearchParams): { status: number; body: unknown; headers?: Record<string, string> } {
		const users = this.options.users;
		const notFound = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
		let m: RegExpExecArray | null;
		if (path === '/rate_limit') return { status: 200, body: { resources: { core: { limit: 5000, remaining: this.remaining } } } };
		if (path === '/user') return { status: 200, body: { login: 'token-owner' } };
		if ((m = /^\/users\/([^/]+)$/.exec(path))) {
			const u = users[decodeURIComponent(m[1])];
			return u ? { status: 200, body: u.user } : notFound;
		}
		if ((m = /^\/users\/([^/]+)\/repos$/.exec(path))) {
			const login = decodeURIComponent(m[1]);
			const u = users[login];
			if (!u) return notFound;
			const perPage = Math.max(1, Math.min(this.options.maxPerPage ?? 100, Number(query.get('per_page') ?? 30) || 30));
			const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
			const pages = Math.max(1, Math.ceil(u.repos.length / perPage));
			const slice = u.repos.slice((page - 1) * perPage, page * perPage);
			const link = (p: number): string => {
				const q = new URLSearchParams(query);
				q.set('per_page', String(perPage));
				q.set('page', String(p));
				return `${this.baseUrl}/users/${m?.[1]}/repos?${q.toString()}`;
			};
			const parts: string[] = [];
			if (page < pages) parts.push(`<${link(page + 1)}>; rel="next"`, `<${link(pages)}>; rel="last"`);
			if (page > 1) parts.push(`<${link(1)}>; rel="first"`, `<${link(page - 1)}>; rel="prev"`);
			return { status: 200, body: slice, headers: parts.length ? { link: parts.join(', ') } : {} };
		}
		if ((m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path))) {
			const full = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`.toLowerCase();
			const known = Object.entries(this.options.repositories ?? {}).find(([k]) => k.toLowerCase() === full)?.[1];
			if (known) return { status: 200, body: known };
			const u = users[decodeURIComponent(m[1])];
			const own = u?.repos.find((r) => String(r.name).toLowerCase() === decodeURIComponent(m?.[2] ?? '').toLowerCase());
			return own ? { status: 200, body: own } : notFound;
		}
		if ((m = /^\/repos\/([^/]+)\/([^/]+)\/languages$/.exec(path))) {
			const u = users[decodeURIComponent(m[1])];
			const repo = decodeURIComponent(m[2]);
			if (!u || !u.repos.some((r) => r.name === repo)) return notFound;
			return { status: 200, body: u.languages[repo] ?? {} };
		}
		if ((m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/?$/.exec(path))) {
			const u = users[decodeURIComponent(m[1])];
			const repo = decodeURIComponent(m[2]);
			if (!u || !u.repos.some((r) => r.name === repo)) return notFound;
			const contents = u.contents[repo];
			return contents === undefined ? { status: 404, body: { message: 'This repository is empty.' } } : { status: 200, body: contents };
		}
		return notFound;
	}
}

function pattern(path: string): string {
	if (/^\/users\/[^/]+$/.test(path)) return '/users/{login}';
	if (/^\/users\/[^/]+\/repos$/.test(path)) return '/users/{login}/repos';
	if (/^\/repos\/[^/]+\/[^/]+$/.test(path)) return '/repos/{owner}/{repo}';
	if (/^\/repos\/[^/]+\/[^/]+\/languages$/.test(path)) return '/repos/{owner}/{repo}/languages';
	if (/^\/repos\/[^/]+\/[^/]+\/contents\/?$/.test(path)) return '/repos/{owner}/{repo}/contents/';
	return path;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
