import { Candidate, Vetting } from '../../../core/candidate/schema';
import { vetCandidate, type GithubOutcome } from '../../../core/candidate/vet';
import type { GithubData, GithubRepo } from '../../../core/candidate/github';
import { normaliseLogin } from '../../../core/candidate/login';

import { githubData, loadCandidates, loadGithubFixture } from './fixture';

const NOW = new Date('2026-11-25T00:00:00Z');

function repo(name: string, over: Partial<GithubRepo> = {}): GithubRepo {
	return { name, owner: 'dev', html_url: `https://github.com/dev/${name}`, description: null, fork: false, language: 'Python', stargazers_count: 1, pushed_at: '2026-10-01T00:00:00Z', topics: [], default_branch: 'main', archived: false, ...over };
}

function gh(repos: GithubRepo[], contents: Record<string, string[]> = {}, bio: string | null = null): GithubOutcome {
	const c: GithubData['contents'] = {};
	for (const [k, v] of Object.entries(contents)) c[k] = v.map((n) => (n.endsWith('/') ? { name: n.slice(0, -1), type: 'dir', html_url: null } : { name: n, type: 'file', html_url: null }));
	return { status: 'ok', data: { login: 'dev', user: { login: 'dev', html_url: 'https://github.com/dev', name: null, bio, blog: null, public_repos: repos.length, followers: 0, updated_at: null }, repos, languages: {}, contents: c } };
}

const vet = (candidate: Candidate, github: GithubOutcome = { status: 'skipped' }) => vetCandidate({ candidate, login: github.status === 'skipped' ? null : 'dev', github, now: NOW });

const STRONG_CV = `Alex Kim - Senior ML Engineer
Oslo
- Built and run the recommendation service, 5k requests/s at p99 40 ms.
- Incident 2025: a schema change broke the feature pipeline; I rolled back within 15 minutes and added contract tests.
- On-call one week in four.`;

describe('vetCandidate (rubric section 5)', () => {
	it('a CV with incidents, on-call and figures is strong even without public code, flagged no_public_work', () => {
		const v = vet({ resumeText: STRONG_CV });
		expect(v.productionEvidence).toBe('strong');
		expect(v.redFlags).toEqual(['no_public_work']);
		expect(v.roleFit).toBe('ml_engineer');
		expect(Vetting.safeParse(v).success).toBe(true);
	});

	it('a portfolio counts as public work; LinkedIn does not', () => {
		expect(vet({ resumeText: STRONG_CV, portfolioUrls: ['https://me.example'] }).redFlags).toEqual([]);
		expect(vet({ resumeText: STRONG_CV, linkedinUrl: 'https://linkedin.com/in/x' }).redFlags).toEqual(['no_public_work']);
	});

	it('an unknown GitHub user (404) is no_public_work with the 404 as evidence', () => {
		const v = vetCandidate({ candidate: { resumeText: STRONG_CV }, login: 'ghost', github: { status: 'not_found', url: 'http://127.0.0.1/users/ghost' }, now: NOW });
		expect(v.redFlags).toContain('no_public_work');
		expect(v.evidence).toContainEqual(expect.objectContaining({ signal: 'github.not_found', url: 'http://127.0.0.1/users/ghost' }));
		expect(v.github.status).toBe('not_found');
	});

	it('two repositories with running-system signals are strong, each signal linked', () => {
		const v = vet({ resumeText: 'Dev\nEngineer' }, gh([repo('api'), repo('infra')], { api: ['Dockerfile', '.github/', 'tests/', 'app/'], infra: ['main.tf', '.github/', 'test/'] }));
		expect(v.productionEvidence).toBe('strong');
		const links = v.evidence.filter((e) => e.label === 'productionEvidence').map((e) => e.url);
		expect(links).toContain('https://github.com/dev/api/blob/main/Dockerfile');
		expect(links.every((u) => typeof u === 'string' && u.startsWith('https://github.com/dev/'))).toBe(true);
	});

	it('notebooks and Kaggle medals only: none, notebook_only, competition_only', () => {
		const nb = (n: string) => repo(n, { language: 'Jupyter Notebook', topics: ['kaggle'], description: 'Kaggle competition (silver)' });
		const v = vet({ resumeText: 'Pat Lee\nKaggle Master\nGold medal, 3rd place in a vision competition.\nSilver medal in a tabular competition.' }, gh([nb('a'), nb('b'), nb('c')], { a: ['a.ipynb'], b: ['b.ipynb'], c: ['c.ipynb'] }));
		expect(v.productionEvidence).toBe('none');
		expect(v.redFlags).toEqual(['notebook_only', 'competition_only']);
	});

	it('a one-paragraph profile of competitions and medals is competition_only (mentions count, not lines)', () => {
		const v = vet({ resumeText: 'Data scientist. Kaggle Grandmaster with 3 gold medals in tabular competitions.', portfolioUrls: ['https://me.example'] });
		expect(v.productionEvidence).toBe('none');
		expect(v.redFlags).toEqual(['competition_only']);
	});

	it('a Kaggle medal next to shipped systems is not competition_only', () => {
		const v = vet({ resumeText: STRONG_CV + '\nKaggle silver medal 2020, gold medal 2021.', portfolioUrls: ['https://x.example'] });
		expect(v.redFlags).not.toContain('competition_only');
	});

	it('buzzwords without artefacts are flagged; the same words with figures are not', () => {
		const buzz = 'Jo Doe\nVisionary GenAI Thought Leader | Keynote Speaker\nPassionate, results-driven evangelist leveraging cutting-edge Agentic AI to unlock exponential value.';
		expect(vet({ resumeText: buzz, portfolioUrls: ['https://x.example'] }).redFlags).toEqual(['buzzwords_without_artifacts']);
		expect(vet({ resumeText: buzz + '\nShipped a claims model used by 300 staff; handling time down 19%.', portfolioUrls: ['https://x.example'] }).redFlags).toEqual([]);
	});

	it('forks_only and inactive come from the repository list, relative to now', () => {
		const v = vet({ resumeText: 'Dev\nEngineer' }, gh([repo('a', { fork: true, pushed_at: '2023-01-01T00:00:00Z' }), repo('b', { fork: true, pushed_at: '2022-01-01T00:00:00Z' }), repo('c', { pushed_at: '2024-01-01T00:00:00Z' })]));
		expect(v.redFlags).toEqual(['forks_only', 'inactive']);
		expect(v.profile.lastActivity).toBe('2024-01-01T00:00:00Z');
		const later = vetCandidate({ candidate: { resumeText: 'Dev\nEngineer' }, login: 'dev', github: gh([repo('c', { pushed_at: '2024-01-01T00:00:00Z' })]), now: new Date('2025-06-01T00:00:00Z') });
		expect(later.redFlags).not.toContain('inactive');
	});

	it('a GitHub failure gives the résumé-only judgement with the error recorded', () => {
		const v = vetCandidate({ candidate: { resumeText: STRONG_CV }, login: 'dev', github: { status: 'error', message: 'GitHub: rate limited', httpCode: 429 }, now: NOW });
		expect(v.productionEvidence).toBe('strong');
		expect(v.redFlags).toEqual([]);
		expect(v.github).toEqual({ status: 'error', error: { message: 'GitHub: rate limited', httpCode: 429 } });
	});

	it.each([
		['Ana Ruiz - AI Strategy Consultant\nMadrid\nAI roadmaps, vendor evaluation, stakeholder workshops and governance for insurers.', 'ai_consultant'],
		['Ben Ode - Research Scientist\nLab\nPublications at NeurIPS and ICML; postdoc on novel architectures.', 'research_scientist'],
		['Cy Vo - LLM Engineer\nHanoi\nRAG assistants with pgvector, agents with tool calling, prompt evals.', 'llm_engineer'],
		['Di Ek - MLOps Engineer\nKyiv\nKubernetes, Helm, MLflow model registry, drift monitoring, feature store.', 'mlops_engineer'],
		['Ed Fu - Machine Learning Engineer\nLima\nDemand forecasting and churn models with LightGBM.', 'ml_engineer'],
	])('role fit from the evidence: %#', (text, role) => {
		expect(vet({ resumeText: text }).roleFit).toBe(role);
	});

	it('the score orders strong-and-clean above none-and-flagged', () => {
		const strong = vet({ resumeText: STRONG_CV, portfolioUrls: ['https://x.example'] });
		const weak = vet({ resumeText: 'Jo\nVisionary GenAI thought leader, keynote speaker, passionate evangelist, cutting-edge.' });
		expect(strong.score).toBeGreaterThan(70);
		expect(weak.score).toBeLessThan(20);
	});
});

describe('dev fixture (labelled by the rubric)', () => {
	const users = loadGithubFixture();
	const rows = loadCandidates().map((raw) => {
		const candidate = Candidate.parse(raw);
		const login = normaliseLogin(candidate.githubUsername);
		let github: GithubOutcome = { status: 'skipped' };
		if (login) {
			const data = githubData(users, login, NOW);
			github = data ? { status: 'ok', data } : { status: 'not_found', url: `https://api.github.com/users/${login}` };
		}
		return { labels: raw.labels, v: vetCandidate({ candidate, login, github, now: NOW }) };
	});

	it('meets the accuracy targets', () => {
		const n = rows.length;
		const pe = rows.filter((r) => r.v.productionEvidence === r.labels.productionEvidence).length / n;
		const rf = rows.filter((r) => r.v.roleFit === r.labels.roleFit).length / n;
		let tp = 0;
		let fp = 0;
		let fn = 0;
		for (const r of rows) {
			for (const f of r.v.redFlags) (r.labels.redFlags.includes(f) ? tp++ : fp++);
			for (const f of r.labels.redFlags) if (!r.v.redFlags.includes(f as never)) fn++;
		}
		expect(pe).toBeGreaterThanOrEqual(0.85);
		expect(rf).toBeGreaterThanOrEqual(0.85);
		expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThanOrEqual(0.85);
	});

	it('every vetting fits the schema and every GitHub evidence has a link', () => {
		for (const { v } of rows) {
			expect(Vetting.safeParse(v).success).toBe(true);
			for (const e of v.evidence) {
				if (e.source === 'github') expect(e.url).toMatch(/^https?:\/\//);
				if (e.source === 'resume') expect(e.excerpt).toBeTruthy();
			}
		}
	});
});
