/**
 * The Done-when rules of the multi-source vetting (issue 13), on small
 * fixtures written from the rubric, through the real transports against
 * loopback servers speaking the Hub's and Semantic Scholar's shapes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../../../cli/http';
import type { GithubData, GithubRepo } from '../../../core/candidate/github';
import type { HfRepo, HuggingFaceData } from '../../../core/candidate/huggingface';
import type { MergedPrData } from '../../../core/candidate/merged';
import type { PortfolioPage } from '../../../core/candidate/portfolio';
import { Vetting, type Candidate } from '../../../core/candidate/schema';
import { vetCandidate, type GithubOutcome, type SourceOutcomes } from '../../../core/candidate/vet';
import { fetchHuggingFace, huggingFaceClient } from '../../../transport/huggingface';
import { fetchPapers, scholarClient } from '../../../transport/scholar';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../../servers/huggingface';
import { ScholarTestServer, type ScholarFixture } from '../../servers/scholar';

import { FIXTURES } from './fixture';

const NOW = new Date('2026-11-25T00:00:00Z');
const authors = (JSON.parse(readFileSync(path.join(FIXTURES, 'huggingface', 'hub.json'), 'utf8')) as { authors: Record<string, HfFixtureAuthor> }).authors;
const scholar = JSON.parse(readFileSync(path.join(FIXTURES, 'scholar', 'scholar.json'), 'utf8')) as ScholarFixture;

let hub: HuggingFaceTestServer;
let s2: ScholarTestServer;
beforeAll(async () => {
	hub = await new HuggingFaceTestServer({ authors }).start();
	s2 = await new ScholarTestServer({ data: scholar }).start();
});
afterAll(async () => {
	await hub.close();
	await s2.close();
});

/** Reads the sources a candidate names, as the node and the CLI do. */
async function read(candidate: Candidate): Promise<SourceOutcomes> {
	const sources: SourceOutcomes = {};
	const hf = huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: hub.baseUrl });
	const papers = scholarClient({ http: axiosHttpClient('Semantic Scholar'), baseUrl: s2.baseUrl });
	sources.huggingface = candidate.huggingfaceUsername ? await fetchHuggingFace(hf, candidate.huggingfaceUsername) : { status: 'skipped', reason: 'no huggingfaceUsername' };
	sources.papers = await fetchPapers(papers, candidate);
	return sources;
}

async function vet(candidate: Candidate, github: GithubOutcome = { status: 'skipped' }): Promise<Vetting> {
	const v = vetCandidate({ candidate, login: github.status === 'skipped' ? null : 'dev', github, sources: await read(candidate), now: NOW });
	expect(Vetting.safeParse(v).success).toBe(true);
	return v;
}

function repo(name: string, over: Partial<GithubRepo> = {}): GithubRepo {
	return { name, owner: 'dev', html_url: `https://github.com/dev/${name}`, description: null, fork: false, language: 'Python', stargazers_count: 1, pushed_at: '2026-10-01T00:00:00Z', topics: [], default_branch: 'main', archived: false, ...over };
}
function hfModel(id: string, over: Partial<HfRepo> = {}): HfRepo {
	return { kind: 'model', id, url: `https://huggingface.co/${id}`, downloads: 0, likes: 0, lastModified: '2026-10-01T00:00:00.000Z', pipelineTag: null, libraryName: null, tags: [], files: ['README.md', 'model.safetensors'], hasCard: true, evalResults: [], baseModels: [], sdk: null, runtimeStage: null, summary: null, ...over };
}
function gh(repos: GithubRepo[]): GithubOutcome {
	const data: GithubData = { login: 'dev', user: { login: 'dev', html_url: 'https://github.com/dev', name: null, bio: null, blog: null, public_repos: repos.length, followers: 0, updated_at: null }, repos, languages: {}, contents: {} };
	return { status: 'ok', data };
}

describe('vetting from every public source (issue 13)', () => {
	it('production work only on Hugging Face (running Space with serving code, well-used evaluated model) is strong, with links to it', async () => {
		const v = await vet({ name: 'Sam Diallo', huggingfaceUsername: 'sdiallo', resumeText: 'Sam Diallo\nEngineer' });
		expect(v.productionEvidence).toBe('strong');
		expect(v.redFlags).toEqual([]);
		expect(v.roleFit).toBe('ml_engineer');
		const links = v.evidence.filter((e) => e.label === 'productionEvidence').map((e) => e.url);
		expect(links).toEqual(expect.arrayContaining([`${hub.baseUrl}/spaces/sdiallo/invoice-extractor-api`, `${hub.baseUrl}/sdiallo/invoice-layoutlm`]));
		expect(v.evidence.filter((e) => e.source === 'huggingface').every((e) => e.url?.startsWith(hub.baseUrl))).toBe(true);
		expect(v.sources?.huggingface).toEqual({ status: 'ok', level: 'strong', signals: expect.any(Number) });
		expect(v.sources?.github).toEqual({ status: 'skipped', reason: 'no githubUsername' });
	});

	it('LLM work on the Hub (LoRA adapters, embeddings, a chat Space) is llm_engineer', async () => {
		const v = await vet({ name: 'Nele Koch', huggingfaceUsername: 'nkoch' });
		expect(v.roleFit).toBe('llm_engineer');
		expect(v.productionEvidence).toBe('strong');
	});

	it('a researcher with papers and no shipped system: research_scientist, productionEvidence none, papers linked', async () => {
		const v = await vet({ name: 'Mara Okafor', orcid: '0000-0002-1825-0097', resumeText: 'Mara Okafor\nZurich' });
		expect(v.roleFit).toBe('research_scientist');
		expect(v.productionEvidence).toBe('none');
		// Papers are public work.
		expect(v.redFlags).toEqual([]);
		const papers = v.evidence.filter((e) => e.source === 'papers');
		expect(papers.length).toBeGreaterThan(0);
		for (const e of papers) {
			expect(e.label).toBe('roleFit');
			expect(e.url).toMatch(/^https:\/\/www\.semanticscholar\.org\/paper\//);
			expect(e.excerpt).toMatch(/\(\w.* \d{4}\), \d+ citations?/);
		}
		expect(v.sources?.papers).toEqual(expect.objectContaining({ status: 'ok', level: 'none', match: expect.objectContaining({ method: 'orcid', votes: true, namesakes: 2 }) }));
	});

	it('a paper match that may be a namesake vets nobody: recorded, no research credit, no public work', async () => {
		const v = await vet({ name: 'Lee Chen', email: 'lee.chen@acme-robotics.example', resumeText: 'Lee Chen\nMachine Learning Engineer\nChurn models with LightGBM.' });
		expect(v.roleFit).toBe('ml_engineer');
		expect(v.roleScores.research_scientist).toBe(0);
		expect(v.evidence.some((e) => e.source === 'papers')).toBe(false);
		expect(v.redFlags).toContain('no_public_work');
		expect(v.sources?.papers).toEqual(expect.objectContaining({ status: 'ok', match: expect.objectContaining({ method: 'name_only', votes: false, namesakes: 3 }) }));
	});

	it('the wrong person of two namesakes (the other one has the ORCID) is not taken', async () => {
		const v = await vet({ name: 'Mara Okafor', orcid: '0000-0001-5109-3700', resumeText: 'Mara Okafor\nData engineer' });
		expect(v.roleScores.research_scientist).toBe(0);
		expect(v.sources?.papers).toEqual(expect.objectContaining({ match: expect.objectContaining({ votes: false }) }));
	});

	it('a failing source degrades to the others, its error on the verdict', async () => {
		hub.inject(/^\/api\/models\?/, { kind: 'status', status: 500 }, 20);
		const hf = huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: hub.baseUrl, retry: { maxAttempts: 1 } });
		const outcome = await fetchHuggingFace(hf, 'sdiallo');
		hub.reset();
		const v = vetCandidate({ candidate: { name: 'Sam Diallo', resumeText: 'Sam Diallo\nML Engineer\nShipped a fraud model; on-call; p99 30 ms.' }, login: null, github: { status: 'skipped' }, sources: { huggingface: outcome }, now: NOW });
		expect(v.sources?.huggingface).toEqual({ status: 'error', message: expect.stringContaining('Hugging Face: server error (HTTP 500)'), httpCode: 500 });
		expect(v.productionEvidence).toBe('strong');
		expect(v.sources?.papers).toEqual({ status: 'skipped', reason: 'not read' });
	});

	it('card-less fine-tuned copies on the Hub: forks_only, unless GitHub shows own work', async () => {
		const copies = await vet({ name: 'J Vance', huggingfaceUsername: 'jvance' });
		expect(copies.redFlags).toContain('forks_only');
		const own = await vet({ name: 'J Vance', huggingfaceUsername: 'jvance' }, gh([repo('api'), repo('lib')]));
		expect(own.redFlags).not.toContain('forks_only');
		expect(own.sources?.huggingface).toEqual(expect.objectContaining({ status: 'ok', overruled: ['forks_only'] }));
	});

	describe('forks_only on GitHub ("most public repositories are forks with no own commits"): which other source overrules it', () => {
		const forks = gh([repo('a', { fork: true }), repo('b', { fork: true }), repo('c', { fork: true }), repo('own')]);
		const hubOwn: HuggingFaceData = {
			username: 'dev',
			profileUrl: 'https://huggingface.co/dev',
			models: [hfModel('dev/own-model', { downloads: 400 }), hfModel('dev/second-model', { downloads: 150 })],
			datasets: [],
			spaces: [],
		};
		const serving = { fullName: 'org/engine', owner: 'org', ownerType: 'Organization', htmlUrl: 'https://github.com/org/engine', description: 'Model serving engine', stars: 9000, forks: 900, archived: false, fork: false, parentOwner: null, topics: ['inference'], language: 'Go' };
		const mergedPrs: MergedPrData = {
			login: 'dev',
			totalCount: 3,
			incompleteResults: false,
			prs: ['Add request hedging', 'Fix batch scheduler race', 'Expose queue metrics'].map((title, i) => ({ title, url: `https://github.com/org/engine/pull/${i + 1}`, repo: 'org/engine', author: 'dev', mergedAt: '2026-09-01T00:00:00Z', labels: [] })),
			repos: { 'org/engine': serving },
		};
		it.each<[string, SourceOutcomes, boolean]>([
			['no other source: the flag stands', {}, true],
			['own models on the Hub (public repositories of their own): overruled', { huggingface: { status: 'ok', data: hubOwn } }, false],
			// Work in someone else's repository is production and role evidence; it does not make the candidate's own repositories anything but forks.
			['substantive PRs merged into an organisation\'s repository: the flag stands', { merged_prs: { status: 'ok', data: mergedPrs } }, true],
		])('%s', (_name, sources, flagged) => {
			const v = vetCandidate({ candidate: { name: 'Dev' }, login: 'dev', github: forks, sources, now: NOW });
			expect(v.redFlags.includes('forks_only')).toBe(flagged);
			expect((v.sources?.github as { overruled?: string[] }).overruled ?? []).toEqual(flagged ? [] : ['forks_only']);
		});
	});

	it('inactive only when no source shows recent activity', async () => {
		const old = gh([repo('a', { pushed_at: '2022-01-01T00:00:00Z' })]);
		expect((await vet({ name: 'X' }, old)).redFlags).toContain('inactive');
		// A recent paper (matched by id) shows activity.
		const withPaper = await vet({ name: 'Tomás Rivera', semanticScholarId: '5500001' }, old);
		expect(withPaper.redFlags).not.toContain('inactive');
		expect(withPaper.sources?.github).toEqual(expect.objectContaining({ overruled: ['inactive'] }));
		// An old Hub profile does not.
		expect((await vet({ name: 'X', huggingfaceUsername: 'oldhub' }, old)).redFlags).toContain('inactive');
	});

	it('no_public_work only when no source shows public work; an unknown Hub user is not_found', async () => {
		const ghost = await vet({ name: 'Nobody Atall', huggingfaceUsername: 'no-such-person' });
		expect(ghost.redFlags).toEqual(['no_public_work']);
		expect(ghost.sources?.huggingface).toEqual({ status: 'not_found', url: `${hub.baseUrl}/api/users/no-such-person/overview` });
		expect(ghost.evidence.find((e) => e.value === 'no_public_work')?.excerpt).toContain('nothing public on huggingface');
		expect(ghost.sources?.papers).toEqual({ status: 'skipped', reason: expect.stringContaining('tell namesakes apart') });
		const hubOnly = await vet({ name: 'X', huggingfaceUsername: 'oldhub' });
		expect(hubOnly.redFlags).not.toContain('no_public_work');
	});

	it('production work only in merged PRs to other organisations\' repositories is strong, each PR linked', () => {
		const titles = ['Add circuit breaker to the inference gateway', 'Stream batch predictions to the feature store', 'Fix p99 latency regression in the model server', 'Autoscale GPU workers on queue depth'];
		const prs = titles.map((title, i) => ({ title, url: `https://github.com/big-org/serving/pull/${100 + i}`, repo: 'big-org/serving', author: 'dev', mergedAt: '2026-09-01T00:00:00Z', labels: [] }));
		const data: MergedPrData = {
			login: 'dev',
			totalCount: prs.length,
			incompleteResults: false,
			prs,
			repos: { 'big-org/serving': { fullName: 'big-org/serving', owner: 'big-org', ownerType: 'Organization', htmlUrl: 'https://github.com/big-org/serving', description: 'Model serving platform', stars: 4200, forks: 600, archived: false, fork: false, parentOwner: null, topics: ['mlops', 'inference'], language: 'Go' } },
		};
		const v = vetCandidate({ candidate: { name: 'Dev', resumeText: 'Dev\nEngineer' }, login: 'dev', github: gh([]), sources: { merged_prs: { status: 'ok', data } }, now: NOW });
		expect(v.productionEvidence).toBe('strong');
		const links = v.evidence.filter((e) => e.source === 'merged_prs' && e.label === 'productionEvidence').map((e) => e.url);
		expect(links.length).toBeGreaterThan(0);
		expect(links.every((u) => u?.startsWith('https://github.com/big-org/serving/pull/'))).toBe(true);
		// A profile without own repositories is not no_public_work when merged PRs exist.
		expect(v.redFlags).toEqual([]);
		expect(v.sources?.merged_prs).toEqual(expect.objectContaining({ status: 'ok', level: 'strong' }));
	});

	it('portfolio pages: refused or missing pages are no public work; a page that failed to load still counts as given', () => {
		const candidate = { name: 'P', portfolioUrls: ['http://10.0.0.1/', 'https://gone.example/'] };
		const refused: PortfolioPage[] = [
			{ status: 'refused', url: 'http://10.0.0.1/', message: 'portfolioUrls[0]: a private address; refused without a request' },
			{ status: 'ok', url: 'https://gone.example/', finalUrl: 'https://gone.example/', contentType: 'text/html', title: null, text: '', truncated: false },
		];
		const none = vetCandidate({ candidate, login: null, github: { status: 'skipped' }, sources: { portfolio: { status: 'ok', data: refused } }, now: NOW });
		expect(none.redFlags).toEqual(['no_public_work']);
		const allMissing = vetCandidate({ candidate, login: null, github: { status: 'skipped' }, sources: { portfolio: { status: 'not_found', url: 'https://gone.example/' } }, now: NOW });
		expect(allMissing.redFlags).toEqual(['no_public_work']);
		const flaky: PortfolioPage[] = [{ status: 'error', url: 'https://slow.example/', message: 'portfolioUrls[0]: no answer within 10000 ms' }, refused[1]];
		expect(vetCandidate({ candidate, login: null, github: { status: 'skipped' }, sources: { portfolio: { status: 'ok', data: flaky } }, now: NOW }).redFlags).toEqual([]);
		const off = vetCandidate({ candidate, login: null, github: { status: 'skipped' }, sources: { portfolio: { status: 'skipped', reason: 'switched off' } }, now: NOW });
		expect(off.redFlags).toEqual([]);
	});
});
