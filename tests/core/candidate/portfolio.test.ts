import { extractPortfolioSignals, type PortfolioPage } from '../../../core/candidate/portfolio';

const NOW = new Date('2026-06-01T00:00:00Z');

const page = (text: string, over: Partial<Extract<PortfolioPage, { status: 'ok' }>> = {}): PortfolioPage => ({
	status: 'ok',
	url: 'https://someone.example/',
	finalUrl: 'https://someone.example/',
	contentType: 'text/html',
	title: null,
	text,
	truncated: false,
	...over,
});

const OPERATOR = [
	'Feature store (2023-2025)',
	'Built and maintain the online feature store: 40k requests/s at p99 12 ms, 99.95% uptime.',
	'Postmortem: a bad schema migration took scoring down for 40 minutes; we rolled back and added canary checks.',
	'I was on-call for the ranking platform for two years.',
].join('\n');

const SHIPPED_ONLY = ['Projects', 'Shipped a churn model to production for a telecom; retrained monthly with Airflow.'].join('\n');

const CONSULTANT = [
	'Advisory and AI strategy',
	'I help leadership teams decide what to build: AI roadmaps, vendor evaluation, build-vs-buy and governance.',
	'Workshops: two-day AI opportunity assessment for executives.',
	'Talk: "From pilots to an AI roadmap" at Data Leaders Summit, March 2025.',
].join('\n');

const HYPE = 'Visionary GenAI thought leader. Passionate, results-driven innovation evangelist unlocking transformative, cutting-edge synergy.';

const KAGGLE = 'Kaggle Grandmaster. Gold medal in two competitions, silver in three; top 1% on the leaderboard.';

describe('extractPortfolioSignals', () => {
	it.each<[string, PortfolioPage[], string, string[]]>([
		['incidents with operating figures and on-call → strong', [page(OPERATOR)], 'strong', []],
		['a shipped system alone → some', [page(SHIPPED_ONLY)], 'some', []],
		['consulting work, no running system → none', [page(CONSULTANT)], 'none', []],
		['hype with no artefact → buzzwords flag', [page(HYPE)], 'none', ['buzzwords_without_artifacts']],
		['competitions only → competition flag', [page(KAGGLE)], 'none', ['competition_only']],
		['competitions next to a running system → no flag', [page(`${KAGGLE}\n${OPERATOR}`)], 'strong', []],
		['signals on two pages combine (incident on one, figures on the other)', [page('Postmortem: the ranking API outage of May 2024 and how we fixed it.'), page('Serving 12k requests/s at p99 30 ms.', { finalUrl: 'https://someone.example/work' })], 'strong', []],
		['unreadable pages contribute nothing', [{ status: 'refused', url: 'http://10.0.0.1/', message: 'private address' }, { status: 'error', url: 'https://x.example/', message: 'timeout' }], 'none', []],
		['no pages', [], 'none', []],
	])('%s', (_name, pages, level, flags) => {
		const s = extractPortfolioSignals(pages, NOW);
		expect(s.source).toBe('portfolio');
		expect(s.level).toBe(level);
		expect(s.flags).toEqual(flags);
		expect(s.hasPublicWork).toBe(pages.some((p) => p.status === 'ok'));
		for (const e of s.evidence) {
			expect(e.source).toBe('portfolio');
			expect(e.url).toMatch(/^https:\/\/someone\.example\//);
			expect(e.excerpt).toBeTruthy();
		}
		if (level !== 'none') expect(s.evidence.some((e) => e.label === 'productionEvidence' && e.value === level)).toBe(true);
		else expect(s.evidence.some((e) => e.label === 'productionEvidence')).toBe(false);
	});

	it('keeps an excerpt per signal, linked to the page it is on', () => {
		const s = extractPortfolioSignals([page('Intro'), page(OPERATOR, { url: 'https://someone.example/w', finalUrl: 'https://someone.example/work/' })], NOW);
		const signals = new Set(s.evidence.map((e) => e.signal));
		for (const name of ['portfolio.incident', 'portfolio.on_call', 'portfolio.ops_metric', 'portfolio.shipped']) expect(signals).toContain(name);
		expect(s.evidence.find((e) => e.signal === 'portfolio.incident')).toMatchObject({ url: 'https://someone.example/work/', excerpt: expect.stringContaining('rolled back') });
		expect(s.evidence.find((e) => e.signal === 'portfolio.writeup')?.excerpt).toContain('Postmortem');
	});

	it.each<[string, string, string]>([
		['consulting pages feed ai_consultant', CONSULTANT, 'ai_consultant'],
		['an LLM engineering write-up', 'Blog post: how we cut RAG latency in our LLM assistant with embeddings caching and vLLM.', 'llm_engineer'],
		['a platform page', 'MLOps platform engineer. Kubernetes, KServe, MLflow model registry, drift monitoring.', 'mlops_engineer'],
	])('%s', (_name, text, role) => {
		const s = extractPortfolioSignals([page(text)], NOW);
		const best = Object.entries(s.roleScores).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
		expect(best[0]).toBe(role);
		expect(s.roleHits.every((h) => h.url === 'https://someone.example/')).toBe(true);
	});

	it('a strategy talk is roleFit evidence for ai_consultant', () => {
		const s = extractPortfolioSignals([page(CONSULTANT)], NOW);
		expect(s.evidence).toContainEqual(expect.objectContaining({ label: 'roleFit', signal: 'portfolio.talk', value: 'ai_consultant', excerpt: expect.stringContaining('AI roadmap') }));
	});

	it.each<[string, string, string | null]>([
		['a month and year', 'Talk at PyData, March 2025.', '2025-03-31T23:59:59.999Z'],
		['an ISO date', 'Write-up (2024-11-05): the outage.', '2024-11-05T00:00:00.000Z'],
		['a year range ends at its last year', 'Shipped the search service (2019-2024).', '2024-12-31T23:59:59.999Z'],
		['this year is capped at now', 'Talk at a meetup in 2026.', '2026-06-01T00:00:00.000Z'],
		['future dates and figures are not dates', 'Conference talk planned for 2031; serving 2048 requests a second.', null],
		['no dated statement', 'Shipped things.', null],
	])('last activity: %s', (_name, text, expected) => {
		expect(extractPortfolioSignals([page(text)], NOW).lastActivity).toBe(expected);
	});

	it('reads the title as the headline', () => {
		const s = extractPortfolioSignals([page('Projects and talks.', { title: 'Dana Example, ML Platform Engineer' })], NOW);
		expect(s.roleScores.mlops_engineer).toBeGreaterThan(0);
	});
});
