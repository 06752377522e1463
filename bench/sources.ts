/**
 * Requests per candidate per source: synthetic candidates with a GitHub
 * login (and merged PRs elsewhere), a Hugging Face profile, an ORCID among
 * namesakes and a portfolio page, read the way the node and the CLI read
 * them (transport/sources.ts) from loopback servers that answer after 20 ms.
 * Prints the requests of each source per candidate, the wall time, and the
 * share of 304s when the run is repeated with the ETag cache. Bounded (a few
 * seconds).
 */
import { axiosHttpClient } from '../cli/http';
import { normaliseHfUsername } from '../core/candidate/huggingface';
import { SOURCE_NAMES, type SourceName } from '../core/candidate/sources';
import { vetCandidate } from '../core/candidate/vet';
import { GithubClient, ObjectEtagCache } from '../transport/github';
import { huggingFaceClient } from '../transport/huggingface';
import type { PortfolioStats } from '../transport/portfolio';
import { scholarClient } from '../transport/scholar';
import { readCandidateSources } from '../transport/sources';
import { GithubTestServer, type GithubFixtureUser, type SearchFixture } from '../tests/servers/github';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../tests/servers/huggingface';
import { PortfolioTestServer, type PortfolioFixturePage } from '../tests/servers/portfolio';
import { ScholarTestServer, type ScholarFixture } from '../tests/servers/scholar';

const CANDIDATES = 60;
const DELAY_MS = 20;
const CONCURRENCY = 8;
const NOW = new Date('2026-11-25T00:00:00Z');

interface World {
	github: Record<string, GithubFixtureUser>;
	search: Record<string, SearchFixture>;
	hub: Record<string, HfFixtureAuthor>;
	scholar: ScholarFixture;
	pages: Record<string, PortfolioFixturePage>;
}

function world(): World {
	const w: World = { github: {}, search: {}, hub: {}, scholar: { authorSearch: {}, authors: {}, papers: {} }, pages: {} };
	for (let i = 0; i < CANDIDATES; i++) {
		const login = `cand-${i}`;
		const repos = ['api', 'infra', 'notes'].map((name) => ({ name, owner: { login }, html_url: `https://github.com/${login}/${name}`, fork: false, language: 'Python', stargazers_count: i % 7, pushed_at: '2026-10-01T00:00:00Z', topics: [] }));
		const listing = ['Dockerfile', '.github', 'tests', 'app'].map((n) => ({ name: n, type: n.includes('.') && n !== '.github' ? 'file' : 'dir', html_url: `https://github.com/${login}/api/tree/main/${n}` }));
		w.github[login] = { user: { login, html_url: `https://github.com/${login}`, public_repos: 3 }, repos, languages: Object.fromEntries(repos.map((r) => [r.name, { Python: 1000 }])), contents: Object.fromEntries(repos.map((r) => [r.name, listing])) };
		w.search[login] = {
			total_count: 2,
			incomplete_results: false,
			items: [1, 2].map((k) => ({
				html_url: `https://github.com/big-org/service/pull/${i * 10 + k}`,
				repository_url: 'https://api.github.com/repos/big-org/service',
				title: `Add retry budget to the inference gateway (${k})`,
				user: { login },
				state: 'closed',
				closed_at: '2026-09-01T00:00:00Z',
				pull_request: { merged_at: '2026-09-01T00:00:00Z', html_url: `https://github.com/big-org/service/pull/${i * 10 + k}` },
			})),
		};
		const hf = `hf-${i}`;
		w.hub[hf] = {
			models: [
				{ id: `${hf}/classifier`, downloads: 5000 + i, likes: 12, lastModified: '2026-10-01T00:00:00.000Z', pipeline_tag: 'text-classification', library_name: 'transformers', tags: ['transformers'] },
				{ id: `${hf}/small`, downloads: 40, likes: 0, lastModified: '2026-09-01T00:00:00.000Z', tags: [], siblings: [{ rfilename: 'config.json' }], cardData: {} },
			],
			datasets: [{ id: `${hf}/data`, downloads: 10, likes: 0, lastModified: '2026-08-01T00:00:00.000Z', tags: [] }],
			spaces: [{ id: `${hf}/demo`, likes: 3, lastModified: '2026-10-05T00:00:00.000Z', sdk: 'gradio', runtime: { stage: 'RUNNING' } }],
			modelInfo: {
				[`${hf}/classifier`]: {
					id: `${hf}/classifier`,
					siblings: [{ rfilename: 'README.md' }, { rfilename: 'model.safetensors' }],
					cardData: { 'model-index': [{ name: 'c', results: [{ task: { type: 'text-classification' }, dataset: { name: 'imdb' }, metrics: [{ type: 'accuracy', value: 0.93 }] }] }] },
				},
			},
			spaceInfo: { [`${hf}/demo`]: { id: `${hf}/demo`, sdk: 'gradio', runtime: { stage: 'RUNNING' }, siblings: [{ rfilename: 'app.py' }] } },
		};
		const name = `Candidate Number${i}`;
		const orcid = `0000-0002-1825-${String(1000 + i).slice(-4)}`;
		(w.scholar.authorSearch as NonNullable<ScholarFixture['authorSearch']>)[name] = {
			total: 2,
			offset: 0,
			data: [
				{ authorId: String(9000 + i), name, affiliations: ['Somewhere'], externalIds: { ORCID: orcid }, paperCount: 3, citationCount: 40, hIndex: 2 },
				{ authorId: String(19000 + i), name, affiliations: [], externalIds: {}, paperCount: 1, citationCount: 0, hIndex: 0 },
			],
		};
		(w.scholar.papers as NonNullable<ScholarFixture['papers']>)[String(9000 + i)] = { offset: 0, data: [{ paperId: `p${i}`, title: 'A workshop paper', venue: 'NeurIPS Workshop', year: 2025, citationCount: 4, publicationTypes: [], authors: [] }] };
		w.pages[`https://cand-${i}.example/`] = { status: 200, contentType: 'text/html; charset=utf-8', body: `<html><head><title>Cand ${i}</title></head><body><p>I run the ticket routing service in production: p99 40 ms.</p></body></html>` };
	}
	return w;
}

export async function benchSources(): Promise<void> {
	const w = world();
	const github = await new GithubTestServer({ users: w.github, search: w.search, searchLimit: 100_000, delayMs: DELAY_MS }).start();
	const hub = await new HuggingFaceTestServer({ authors: w.hub, delayMs: DELAY_MS }).start();
	const s2 = await new ScholarTestServer({ data: w.scholar, delayMs: DELAY_MS }).start();
	const pages = await new PortfolioTestServer({ pages: w.pages }).start();
	try {
		const run = async (cache?: ObjectEtagCache): Promise<{ ms: number; requests: Record<SourceName, number>; notModified: number }> => {
			const gh = new GithubClient({ http: axiosHttpClient('GitHub'), baseUrl: github.baseUrl, cache, maxInFlight: CONCURRENCY * 4 });
			const hf = huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: hub.baseUrl, cache, maxInFlight: CONCURRENCY * 4 });
			const scholar = scholarClient({ http: axiosHttpClient('Semantic Scholar'), baseUrl: s2.baseUrl, cache });
			const portfolioStats: PortfolioStats = { requests: 0, refused: 0, bytes: 0 };
			const started = process.hrtime.bigint();
			let next = 0;
			const worker = async (): Promise<void> => {
				while (next < CANDIDATES) {
					const i = next++;
					const candidate = { name: `Candidate Number${i}`, orcid: `0000-0002-1825-${String(1000 + i).slice(-4)}`, githubUsername: `cand-${i}`, huggingfaceUsername: `hf-${i}`, portfolioUrls: [`https://cand-${i}.example/`] };
					const { github: outcome, sources } = await readCandidateSources(
						{ github: gh, huggingface: hf, scholar },
						{ candidate, login: candidate.githubUsername, huggingfaceUsername: normaliseHfUsername(candidate.huggingfaceUsername) },
						{ now: NOW, parallel: CONCURRENCY, portfolio: { resolve: pages.exampleResolver(), allowedPrivateAddresses: ['127.0.0.1'], stats: portfolioStats }, portfolioUrl: (u) => pages.urlFor(u) },
					);
					for (const [name, o] of Object.entries({ github: outcome, ...sources })) if (o?.status !== 'ok') throw new Error(`bench: ${name} for candidate ${i}: ${JSON.stringify(o)}`);
					vetCandidate({ candidate, login: candidate.githubUsername, github: outcome, sources, now: NOW });
				}
			};
			await Promise.all(Array.from({ length: CONCURRENCY }, worker));
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			const requests: Record<SourceName, number> = { github: 0, huggingface: hf.stats.requests, papers: scholar.stats.requests, merged_prs: 0, portfolio: portfolioStats.requests };
			for (const [p, n] of Object.entries(gh.stats.byPath)) requests[p === '/search/issues' || p === '/repos/{owner}/{repo}' ? 'merged_prs' : 'github'] += n;
			return { ms, requests, notModified: gh.stats.notModified + hf.stats.notModified + scholar.stats.notModified };
		};
		const cache = new ObjectEtagCache({}, 20_000);
		const first = await run(cache);
		const again = await run(cache);
		const per = (r: Record<SourceName, number>) => SOURCE_NAMES.map((k) => `${k} ${(r[k] / CANDIDATES).toFixed(2)}`).join(', ');
		const total = (r: Record<SourceName, number>) => SOURCE_NAMES.reduce((a, k) => a + r[k], 0);
		const cacheable = total(again.requests) - again.requests.portfolio;
		process.stdout.write(
			[
				`${CANDIDATES} candidates with every source, concurrency ${CONCURRENCY}, loopback servers answering after ${DELAY_MS} ms`,
				`requests per candidate: ${per(first.requests)} (total ${(total(first.requests) / CANDIDATES).toFixed(2)})`,
				`wall time ${(first.ms / 1000).toFixed(1)} s (${(first.ms / CANDIDATES).toFixed(0)} ms per candidate)`,
				`re-run with the ETag cache: ${again.notModified} of ${cacheable} API requests answered 304 (${((again.notModified / Math.max(1, cacheable)) * 100).toFixed(1)}%; portfolio pages are fetched again, ${again.requests.portfolio} requests)`,
			].join('\n') + '\n',
		);
	} finally {
		await github.close();
		await hub.close();
		await s2.close();
		await pages.close();
	}
}
