/**
 * Candidate enrichment against a loopback GitHub-shaped server that answers
 * every request after 100 ms (a realistic GitHub round trip): wall time at
 * concurrency 1 (the baseline) and at the default 8, and the share of 304s
 * when the run is repeated with the ETag cache. Bounded (< 60 s): the
 * sequential run covers a subset and is extrapolated linearly, as printed.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { axiosHttpClient } from '../cli/http';
import { normaliseLogin } from '../core/candidate/login';
import { vetCandidate } from '../core/candidate/vet';
import { fetchGithub, GithubClient, ObjectEtagCache } from '../transport/github';

const CANDIDATES = 200;
const SEQUENTIAL_SUBSET = 10;
const DELAY_MS = 100;
const DEFAULT_CONCURRENCY = 8;

/** A synthetic user: 7 repositories (5 own, 2 forks) with languages and a root listing. */
function user(i: number): { user: object; repos: object[]; languages: Record<string, object>; contents: Record<string, object[]> } {
	const login = `cand-${String(i).padStart(3, '0')}`;
	const names = ['api', 'pipeline', 'infra', 'notebooks', 'lib', 'fork-a', 'fork-b'];
	const repos = names.map((name, k) => ({
		name,
		owner: { login },
		html_url: `https://github.com/${login}/${name}`,
		description: `${name} for candidate ${i}`,
		fork: name.startsWith('fork'),
		language: name === 'notebooks' ? 'Jupyter Notebook' : 'Python',
		stargazers_count: (i * 7 + k * 13) % 50,
		pushed_at: new Date(Date.UTC(2026, k % 12, 1 + (i % 27))).toISOString(),
		topics: ['mlops'],
		default_branch: 'main',
	}));
	const languages: Record<string, object> = {};
	const contents: Record<string, object[]> = {};
	for (const name of names) {
		languages[name] = { Python: 1000 + i, Shell: 100 };
		contents[name] = ['Dockerfile', 'README.md', 'src', 'tests', '.github'].map((n) => ({ name: n, type: /\./.test(n) && n !== '.github' ? 'file' : 'dir', html_url: `https://github.com/${login}/${name}/tree/main/${n}` }));
	}
	return { user: { login, html_url: `https://github.com/${login}`, bio: 'MLOps engineer', public_repos: repos.length }, repos, languages, contents };
}

async function startServer(): Promise<{ url: string; server: Server; stats: { requests: number; notModified: number } }> {
	const users = new Map<string, ReturnType<typeof user>>();
	for (let i = 0; i < CANDIDATES; i++) {
		const u = user(i);
		users.set((u.user as { login: string }).login, u);
	}
	const stats = { requests: 0, notModified: 0 };
	const server = createServer((req, res) => {
		setTimeout(() => {
			stats.requests++;
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			let m: RegExpExecArray | null;
			let body: unknown = { message: 'Not Found' };
			let status = 404;
			if ((m = /^\/users\/([^/]+)$/.exec(path)) && users.has(m[1])) [status, body] = [200, users.get(m[1])?.user];
			else if ((m = /^\/users\/([^/]+)\/repos$/.exec(path)) && users.has(m[1])) [status, body] = [200, users.get(m[1])?.repos];
			else if ((m = /^\/repos\/([^/]+)\/([^/]+)\/languages$/.exec(path)) && users.has(m[1])) [status, body] = [200, users.get(m[1])?.languages[m[2]]];
			else if ((m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/?$/.exec(path)) && users.has(m[1])) [status, body] = [200, users.get(m[1])?.contents[m[2]]];
			const text = JSON.stringify(body);
			const etag = `"${createHash('sha1').update(text).digest('hex')}"`;
			if (status === 200 && req.headers['if-none-match'] === etag) {
				stats.notModified++;
				res.writeHead(304, { etag });
				res.end();
				return;
			}
			res.writeHead(status, { 'content-type': 'application/json', etag, 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) });
			res.end(text);
		}, DELAY_MS);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, stats };
}

/** Vets `count` candidates at `concurrency`, the way the node and the CLI do; returns the wall time in ms. */
async function run(baseUrl: string, count: number, concurrency: number, cache?: ObjectEtagCache): Promise<number> {
	const client = new GithubClient({ http: axiosHttpClient('GitHub'), baseUrl, cache, maxInFlight: concurrency * 4 });
	const now = new Date('2026-11-25T00:00:00Z');
	const started = process.hrtime.bigint();
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count) {
			const i = next++;
			const login = normaliseLogin(`cand-${String(i).padStart(3, '0')}`);
			const github = await fetchGithub(client, login as string, { now, parallel: concurrency });
			if (github.status !== 'ok') throw new Error(`bench: lookup failed for ${login}: ${JSON.stringify(github)}`);
			vetCandidate({ candidate: { githubUsername: login, resumeText: 'MLOps engineer\nOn-call; p99 40 ms; incident rolled back.' }, login, github, now });
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function benchEnrich(): Promise<void> {
	const { url, server, stats } = await startServer();
	try {
		const perCandidateRequests = 2 + 2 * 5;
		const sequentialSubset = await run(url, SEQUENTIAL_SUBSET, 1);
		const sequential = (sequentialSubset / SEQUENTIAL_SUBSET) * CANDIDATES;
		const cache = new ObjectEtagCache({}, 10_000);
		stats.requests = 0;
		const concurrent = await run(url, CANDIDATES, DEFAULT_CONCURRENCY, cache);
		const firstRequests = stats.requests;
		stats.requests = 0;
		stats.notModified = 0;
		const rerun = await run(url, CANDIDATES, DEFAULT_CONCURRENCY, cache);
		const share = stats.requests === 0 ? 0 : stats.notModified / stats.requests;
		const lines = [
			`server answers every request after ${DELAY_MS} ms; ${perCandidateRequests} requests per candidate (2 + 2 x 5 repositories)`,
			`sequential (concurrency 1): ${(sequential / 1000).toFixed(1)} s for ${CANDIDATES} candidates (measured ${(sequentialSubset / 1000).toFixed(1)} s on ${SEQUENTIAL_SUBSET}, extrapolated x${CANDIDATES / SEQUENTIAL_SUBSET})`,
			`concurrency ${DEFAULT_CONCURRENCY}: ${(concurrent / 1000).toFixed(1)} s for ${CANDIDATES} candidates (${firstRequests} requests)`,
			`ratio concurrency ${DEFAULT_CONCURRENCY} / sequential: ${(concurrent / sequential).toFixed(3)} (target <= ${(1 / DEFAULT_CONCURRENCY).toFixed(3)}); speed-up x${(sequential / concurrent).toFixed(1)}`,
			`re-run with the ETag cache: ${(rerun / 1000).toFixed(1)} s, ${stats.notModified} of ${stats.requests} requests answered 304 (${(share * 100).toFixed(1)}%, target >= 90%; a 304 costs no rate limit)`,
		];
		process.stdout.write(lines.join('\n') + '\n');
	} finally {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
