import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../../cli/http';
import { ServiceError } from '../../core/errors';
import { fetchGithub, GithubClient, normaliseBaseUrl, ObjectEtagCache, type GithubClientOptions } from '../../transport/github';
import { GithubTestServer, type GithubFixtureUser } from '../servers/github';

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
