import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../../cli/http';
import { ServiceError } from '../../core/errors';
import { extractMergedPrSignals } from '../../core/candidate/merged';
import { fetchGithub, fetchMergedPrs, GithubClient, normaliseBaseUrl, ObjectEtagCache, type GithubClientOptions } from '../../transport/github';
import { GithubTestServer, type GithubFixtureUser, type SearchFixture } from '../servers/github';

const users = (JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/github/github.json'), 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
const NOW = new Date('2026-11-25T00:00:00Z');
const TOKEN = 'ghp_testTOKEN0123456789abcdef';

let server: GithubTestServer;
const sleeps: number[] = [];

function client(over: Partial<GithubClientOptions> = {}): GithubClient {
	return new GithubClient({
		http: axiosHttpClient('GitHub'),
		baseUrl: server.baseUrl,
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		random: () => 0.5,
		timeoutMs: 2000,
		...over,
	});
}

const ownRepos = (login: string) => users[login].repos.filter((r) => !r.fork).length;

beforeAll(async () => {
	server = await new GithubTestServer({ users }).start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.reset();
	sleeps.length = 0;
});

describe('GitHub transport', () => {
	it.each(Object.keys(users))('stays within 2 + 2 x min(repos, 5) requests for %s', async (login) => {
		const outcome = await fetchGithub(client(), login, { now: NOW });
		expect(outcome.status).toBe('ok');
		const budget = 2 + 2 * Math.min(ownRepos(login), 5);
		expect(server.requestsFor(login).length).toBeLessThanOrEqual(budget);
		const counts = server.counts();
		expect(counts['/users/{login}']).toBe(1);
		expect(counts['/users/{login}/repos']).toBe(1);
		expect(counts['/repos/{owner}/{repo}/languages'] ?? 0).toBeLessThanOrEqual(5);
		expect(counts['/repos/{owner}/{repo}/contents/'] ?? 0).toBeLessThanOrEqual(5);
	});

	it('answers a re-run from ETags: every request is a 304', async () => {
		const cache = new ObjectEtagCache({});
		const first = client({ cache });
		const a = await fetchGithub(first, 'klindqvist-ops', { now: NOW });
		server.reset();
		const second = client({ cache });
		const b = await fetchGithub(second, 'klindqvist-ops', { now: NOW });
		expect(b).toEqual(a);
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.status === 304 && r.ifNoneMatch)).toBe(true);
		expect(second.stats.notModified).toBe(second.stats.requests);
	});

	it('with the budget spent, revalidates cached answers only when authorized (anonymous 304s still count)', async () => {
		const cache = new ObjectEtagCache({});
		await fetchGithub(client({ cache }), 'klindqvist-ops', { now: NOW });
		const spent = (c: GithubClient) => {
			c.rateLimit.remaining = 0;
			c.rateLimit.resetAt = Date.now() + 3_600_000;
			return c;
		};
		server.reset();
		const anonymous = spent(client({ cache, retry: { maxAttempts: 1, maxTotalWaitMs: 1000 } }));
		const refused = await fetchGithub(anonymous, 'klindqvist-ops', { now: NOW });
		expect(refused).toMatchObject({ status: 'error', message: expect.stringMatching(/rate limit exhausted/) });
		expect(server.requests).toHaveLength(0);

		const authorized = spent(client({ cache, token: TOKEN }));
		const outcome = await fetchGithub(authorized, 'klindqvist-ops', { now: NOW });
		expect(outcome.status).toBe('ok');
		expect(server.requests.length).toBeGreaterThan(0);
	});

	it('follows Link-header pagination of /repos, only within the API root', async () => {
		const paged = await new GithubTestServer({ users, maxPerPage: 3 }).start();
		try {
			const c = new GithubClient({ http: axiosHttpClient(), baseUrl: paged.baseUrl, maxRepoPages: 10 });
			const repos = await c.listRepos('kvellanki-ai');
			expect(repos.map((r) => r.name)).toEqual(users['kvellanki-ai'].repos.map((r) => r.name));
			expect(paged.counts()['/users/{login}/repos']).toBe(Math.ceil(users['kvellanki-ai'].repos.length / 3));
			const capped = new GithubClient({ http: axiosHttpClient(), baseUrl: paged.baseUrl, maxRepoPages: 2 });
			expect((await capped.listRepos('kvellanki-ai')).length).toBe(6);
		} finally {
			await paged.close();
		}
	});

	it('reports an unknown user as not_found with the URL', async () => {
		const outcome = await fetchGithub(client(), 'nobody-here', { now: NOW });
		expect(outcome).toEqual({ status: 'not_found', url: `${server.baseUrl}/users/nobody-here` });
	});

	it('honours Retry-After on 429', async () => {
		server.inject(/^\/users\/haoran-teo$/, { kind: 'rate429', retryAfter: '2' });
		const outcome = await fetchGithub(client(), 'haoran-teo', { now: NOW });
		expect(outcome.status).toBe('ok');
		expect(sleeps).toEqual([2000]);
	});

	it('waits out a secondary rate limit (403 with Retry-After)', async () => {
		server.inject(/\/repos$/, { kind: 'secondary403' });
		const outcome = await fetchGithub(client(), 'haoran-teo', { now: NOW });
		expect(outcome.status).toBe('ok');
		expect(sleeps).toEqual([1000]);
	});

	it('gives up at once on a primary rate limit whose reset is beyond the wait budget, and says so', async () => {
		server.inject(/^\/users\//, { kind: 'rate403', resetInSeconds: 3600 });
		const c = client({ retry: { maxTotalWaitMs: 30_000 } });
		const outcome = await fetchGithub(c, 'haoran-teo', { now: NOW });
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', httpCode: 403 }));
		expect(sleeps).toEqual([]);
		// The client remembers the exhausted budget: the next candidate fails fast without a request.
		const before = server.requests.length;
		expect((await fetchGithub(c, 'talmasri', { now: NOW })).status).toBe('error');
		expect(server.requests.length).toBe(before);
	});

	it('backs off with jitter on 5xx and succeeds', async () => {
		server.inject(/^\/users\/talmasri$/, { kind: 'status', status: 502 }, 2);
		const outcome = await fetchGithub(client({ retry: { baseDelayMs: 100 } }), 'talmasri', { now: NOW });
		expect(outcome.status).toBe('ok');
		// Full jitter with random() = 0.5: half of 100 ms, then half of 200 ms.
		expect(sleeps).toEqual([50, 100]);
	});

	it('stops after the bounded attempts on persistent 5xx', async () => {
		server.inject(/^\/users\/talmasri$/, { kind: 'status', status: 503 }, 10);
		const outcome = await fetchGithub(client({ retry: { maxAttempts: 3 } }), 'talmasri', { now: NOW });
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', httpCode: 503 }));
		expect(server.requestsFor('talmasri').length).toBe(3);
	});

	it('retries a timed-out request', async () => {
		server.inject(/^\/users\/talmasri$/, { kind: 'slow', delayMs: 800 });
		const outcome = await fetchGithub(client({ timeoutMs: 200 }), 'talmasri', { now: NOW });
		expect(outcome.status).toBe('ok');
		expect(sleeps.length).toBe(1);
	});

	it('sends the token only when set, and never shows it in an error', async () => {
		await fetchGithub(client(), 'talmasri', { now: NOW });
		expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
		server.reset();
		await fetchGithub(client({ token: TOKEN }), 'talmasri', { now: NOW });
		expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
		server.reset();
		server.inject(/^\/users\//, { kind: 'status', status: 401, body: { message: `Bad credentials: ${TOKEN}` } });
		const outcome = await fetchGithub(client({ token: TOKEN }), 'talmasri', { now: NOW });
		expect(outcome.status).toBe('error');
		expect(JSON.stringify(outcome)).not.toContain(TOKEN);
	});

	it('works under a GitHub Enterprise root (/api/v3)', async () => {
		const ghe = await new GithubTestServer({ users, prefix: '/api/v3' }).start();
		try {
			const outcome = await fetchGithub(new GithubClient({ http: axiosHttpClient(), baseUrl: `${ghe.url}/api/v3/` }), 'talmasri', { now: NOW });
			expect(outcome.status).toBe('ok');
		} finally {
			await ghe.close();
		}
	});

	it('never builds a URL from an invalid login or repository name', async () => {
		const c = client();
		await expect(c.getUser('../admin')).rejects.toBeInstanceOf(ServiceError);
		expect(await c.getLanguages('ok', '..')).toEqual({});
		expect(await c.getRootContents('bad/owner', 'x')).toEqual([]);
		expect(server.requests.length).toBe(0);
	});

	it.each(['ftp://x', 'not a url', 'https://u:p@api.github.com', 'https://api.github.com/?x=1'])('rejects the server URL %p', (url) => {
		expect(() => normaliseBaseUrl(url)).toThrow(ServiceError);
	});

	it('bounds the ETag cache', () => {
		const store: Record<string, unknown> = {};
		const cache = new ObjectEtagCache(store, 3);
		for (let i = 0; i < 10; i++) cache.set(`u${i}`, { etag: `e${i}`, body: i });
		expect(cache.size).toBe(3);
		expect(cache.get('u9')).toEqual({ etag: 'e9', body: 9 });
		expect(cache.get('u0')).toBeUndefined();
		// A new cache over the same store (the next run) sees the entries.
		expect(new ObjectEtagCache(store, 3).get('u8')).toEqual({ etag: 'e8', body: 8 });
	});
});

describe('GitHub transport: merged pull requests elsewhere', () => {
	const LOGIN = 'pr-author';
	let prNumber = 0;
	const item = (repo: string, title: string, author = LOGIN, mergedAt: string | null = '2026-02-01T00:00:00Z'): Record<string, unknown> => {
		prNumber++;
		return {
			url: `https://api.github.com/repos/${repo}/issues/${prNumber}`,
			repository_url: `https://api.github.com/repos/${repo}`,
			html_url: `https://github.com/${repo}/pull/${prNumber}`,
			number: prNumber,
			title,
			user: { login: author, type: 'User' },
			state: 'closed',
			labels: [],
			closed_at: mergedAt,
			body: 'Fixes the thing.',
			pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${prNumber}`, html_url: `https://github.com/${repo}/pull/${prNumber}`, merged_at: mergedAt },
		};
	};
	const repoAnswer = (full: string, stars: number, forks: number, over: Record<string, unknown> = {}): Record<string, unknown> => ({
		id: 1,
		name: full.split('/')[1],
		full_name: full,
		owner: { login: full.split('/')[0], type: 'Organization' },
		html_url: `https://github.com/${full}`,
		description: 'Inference serving engine for LLMs',
		fork: false,
		stargazers_count: stars,
		forks_count: forks,
		archived: false,
		topics: ['llm', 'serving'],
		language: 'Python',
		...over,
	});
	const items = [
		item('serve-org/engine', 'Fix memory leak in KV cache eviction'),
		item('serve-org/engine', 'Add Prometheus metrics for queue latency'),
		item('plat-org/operator', 'Support GPU autoscaling'),
		item('plat-org/operator', 'Fix typo in README'),
		item(`${LOGIN}/own-tool`, 'Add Helm chart'),
		item('gone-org/deleted', 'Add retries'),
		item('serve-org/engine', 'Closed without merge', LOGIN, null),
	];
	const search: Record<string, SearchFixture> = {
		[LOGIN]: { total_count: items.length, incomplete_results: false, items },
		'many-targets': { items: Array.from({ length: 8 }, (_, i) => item(`org${i}/repo${i}`, `Add feature ${i}`, 'many-targets')) },
		'partial-search': { total_count: 3, incomplete_results: true, items: [item('serve-org/engine', 'Add tracing', 'partial-search')] },
	};
	const repositories = {
		'serve-org/engine': repoAnswer('serve-org/engine', 30_000, 4000),
		'plat-org/operator': repoAnswer('plat-org/operator', 900, 120, { description: 'Kubernetes operator for model serving', topics: ['kubernetes', 'mlops'] }),
	};
	const prUsers: Record<string, GithubFixtureUser> = {
		[LOGIN]: { user: { login: LOGIN, html_url: `https://github.com/${LOGIN}` }, repos: [], languages: {}, contents: {} },
		'no-prs': { user: { login: 'no-prs' }, repos: [], languages: {}, contents: {} },
	};
	let prServer: GithubTestServer;
	const waits: number[] = [];
	const prClient = (over: Partial<GithubClientOptions> = {}): GithubClient =>
		new GithubClient({
			http: axiosHttpClient('GitHub'),
			baseUrl: prServer.baseUrl,
			sleep: async (ms) => {
				waits.push(ms);
			},
			random: () => 0.5,
			timeoutMs: 2000,
			...over,
		});

	beforeAll(async () => {
		prServer = await new GithubTestServer({ users: prUsers, search, repositories }).start();
	});
	afterAll(async () => {
		await prServer.close();
	});
	beforeEach(() => {
		prServer.reset();
		waits.length = 0;
	});

	it('searches merged PRs into repositories the login does not own, then looks up each target once', async () => {
		const c = prClient();
		const outcome = await fetchMergedPrs(c, LOGIN);
		expect(outcome.status).toBe('ok');
		if (outcome.status !== 'ok') return;
		const searches = prServer.requests.filter((r) => r.path === '/search/issues');
		expect(searches).toHaveLength(1);
		const params = new URLSearchParams(searches[0].query);
		expect(params.get('q')?.split(' ').sort()).toEqual([`-user:${LOGIN}`, `author:${LOGIN}`, 'is:merged', 'type:pr']);
		expect(params.get('per_page')).toBe('100');
		// -user excludes the own repository; is:merged the unmerged PR.
		expect(outcome.data.prs.map((p) => p.repo)).toEqual(['serve-org/engine', 'serve-org/engine', 'plat-org/operator', 'plat-org/operator', 'gone-org/deleted']);
		expect(outcome.data.totalCount).toBe(5);
		expect(outcome.data.incompleteResults).toBe(false);
		expect(prServer.counts()['/repos/{owner}/{repo}']).toBe(3);
		expect(outcome.data.repos['serve-org/engine']).toMatchObject({ stars: 30_000, forks: 4000, ownerType: 'Organization' });
		// 404 for a repository: unknown standing, not a failure.
		expect(outcome.data.repos['gone-org/deleted']).toBeNull();
		expect(c.stats.byPath).toEqual({ '/search/issues': 1, '/repos/{owner}/{repo}': 3 });
		// The core budget and the search budget are tracked apart.
		expect(c.searchRateLimit.remaining).toBe(29);
		expect(c.rateLimit.remaining).toBe(4997);

		const signals = extractMergedPrSignals(outcome.data, LOGIN, NOW);
		expect(signals.level).toBe('strong');
		expect(signals.evidence.every((e) => e.url?.startsWith('https://github.com/') && e.url.includes('/pull/'))).toBe(true);
	});

	it('reports a login GitHub does not know (search answers 422) as not_found, without target look-ups', async () => {
		const outcome = await fetchMergedPrs(prClient(), 'nobody-known');
		expect(outcome).toEqual({ status: 'not_found', url: `${prServer.baseUrl}/users/nobody-known` });
		expect(prServer.requests.map((r) => [r.path, r.status])).toEqual([['/search/issues', 422]]);
	});

	it('a known login without merged PRs is ok and empty', async () => {
		const outcome = await fetchMergedPrs(prClient(), 'no-prs');
		expect(outcome).toEqual({ status: 'ok', data: { login: 'no-prs', totalCount: 0, incompleteResults: false, prs: [], repos: {}, targetErrors: [] } });
	});

	it('follows the Link header for at most maxPages pages; total_count says how many exist', async () => {
		const outcome = await fetchMergedPrs(prClient(), LOGIN, { perPage: 2, maxPages: 2, maxTargets: 0 });
		expect(outcome.status === 'ok' && outcome.data.prs.length).toBe(4);
		expect(outcome.status === 'ok' && outcome.data.totalCount).toBe(5);
		const pages = prServer.requests.filter((r) => r.path === '/search/issues').map((r) => new URLSearchParams(r.query).get('page'));
		expect(pages).toEqual([null, '2']);
		prServer.reset();
		const all = await fetchMergedPrs(prClient(), LOGIN, { perPage: 2, maxPages: 5, maxTargets: 0 });
		expect(all.status === 'ok' && all.data.prs.length).toBe(5);
		expect(prServer.counts()['/search/issues']).toBe(3);
	});

	it('does not follow a next link that leaves the API root', async () => {
		prServer.inject(/^\/search\/issues$/, {
			kind: 'status',
			status: 200,
			body: { total_count: 50, incomplete_results: false, items: [items[0]] },
			headers: { link: '<http://elsewhere.example/search/issues?q=x&page=2>; rel="next"' },
		});
		const outcome = await fetchMergedPrs(prClient({ token: TOKEN }), LOGIN, { maxPages: 3, maxTargets: 0 });
		expect(outcome.status === 'ok' && outcome.data.prs.length).toBe(1);
		expect(prServer.counts()['/search/issues']).toBe(1);
	});

	it("keeps GitHub's incomplete_results", async () => {
		const outcome = await fetchMergedPrs(prClient(), 'partial-search');
		expect(outcome.status === 'ok' && outcome.data).toMatchObject({ totalCount: 3, incompleteResults: true });
	});

	it('looks up at most maxTargets distinct target repositories', async () => {
		const outcome = await fetchMergedPrs(prClient(), 'many-targets', { maxTargets: 3 });
		expect(outcome.status === 'ok' && Object.keys(outcome.data.repos)).toHaveLength(3);
		expect(prServer.counts()['/repos/{owner}/{repo}']).toBe(3);
		prServer.reset();
		await fetchMergedPrs(prClient(), 'many-targets');
		expect(prServer.counts()['/repos/{owner}/{repo}']).toBe(5);
	});

	it('answers a re-run from the same ETag cache (search and repositories)', async () => {
		const cache = new ObjectEtagCache({});
		const first = await fetchMergedPrs(prClient({ cache, token: TOKEN }), LOGIN);
		prServer.reset();
		const c = prClient({ cache, token: TOKEN });
		const second = await fetchMergedPrs(c, LOGIN);
		expect(second).toEqual(first);
		expect(prServer.requests.filter((r) => r.status === 304).length).toBe(1 + 2);
		expect(c.stats.notModified).toBe(3);
	});

	it('waits out a secondary rate limit on search (403 with Retry-After) and a 429', async () => {
		prServer.inject(/^\/search\/issues$/, { kind: 'secondary403' });
		prServer.inject(/^\/search\/issues$/, { kind: 'rate429', retryAfter: '3' });
		const outcome = await fetchMergedPrs(prClient(), LOGIN, { maxTargets: 0 });
		expect(outcome.status).toBe('ok');
		expect(waits).toEqual([1000, 3000]);
	});

	it('a spent search budget waits for its reset (a minute at most), and leaves the core look-ups alone', async () => {
		const tight = await new GithubTestServer({ users: prUsers, search, repositories, searchLimit: 2, searchWindowSeconds: 1 }).start();
		try {
			const slept: number[] = [];
			const c = new GithubClient({
				http: axiosHttpClient(),
				baseUrl: tight.baseUrl,
				// Really waits: the server's window is one second.
				sleep: (ms) => {
					slept.push(ms);
					return new Promise((resolve) => setTimeout(resolve, ms));
				},
				retry: { maxTotalWaitMs: 100 },
			});
			expect((await fetchMergedPrs(c, LOGIN, { maxTargets: 0 })).status).toBe('ok');
			expect((await fetchMergedPrs(c, 'no-prs', { maxTargets: 0 })).status).toBe('ok');
			expect(c.searchRateLimit.remaining).toBe(0);
			const searchesBefore = tight.counts()['/search/issues'];
			// The budget is spent: the third search waits for the reset (beyond maxTotalWaitMs, which
			// the one-minute search window may always exceed), then goes through.
			expect((await fetchMergedPrs(c, LOGIN, { maxTargets: 0 })).status).toBe('ok');
			expect(slept.length).toBe(1);
			expect(slept[0]).toBeGreaterThan(100);
			expect(slept[0]).toBeLessThanOrEqual(2000);
			expect(tight.counts()['/search/issues']).toBe(searchesBefore + 1);
			// The core budget is its own: searches never touched it.
			expect(c.rateLimit.remaining).toBeUndefined();
			expect(await c.getUser(LOGIN)).toMatchObject({ login: LOGIN });
			expect(c.rateLimit.remaining).toBe(4999);
		} finally {
			await tight.close();
		}
	});

	it('a search budget whose reset is far off fails at once without a request', async () => {
		const c = prClient();
		c.searchRateLimit.remaining = 0;
		c.searchRateLimit.resetAt = Date.now() + 3_600_000;
		const refused = await fetchMergedPrs(c, LOGIN);
		expect(refused).toMatchObject({ status: 'error', httpCode: 403, message: expect.stringMatching(/search rate limit exhausted/) });
		expect(prServer.requests).toHaveLength(0);
		// Core look-ups are not held back by the search budget.
		expect(await c.getUser(LOGIN)).toMatchObject({ login: LOGIN });
	});

	it('a failing target look-up degrades to unknown standing and is named', async () => {
		prServer.inject(/^\/repos\/plat-org\/operator$/, { kind: 'status', status: 500 }, 10);
		const outcome = await fetchMergedPrs(prClient({ retry: { maxAttempts: 2 } }), LOGIN);
		expect(outcome.status).toBe('ok');
		if (outcome.status !== 'ok') return;
		expect(outcome.data.repos['plat-org/operator']).toBeNull();
		expect(outcome.data.targetErrors).toEqual(['plat-org/operator: server error (HTTP 500)']);
	});

	it('persistent search failures are an error outcome that never shows the token', async () => {
		prServer.inject(/^\/search\/issues$/, { kind: 'status', status: 502, body: { message: `upstream ${TOKEN}` } }, 10);
		const outcome = await fetchMergedPrs(prClient({ token: TOKEN, retry: { maxAttempts: 2 } }), LOGIN);
		expect(outcome).toMatchObject({ status: 'error', httpCode: 502 });
		expect(JSON.stringify(outcome)).not.toContain(TOKEN);
		prServer.reset();
		prServer.inject(/^\/search\/issues$/, { kind: 'status', status: 401, body: { message: `Bad credentials ${TOKEN}` } });
		const denied = await fetchMergedPrs(prClient({ token: TOKEN }), LOGIN);
		expect(denied).toMatchObject({ status: 'error', httpCode: 401 });
		expect(JSON.stringify(denied)).not.toContain(TOKEN);
	});

	it('refuses an invalid login without a request', async () => {
		expect(await fetchMergedPrs(prClient(), 'bad/login')).toMatchObject({ status: 'error', message: expect.stringMatching(/not a GitHub login/) });
		expect(prServer.requests).toHaveLength(0);
	});
});
