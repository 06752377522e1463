import { extractGithubSignals, repoSignals, selectRelevantRepos, trimContents, trimRepos, trimUser, type GithubData, type GithubRepo } from '../../../core/candidate/github';
import { emptyRoleScores } from '../../../core/candidate/text';

const NOW = new Date('2026-06-01T00:00:00Z');

function repo(name: string, over: Partial<GithubRepo> = {}): GithubRepo {
	return {
		name,
		owner: 'dev',
		html_url: `https://github.com/dev/${name}`,
		description: null,
		fork: false,
		language: 'Python',
		stargazers_count: 0,
		pushed_at: '2026-05-01T00:00:00Z',
		topics: [],
		default_branch: 'main',
		archived: false,
		...over,
	};
}

const entries = (...names: string[]) => names.map((n) => (n.endsWith('/') ? { name: n.slice(0, -1), type: 'dir', html_url: null } : { name: n, type: 'file', html_url: null }));

function data(repos: GithubRepo[], contents: Record<string, string[]> = {}, languages: Record<string, Record<string, number>> = {}): GithubData {
	const c: GithubData['contents'] = {};
	for (const [k, v] of Object.entries(contents)) c[k] = entries(...v);
	return { login: 'dev', user: { login: 'dev', html_url: 'https://github.com/dev', name: null, bio: null, blog: null, public_repos: repos.length, followers: 0, updated_at: null }, repos, languages, contents: c };
}

describe('repository signals', () => {
	it.each([
		[['Dockerfile', '.github/', 'tests/', 'k8s/', 'app/', 'grafana/'], ['docker', 'ci', 'tests', 'deploy', 'serving', 'monitoring']],
		[['docker-compose.yml', 'serverless.yml'], ['docker', 'deploy']],
		[['main.tf', 'variables.tf', '.gitlab-ci.yml'], ['ci', 'deploy']],
		[['charts/', 'test/', 'cmd/'], ['tests', 'deploy', 'serving']],
		[['01-intro/', '04-deployment/', '05-monitoring/', 'README.md'], []],
		[['notebook.ipynb', 'README.md', 'requirements.txt'], []],
	])('%p -> %p', (names, categories) => {
		expect(repoSignals(repo('r'), entries(...names)).map((s) => s.category)).toEqual(categories);
	});

	it('links each signal to the entry on GitHub', () => {
		const [s] = repoSignals(repo('svc'), [{ name: 'Dockerfile', type: 'file', html_url: 'https://github.com/dev/svc/blob/main/Dockerfile' }]);
		expect(s.url).toBe('https://github.com/dev/svc/blob/main/Dockerfile');
		const [t] = repoSignals(repo('svc'), entries('k8s/'));
		expect(t.url).toBe('https://github.com/dev/svc/tree/main/k8s');
	});
});

describe('selectRelevantRepos', () => {
	it('never picks forks, prefers starred and recent work, puts dotfiles and the profile repo last', () => {
		const repos = [
			repo('kserve', { fork: true, stargazers_count: 9999 }),
			repo('dev'),
			repo('dotfiles', { stargazers_count: 50 }),
			repo('old', { pushed_at: '2019-01-01T00:00:00Z', stargazers_count: 3 }),
			repo('service', { stargazers_count: 40 }),
			repo('lib', { stargazers_count: 10 }),
		];
		expect(selectRelevantRepos(repos, 'dev', NOW, 3).map((r) => r.name)).toEqual(['service', 'lib', 'old']);
		expect(selectRelevantRepos(repos, 'dev', NOW).map((r) => r.fork)).not.toContain(true);
	});
});

describe('GitHub red flags and levels', () => {
	it('strong from two running-system repositories, some from one', () => {
		const two = data([repo('a'), repo('b')], { a: ['Dockerfile', '.github/', 'tests/'], b: ['k8s/', 'app/', 'tests/'] });
		expect(extractGithubSignals(two, NOW, emptyRoleScores(), []).level).toBe('strong');
		const one = data([repo('a'), repo('b')], { a: ['Dockerfile', '.github/', 'tests/'], b: ['README.md'] });
		expect(extractGithubSignals(one, NOW, emptyRoleScores(), []).level).toBe('some');
		const none = data([repo('a')], { a: ['README.md', 'train.py'] });
		expect(extractGithubSignals(none, NOW, emptyRoleScores(), []).level).toBe('none');
	});

	it('notebook_only when (almost) all own code is notebooks', () => {
		const nb = (n: string) => repo(n, { language: 'Jupyter Notebook' });
		expect(extractGithubSignals(data([nb('a'), nb('b'), nb('c'), repo('d')]), NOW, emptyRoleScores(), []).notebookOnly).toBe(true);
		expect(extractGithubSignals(data([nb('a'), repo('b'), repo('c')]), NOW, emptyRoleScores(), []).notebookOnly).toBe(false);
		// Bytes decide for inspected repositories: notebooks inflate, but a repo that is mostly Python is not a notebook repo.
		const mixed = data([nb('a'), nb('b')], { a: [], b: [] }, { a: { 'Jupyter Notebook': 10, Python: 90 }, b: { 'Jupyter Notebook': 10, Python: 90 } });
		expect(extractGithubSignals(mixed, NOW, emptyRoleScores(), []).notebookOnly).toBe(false);
	});

	it('forks_only when most repositories are forks', () => {
		const f = (n: string) => repo(n, { fork: true });
		expect(extractGithubSignals(data([f('a'), f('b'), repo('c')]), NOW, emptyRoleScores(), []).forksOnly).toBe(true);
		expect(extractGithubSignals(data([f('a'), repo('b')]), NOW, emptyRoleScores(), []).forksOnly).toBe(false);
	});

	it.each([
		['2024-06-02T00:00:00Z', false],
		['2024-05-31T00:00:00Z', true],
		['2019-01-01T00:00:00Z', true],
	])('inactive relative to now when the last push is %s', (pushed, inactive) => {
		expect(extractGithubSignals(data([repo('a', { pushed_at: pushed })]), NOW, emptyRoleScores(), []).inactive).toBe(inactive);
	});

	it('trims hostile or odd answers without throwing', () => {
		expect(trimUser('nope')).toBeNull();
		expect(trimUser({ login: 'x', public_repos: 'many' })?.public_repos).toBe(0);
		expect(trimRepos({ not: 'a list' })).toEqual([]);
		expect(trimRepos([null, 1, { name: 'ok', fork: 'yes', topics: [1, 'ml'] }])).toEqual([expect.objectContaining({ name: 'ok', fork: false, topics: ['ml'] })]);
		expect(trimContents([{ name: 'Dockerfile' }, { type: 'dir' }])).toEqual([{ name: 'Dockerfile', type: 'file', html_url: null }]);
	});
});
