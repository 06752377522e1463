import {
	extractMergedPrSignals,
	isTrainingCode,
	isTrivialPr,
	selectTargets,
	standingOf,
	trimSearchPage,
	trimTargetRepo,
	type MergedPr,
	type MergedPrData,
	type TargetRepo,
} from '../../../core/candidate/merged';

const NOW = new Date('2026-06-01T00:00:00Z');
const LOGIN = 'dev';

let n = 0;
function pr(repo: string, title: string, over: Partial<MergedPr> = {}): MergedPr {
	n++;
	return { title, url: `https://github.com/${repo}/pull/${n}`, repo, author: LOGIN, mergedAt: '2026-03-01T00:00:00Z', labels: [], ...over };
}

function target(fullName: string, over: Partial<TargetRepo> = {}): TargetRepo {
	const [owner] = fullName.split('/');
	return {
		fullName,
		owner,
		ownerType: 'Organization',
		htmlUrl: `https://github.com/${fullName}`,
		description: null,
		stars: 0,
		forks: 0,
		archived: false,
		fork: false,
		parentOwner: null,
		topics: [],
		language: 'Python',
		...over,
	};
}

function data(prs: MergedPr[], repos: TargetRepo[] = [], extra: Partial<MergedPrData> = {}): MergedPrData {
	return { login: LOGIN, totalCount: prs.length, incompleteResults: false, prs, repos: Object.fromEntries(repos.map((r) => [r.fullName, r])), ...extra };
}

const serving = target('infer-org/serving-engine', { stars: 25_000, forks: 3000, description: 'High-throughput LLM inference and serving engine', topics: ['llm', 'inference', 'gpu'] });
const platform = target('plat-org/k8s-operator', { stars: 4000, forks: 600, description: 'Kubernetes operator for model serving', topics: ['kubernetes', 'mlops', 'model-serving'] });
const boosting = target('tab-org/boosting-lib', { stars: 12_000, forks: 2000, description: 'Gradient boosting library for tabular data', topics: ['gradient-boosting', 'machine-learning'] });
const trainer = target('dist-org/trainer', { stars: 9000, forks: 900, description: 'Distributed training for PyTorch: sharded checkpoints, elastic launch', topics: ['pytorch', 'distributed-training'] });
const midOrg = target('small-co/feature-service', { stars: 40, forks: 5, description: 'Feature lookup service' });
const tinyUser = target('someone/side-project', { ownerType: 'User', stars: 3, forks: 0 });

describe('isTrivialPr', () => {
	it.each([
		['Fix typo in README', true],
		['docs: clarify install steps', true],
		['docs(serving): add example', true],
		['Update documentation for the scheduler', true],
		['Fix broken link', true],
		['Bump urllib3 from 1.26.5 to 1.26.18', true],
		['Add code comments to the allocator', true],
		['Add streaming example', true],
		['Update the quickstart tutorial', true],
		['chore: release v1.4.0', true],
		['Bump version to 2.1', true],
		['Add example notebook for LoRA', true],
		['Fix memory leak in KV cache eviction under preemption', false],
		['Add gRPC health checks to the model server', false],
		['Speed up histogram building by 30%', false],
		['Handle Dockerfile ARG in build context', false],
	])('%s → trivial %s', (title, trivial) => {
		expect(isTrivialPr({ title, labels: [] })).toBe(trivial);
	});

	it('a documentation label makes a PR trivial', () => {
		expect(isTrivialPr({ title: 'Explain the retry budget', labels: ['documentation'] })).toBe(true);
	});
});

describe('standingOf', () => {
	it.each<[string, TargetRepo | null | undefined, ReturnType<typeof standingOf>]>([
		['many stars', target('a/b', { stars: 1500 }), 'major'],
		['many forks', target('a/b', { stars: 50, forks: 250 }), 'major'],
		['hundreds of stars', target('a/b', { stars: 150, ownerType: 'User' }), 'established'],
		["an organisation's maintained service", target('a/b', { stars: 30 }), 'established'],
		["a user's small repository", target('a/b', { stars: 30, ownerType: 'User' }), 'minor'],
		['archived drops a tier', target('a/b', { stars: 5000, archived: true }), 'established'],
		['archived established becomes minor', target('a/b', { stars: 200, archived: true }), 'minor'],
		['a fork counts nothing', target('a/b', { stars: 5000, fork: true, parentOwner: 'up' }), 'excluded'],
		["a fork of the candidate's own repository", target('a/b', { fork: true, parentOwner: 'Dev' }), 'excluded'],
		['owned by the candidate (any case)', target('DEV/b', { stars: 5000 }), 'excluded'],
		['a curated list', target('x/awesome-mlops', { stars: 9000 }), 'excluded'],
		['a tutorial collection', target('x/ml-notes', { stars: 9000, description: 'Tutorials for deep learning' }), 'excluded'],
		['a book', target('x/dl-book', { stars: 9000 }), 'excluded'],
		['not looked up', undefined, 'unknown'],
		['404', null, 'unknown'],
	])('%s', (_label, repo, expected) => {
		expect(standingOf(repo, LOGIN)).toBe(expected);
	});
});

describe('isTrainingCode (rubric: "strong" is signals of running systems)', () => {
	it.each<[string, TargetRepo | null | undefined, boolean]>([
		['a gradient boosting library', boosting, true],
		['a distributed training library (topic)', target('a/b', { topics: ['distributed-training'] }), true],
		['an optimizer collection', target('a/b', { description: 'Optimizers and schedulers for JAX' }), true],
		['an inference and serving engine', serving, false],
		['a Kubernetes operator for model serving', platform, false],
		['trains and serves: counts as running systems', target('a/b', { description: 'Inferencing and training accelerator' }), false],
		['a training platform: counts as running systems', target('a/b', { description: 'Platform for training jobs on Kubernetes' }), false],
		['no description: not known to be training code', target('a/b'), false],
		['not looked up', undefined, false],
	])('%s → %s', (_name, repo, expected) => {
		expect(isTrainingCode(repo)).toBe(expected);
	});
});

describe('extractMergedPrSignals', () => {
	const cases: Array<{ name: string; data: MergedPrData; level: string; publicWork: boolean }> = [
		{
			name: 'several substantive PRs into major production repositories → strong',
			data: data(
				[
					pr(serving.fullName, 'Fix memory leak in KV cache eviction under preemption'),
					pr(serving.fullName, 'Add Prometheus metrics for queue latency'),
					pr(platform.fullName, 'Support GPU autoscaling for inference services'),
				],
				[serving, platform],
			),
			level: 'strong',
			publicWork: true,
		},
		{
			name: 'three substantive PRs into established repositories → strong',
			data: data(
				[pr('a/x', 'Add retry budget to the client'), pr('a/x', 'Stream responses in chunks'), pr('b/y', 'Cache compiled graphs')],
				[target('a/x', { stars: 300 }), target('b/y', { stars: 120, ownerType: 'User' })],
			),
			level: 'strong',
			publicWork: true,
		},
		{
			name: 'one substantive PR into a major repository → some',
			data: data([pr(boosting.fullName, 'Speed up histogram building for sparse features')], [boosting]),
			level: 'some',
			publicWork: true,
		},
		{
			name: "one PR into an organisation's maintained service → some",
			data: data([pr(midOrg.fullName, 'Add request hedging to the lookup client')], [midOrg]),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'two qualifying PRs are not yet several → some',
			data: data([pr(serving.fullName, 'Fix race in scheduler'), pr(serving.fullName, 'Add chunked prefill')], [serving]),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'substantive PRs into small projects only → some from their number',
			data: data(
				[pr(tinyUser.fullName, 'Add CLI'), pr(tinyUser.fullName, 'Add config loader'), pr('p/q', 'Add parser'), pr('r/s', 'Add exporter')],
				[tinyUser, target('p/q', { ownerType: 'User', stars: 2 }), target('r/s', { ownerType: 'User', stars: 1 })],
			),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'several substantive PRs into major training libraries → some (tested library code, not a running system)',
			data: data(
				[
					pr(boosting.fullName, 'Speed up histogram building for sparse features'),
					pr(boosting.fullName, 'Fix early stopping with a custom metric'),
					pr(trainer.fullName, 'Resume from sharded checkpoints'),
					pr(trainer.fullName, 'Deterministic shuffling across restarts'),
				],
				[boosting, trainer],
			),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'training-library PRs do not make up the number for strong: two into a serving engine, two into a trainer → some',
			data: data(
				[pr(serving.fullName, 'Fix race in scheduler'), pr(serving.fullName, 'Add chunked prefill'), pr(trainer.fullName, 'Resume from sharded checkpoints'), pr(trainer.fullName, 'Faster all-reduce')],
				[serving, trainer],
			),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'three into a serving engine next to training-library PRs → strong',
			data: data(
				[pr(serving.fullName, 'Fix race in scheduler'), pr(serving.fullName, 'Add chunked prefill'), pr(serving.fullName, 'Expose queue metrics'), pr(trainer.fullName, 'Faster all-reduce')],
				[serving, trainer],
			),
			level: 'strong',
			publicWork: true,
		},
		{
			name: 'typo and docs PRs into major repositories → none, but public work',
			data: data(
				[pr(serving.fullName, 'Fix typo in README'), pr(platform.fullName, 'docs: fix broken link'), pr(boosting.fullName, 'Update documentation'), pr(boosting.fullName, 'Fix typos')],
				[serving, platform, boosting],
			),
			level: 'none',
			publicWork: true,
		},
		{
			name: "PRs into the candidate's own repositories and forks → none",
			data: data(
				[pr('dev/own-service', 'Add Helm chart'), pr('DEV/other', 'Add CI'), pr('mirror/fork-of-own', 'Port to k8s'), pr('mirror/fork-of-own', 'Add tests'), pr('mirror/fork-of-own', 'Add metrics')],
				[target('mirror/fork-of-own', { stars: 5000, fork: true, parentOwner: 'dev' })],
			),
			level: 'none',
			publicWork: true,
		},
		{
			name: 'PRs authored by someone else (a server ignoring the author qualifier) → nothing',
			data: data([pr(serving.fullName, 'Fix leak', { author: 'other' }), pr(serving.fullName, 'Fix race', { author: 'other' }), pr(serving.fullName, 'Add metrics', { author: 'other' })], [serving]),
			level: 'none',
			publicWork: false,
		},
		{
			name: 'unknown standing (targets not looked up) → some at most',
			data: data([pr('u/a', 'Add tracing'), pr('u/b', 'Add batching'), pr('u/c', 'Add backpressure'), pr('u/d', 'Fix deadlock'), pr('u/e', 'Fix OOM')]),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'a run of PRs into one small repository is capped',
			data: data(Array.from({ length: 12 }, (_, i) => pr(tinyUser.fullName, `Feature ${i}`)), [tinyUser]),
			level: 'some',
			publicWork: true,
		},
		{
			name: 'no merged PRs → none, no public work',
			data: data([]),
			level: 'none',
			publicWork: false,
		},
	];

	it.each(cases)('$name', ({ data: d, level, publicWork }) => {
		const s = extractMergedPrSignals(d, LOGIN, NOW);
		expect(s.source).toBe('merged_prs');
		expect(s.level).toBe(level);
		expect(s.hasPublicWork).toBe(publicWork);
		expect(s.flags).toEqual([]);
		for (const e of s.evidence) {
			expect(e.source).toBe('merged_prs');
			expect(e.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/pull\/\d+$/);
			expect(e.excerpt).toBeTruthy();
		}
		if (level === 'none') expect(s.evidence).toEqual([]);
		else expect(s.evidence.length).toBeGreaterThan(0);
	});

	it("links each production signal to the PR's page and names the target's standing", () => {
		const d = data([pr(serving.fullName, 'Fix memory leak in KV cache eviction'), pr(serving.fullName, 'Add metrics'), pr(platform.fullName, 'Support autoscaling')], [serving, platform]);
		const s = extractMergedPrSignals(d, LOGIN, NOW);
		expect(s.evidence.map((e) => e.url).sort()).toEqual(d.prs.map((p) => p.url).sort());
		expect(s.evidence[0]).toMatchObject({ label: 'productionEvidence', signal: 'merged_prs.merged_pr', value: 'strong' });
		expect(s.evidence.find((e) => e.url === d.prs[0].url)?.excerpt).toContain('infer-org/serving-engine (25000★, 3000 forks, organisation)');
	});

	it.each<[string, TargetRepo, string[], string]>([
		['LLM serving work', serving, ['Add RAG retrieval hooks to the OpenAI-compatible server', 'Support LoRA adapters in the scheduler'], 'llm_engineer'],
		['platform work', platform, ['Add Helm values for Triton deployments', 'Support KServe canary rollout'], 'mlops_engineer'],
		['classical ML work', boosting, ['Add quantile objective for forecasting', 'Faster ranking objective for recommendation'], 'ml_engineer'],
	])('role evidence from titles and target topics: %s', (_label, repo, titles, role) => {
		const s = extractMergedPrSignals(data(titles.map((t) => pr(repo.fullName, t)), [repo]), LOGIN, NOW);
		const best = Object.entries(s.roleScores).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
		expect(best[0]).toBe(role);
		expect(s.roleHits.length).toBeGreaterThan(0);
		for (const h of s.roleHits) expect(h.url).toMatch(/^https:\/\/github\.com\//);
		expect(s.roleHits.some((h) => h.url?.includes('/pull/'))).toBe(true);
	});

	it('trivial PRs give no role points', () => {
		const s = extractMergedPrSignals(data([pr(serving.fullName, 'Fix typo in LLM docs')], [serving]), LOGIN, NOW);
		expect(s.roleScores).toEqual({});
	});

	it('last activity is the latest merge into a repository the candidate does not own', () => {
		const d = data([pr('a/x', 'A', { mergedAt: '2023-01-02T00:00:00Z' }), pr('a/y', 'B', { mergedAt: '2025-05-06T07:08:09Z' }), pr('dev/own', 'C', { mergedAt: '2026-05-01T00:00:00Z' })]);
		expect(extractMergedPrSignals(d, LOGIN, NOW).lastActivity).toBe('2025-05-06T07:08:09.000Z');
	});
});

describe('selectTargets', () => {
	it('orders distinct foreign targets by substantive PRs, then count, then recency, and bounds them', () => {
		const prs = [
			pr('a/one', 'Fix typo'),
			pr('a/one', 'Fix typo again'),
			pr('a/one', 'docs: more'),
			pr('b/two', 'Add batching'),
			pr('c/three', 'Add metrics', { mergedAt: '2026-01-01T00:00:00Z' }),
			pr('d/four', 'Add tracing', { mergedAt: '2026-05-01T00:00:00Z' }),
			pr('b/two', 'Add streaming'),
			pr('dev/own', 'Add CI'),
		];
		expect(selectTargets(prs, LOGIN, 3)).toEqual(['b/two', 'd/four', 'c/three']);
		expect(selectTargets(prs, LOGIN)).toEqual(['b/two', 'd/four', 'c/three', 'a/one']);
		expect(selectTargets(prs, LOGIN, 0)).toEqual([]);
	});
});

describe('trimming GitHub answers', () => {
	it('keeps merged PRs of a search page and drops issues and unmerged PRs', () => {
		const page = trimSearchPage({
			total_count: 7,
			incomplete_results: true,
			items: [
				{
					html_url: 'https://github.com/o/r/pull/5',
					repository_url: 'https://api.github.com/repos/o/r',
					title: '  Fix   leak ',
					user: { login: 'dev' },
					state: 'closed',
					closed_at: '2025-01-02T00:00:00Z',
					labels: [{ name: 'bug' }, { name: 7 }],
					pull_request: { merged_at: '2025-01-01T00:00:00Z', html_url: 'https://github.com/o/r/pull/5' },
				},
				{ html_url: 'https://github.com/o/r/issues/6', repository_url: 'https://api.github.com/repos/o/r', title: 'An issue', user: { login: 'dev' } },
				{ html_url: 'https://github.com/o/r/pull/7', repository_url: 'https://api.github.com/repos/o/r', title: 'Closed', user: { login: 'dev' }, pull_request: { merged_at: null } },
				{ html_url: 'https://ghe.example/api/v3/x', title: 'no repository', pull_request: {} },
				'garbage',
			],
		});
		expect(page).toEqual({
			totalCount: 7,
			incompleteResults: true,
			items: [{ title: 'Fix leak', url: 'https://github.com/o/r/pull/5', repo: 'o/r', author: 'dev', mergedAt: '2025-01-01T00:00:00Z', labels: ['bug'] }],
		});
		expect(trimSearchPage('not json')).toEqual({ totalCount: 0, incompleteResults: false, items: [] });
	});

	it('reads a GitHub Enterprise repository_url and falls back to closed_at', () => {
		const page = trimSearchPage({
			total_count: 1,
			items: [{ html_url: 'https://ghe.example/o/r/pull/1', repository_url: 'https://ghe.example/api/v3/repos/o/r', title: 'T', user: { login: 'dev' }, closed_at: '2024-04-04T00:00:00Z', pull_request: { url: 'x' } }],
		});
		expect(page.items[0]).toMatchObject({ repo: 'o/r', mergedAt: '2024-04-04T00:00:00Z' });
	});

	it('keeps the standing fields of a repository', () => {
		expect(
			trimTargetRepo({
				full_name: 'o/r',
				name: 'r',
				owner: { login: 'o', type: 'Organization' },
				html_url: 'https://github.com/o/r',
				description: 'd',
				stargazers_count: 10,
				forks_count: 2,
				archived: true,
				fork: true,
				parent: { full_name: 'up/r', owner: { login: 'up' } },
				topics: ['a', 3],
				language: 'Go',
			}),
		).toEqual({ fullName: 'o/r', owner: 'o', ownerType: 'Organization', htmlUrl: 'https://github.com/o/r', description: 'd', stars: 10, forks: 2, archived: true, fork: true, parentOwner: 'up', topics: ['a'], language: 'Go' });
		expect(trimTargetRepo({ message: 'Not Found' })).toBeNull();
	});
});
