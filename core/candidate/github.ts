/**
 * GitHub data as the vetting rules read it, and the signals drawn from it
 * (rubric sections 4 and 5). Pure: the transport fetches, this module judges.
 * Every shape is read defensively because the answer comes from a remote
 * server (a GitHub Enterprise host, a proxy, a test double).
 */
import type { Evidence, ProductionEvidence, RepositorySummary } from './schema';
import {
	COMPETITION,
	GITHUB_THRESHOLDS,
	LOW_VALUE_REPOS,
	REPO_DESCRIPTION_SIGNALS,
	REPO_SIGNALS,
	ROLE_WEIGHTS,
	STRONG_CATEGORIES,
} from './rules';
import { firstMatch, scoreRoles, type RoleHit, type RoleScores } from './text';

export interface GithubUser {
	login: string;
	html_url: string | null;
	name: string | null;
	bio: string | null;
	blog: string | null;
	public_repos: number;
	followers: number;
	updated_at: string | null;
}

export interface GithubRepo {
	name: string;
	owner: string;
	html_url: string;
	description: string | null;
	fork: boolean;
	language: string | null;
	stargazers_count: number;
	pushed_at: string | null;
	topics: string[];
	default_branch: string | null;
	archived: boolean;
}

export interface ContentEntry {
	name: string;
	type: string;
	html_url: string | null;
}

/** Everything the enrichment fetched for one login. */
export interface GithubData {
	login: string;
	user: GithubUser;
	repos: GithubRepo[];
	/** Languages by repository name (only the inspected repositories). */
	languages: Record<string, Record<string, number>>;
	/** Root listings by repository name (only the inspected repositories). */
	contents: Record<string, ContentEntry[]>;
}

const str = (v: unknown, max = 2000): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The four GitHub answers vetting reads, by the shape each must have. */
export type GithubAnswerKind = 'user' | 'repos' | 'languages' | 'contents';

function describe(body: unknown): string {
	if (typeof body === 'string') {
		const text = body.trimStart().slice(0, 200).toLowerCase();
		if (text.startsWith('<!doctype html') || text.startsWith('<html') || /<(head|body|title)\b/.test(text)) return 'an HTML page';
		return body.trim() === '' ? 'an empty answer' : 'text that is not JSON';
	}
	if (body === null || body === undefined) return 'an empty answer';
	if (Array.isArray(body)) return 'a JSON array';
	return typeof body === 'object' ? 'a JSON object of another shape' : `a JSON ${typeof body}`;
}

/**
 * Says why a 2xx answer is not what GitHub sends for `kind` (null when it is):
 * a user is an object with a string `login`; repositories and a root listing are
 * arrays of objects with a string `name`; languages are an object of byte
 * counts. A base URL that serves an HTML page, a proxy's error text or another
 * API's JSON is then a service error, not a candidate without public work.
 */
export function githubShapeError(kind: GithubAnswerKind, body: unknown): string | null {
	const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
	const named = (v: unknown): boolean => isObject(v) && typeof v.name === 'string';
	let ok: boolean;
	switch (kind) {
		case 'user':
			ok = isObject(body) && typeof body.login === 'string' && body.login !== '';
			break;
		case 'repos':
		case 'contents':
			ok = Array.isArray(body) && body.every(named);
			break;
		case 'languages':
			ok = isObject(body) && Object.values(body).every((v) => typeof v === 'number');
			break;
	}
	if (ok) return null;
	const expected = { user: 'a user object', repos: 'a list of repositories', languages: 'an object of language byte counts', contents: 'a directory listing' }[kind];
	return `expected ${expected}, got ${describe(body)}`;
}

/** Keeps the user fields the rules read (also what the ETag cache stores). */
export function trimUser(body: unknown): GithubUser | null {
	const o = obj(body);
	const login = str(o.login, 100);
	if (!login) return null;
	return {
		login,
		html_url: str(o.html_url),
		name: str(o.name, 200),
		bio: str(o.bio, 1000),
		blog: str(o.blog, 500),
		public_repos: num(o.public_repos),
		followers: num(o.followers),
		updated_at: str(o.updated_at, 40),
	};
}

/** Keeps the repository fields the rules read; drops entries that are not repositories. */
export function trimRepos(body: unknown): GithubRepo[] {
	if (!Array.isArray(body)) return [];
	const out: GithubRepo[] = [];
	for (const item of body.slice(0, 1000)) {
		const o = obj(item);
		const name = str(o.name, 200);
		if (!name) continue;
		const owner = str(obj(o.owner).login, 100) ?? (str(o.full_name, 300)?.split('/')[0] ?? '');
		out.push({
			name,
			owner,
			html_url: str(o.html_url) ?? '',
			description: str(o.description, 500),
			fork: o.fork === true,
			language: str(o.language, 100),
			stargazers_count: num(o.stargazers_count),
			pushed_at: str(o.pushed_at, 40),
			topics: Array.isArray(o.topics) ? o.topics.filter((t): t is string => typeof t === 'string').slice(0, 30).map((t) => t.slice(0, 60)) : [],
			default_branch: str(o.default_branch, 200),
			archived: o.archived === true,
		});
	}
	return out;
}

/** Keeps a languages answer as name → bytes. */
export function trimLanguages(body: unknown): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [k, v] of Object.entries(obj(body)).slice(0, 100)) if (typeof v === 'number' && v >= 0) out[k.slice(0, 100)] = v;
	return out;
}

/** Keeps a root listing as name, type and link. */
export function trimContents(body: unknown): ContentEntry[] {
	if (!Array.isArray(body)) return [];
	const out: ContentEntry[] = [];
	for (const item of body.slice(0, 1000)) {
		const o = obj(item);
		const name = str(o.name, 300);
		if (!name) continue;
		out.push({ name, type: str(o.type, 20) ?? 'file', html_url: str(o.html_url) });
	}
	return out;
}

function timeOf(iso: string | null): number {
	if (!iso) return Number.NaN;
	return Date.parse(iso);
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/**
 * The repositories worth a closer look (languages and root listing): the
 * candidate's own (forks show someone else's work), most starred and most
 * recently pushed first, profile-README and dotfiles-like repositories last.
 */
export function selectRelevantRepos(repos: readonly GithubRepo[], login: string, now: Date, limit: number = GITHUB_THRESHOLDS.maxRepos): GithubRepo[] {
	const score = (r: GithubRepo): number => {
		const age = (now.getTime() - timeOf(r.pushed_at)) / YEAR_MS;
		let s = Math.log2(1 + Math.max(0, r.stargazers_count)) * 2;
		if (Number.isFinite(age)) s += age < 1 ? 3 : age < 2 ? 1.5 : 0;
		if (r.description) s += 0.5;
		if (r.language) s += 1;
		return s;
	};
	const lowValue = (r: GithubRepo): number => (r.name.toLowerCase() === login.toLowerCase() || firstMatch(LOW_VALUE_REPOS, r.name) ? 1 : 0);
	return repos
		.filter((r) => !r.fork)
		.map((r, i) => ({ r, i, low: lowValue(r), s: score(r) }))
		.sort((a, b) => a.low - b.low || b.s - a.s || a.i - b.i)
		.slice(0, Math.max(0, limit))
		.map((x) => x.r);
}

type Category = keyof typeof REPO_SIGNALS;
const CATEGORIES = Object.keys(REPO_SIGNALS) as Category[];

/** A production signal found in one repository, with the page it is on. */
export interface RepoSignal {
	category: Category;
	/** The entry (file or folder) or `description`. */
	entry: string;
	url: string;
}

function entryUrl(repo: GithubRepo, entry: ContentEntry): string {
	if (entry.html_url && /^https?:\/\//i.test(entry.html_url)) return entry.html_url;
	const branch = repo.default_branch ?? 'HEAD';
	return `${repo.html_url}/${entry.type === 'dir' ? 'tree' : 'blob'}/${branch}/${encodeURIComponent(entry.name)}`;
}

/** The production signal categories of one repository (rubric section 5), one signal per category. */
export function repoSignals(repo: GithubRepo, contents: readonly ContentEntry[], notebookRepo = false): RepoSignal[] {
	const found = new Map<Category, RepoSignal>();
	for (const entry of contents) {
		const isDir = entry.type === 'dir';
		for (const category of CATEGORIES) {
			if (found.has(category)) continue;
			const pattern = isDir ? REPO_SIGNALS[category].dirs : REPO_SIGNALS[category].files;
			if (firstMatch(pattern, entry.name)) found.set(category, { category, entry: entry.name + (isDir ? '/' : ''), url: entryUrl(repo, entry) });
		}
	}
	const about = [repo.description ?? '', ...repo.topics].join(' ');
	for (const [category, pattern] of Object.entries(REPO_DESCRIPTION_SIGNALS) as Array<[Category, string]>) {
		// Descriptions back up code: they only count for a repository with code in
		// its listing, and not for notebooks ("trying prompts with the OpenAI API"
		// calls an API; rubric: notebooks are no evidence of a running system).
		if (found.has(category) || contents.length === 0 || notebookRepo) continue;
		if (firstMatch(pattern, about)) found.set(category, { category, entry: 'description', url: repo.html_url });
	}
	return CATEGORIES.filter((c) => found.has(c)).map((c) => found.get(c) as RepoSignal);
}

function isNotebookRepo(repo: GithubRepo, languages: Record<string, number> | undefined): boolean {
	if (languages && Object.keys(languages).length > 0) {
		const total = Object.values(languages).reduce((a, b) => a + b, 0);
		return total > 0 && (languages['Jupyter Notebook'] ?? 0) / total > GITHUB_THRESHOLDS.notebookBytesShare;
	}
	return repo.language === 'Jupyter Notebook';
}

export interface GithubSignals {
	/** The profile has public repositories to judge. */
	hasPublicWork: boolean;
	ownRepos: number;
	forks: number;
	forkShare: number;
	notebookRepos: number;
	notebookShare: number;
	lastPush: string | null;
	/** Inspected repositories with their signals. */
	inspected: RepositorySummary[];
	productionRepos: number;
	partialRepos: number;
	level: ProductionEvidence;
	competitionRepos: number;
	notebookOnly: boolean;
	forksOnly: boolean;
	inactive: boolean;
	languages: Array<{ name: string; bytes: number; share: number }>;
	evidence: Evidence[];
	roleScores: RoleScores;
	roleHits: RoleHit[];
}

/**
 * Draws the rubric's GitHub signals from fetched data: production evidence
 * from the root listings of the inspected repositories, and the notebook_only,
 * forks_only and inactive red flags from the repository list. `now` is passed
 * in so the same data always gives the same verdict.
 */
export function extractGithubSignals(data: GithubData, now: Date, roleScores: RoleScores, roleHits: RoleHit[]): GithubSignals {
	const evidence: Evidence[] = [];
	const repos = data.repos;
	const own = repos.filter((r) => !r.fork);
	const forks = repos.length - own.length;
	const forkShare = repos.length === 0 ? 0 : forks / repos.length;

	// Production signals of the inspected repositories.
	const inspectedRepos = Object.keys(data.contents)
		.map((name) => own.find((r) => r.name === name))
		.filter((r): r is GithubRepo => r !== undefined);
	let productionRepos = 0;
	let partialRepos = 0;
	const inspected: RepositorySummary[] = [];
	for (const repo of inspectedRepos) {
		const signals = repoSignals(repo, data.contents[repo.name] ?? [], isNotebookRepo(repo, data.languages[repo.name]));
		const categories = signals.map((s) => s.category as string);
		const isProduction = categories.length >= GITHUB_THRESHOLDS.productionRepoCategories;
		const isPartial = !isProduction && (categories.length >= GITHUB_THRESHOLDS.partialRepoCategories || categories.some((c) => STRONG_CATEGORIES.includes(c)));
		if (isProduction) productionRepos++;
		else if (isPartial) partialRepos++;
		if (isProduction || isPartial) {
			for (const s of signals) {
				evidence.push({
					label: 'productionEvidence',
					signal: `github.${s.category}`,
					value: isProduction ? 'running_system' : 'partial',
					source: 'github',
					url: s.url,
					excerpt: `${repo.name}: ${s.entry}`,
				});
			}
		}
		inspected.push({
			name: repo.name,
			url: repo.html_url,
			description: repo.description,
			language: repo.language,
			stars: repo.stargazers_count,
			fork: repo.fork,
			pushedAt: repo.pushed_at,
			signals: categories,
		});
	}
	const level: ProductionEvidence =
		productionRepos >= GITHUB_THRESHOLDS.strongRepos ? 'strong' : productionRepos + partialRepos > 0 ? 'some' : 'none';

	// notebook_only: (almost) all own code is notebooks.
	const codeRepos = own.filter((r) => r.language !== null || (data.languages[r.name] && Object.keys(data.languages[r.name]).length > 0));
	const notebookRepoList = codeRepos.filter((r) => isNotebookRepo(r, data.languages[r.name]));
	const notebookShare = codeRepos.length === 0 ? 0 : notebookRepoList.length / codeRepos.length;
	const notebookOnly = notebookRepoList.length >= GITHUB_THRESHOLDS.notebookMinRepos && notebookShare >= GITHUB_THRESHOLDS.notebookShare;
	if (notebookOnly) {
		for (const r of notebookRepoList.slice(0, 5)) {
			evidence.push({ label: 'redFlags', signal: 'github.notebook_repo', value: 'notebook_only', source: 'github', url: r.html_url, excerpt: `${r.name}: Jupyter Notebook` });
		}
	}

	// forks_only: most public repositories are forks.
	const forksOnly = repos.length > 0 && forkShare > GITHUB_THRESHOLDS.forkShare;
	if (forksOnly) {
		for (const r of repos.filter((x) => x.fork).slice(0, 5)) {
			evidence.push({ label: 'redFlags', signal: 'github.fork', value: 'forks_only', source: 'github', url: r.html_url, excerpt: `${r.name} (fork; ${forks} of ${repos.length} repositories are forks)` });
		}
	}

	// inactive: nothing pushed for more than two years before `now`.
	let lastRepo: GithubRepo | null = null;
	for (const r of repos) {
		const t = timeOf(r.pushed_at);
		if (Number.isFinite(t) && (lastRepo === null || t > timeOf(lastRepo.pushed_at))) lastRepo = r;
	}
	const cutoff = new Date(now.getTime());
	cutoff.setUTCFullYear(cutoff.getUTCFullYear() - GITHUB_THRESHOLDS.inactiveYears);
	const inactive = lastRepo !== null && timeOf(lastRepo.pushed_at) < cutoff.getTime();
	if (inactive && lastRepo) {
		evidence.push({ label: 'redFlags', signal: 'github.last_push', value: 'inactive', source: 'github', url: lastRepo.html_url, excerpt: `last push ${lastRepo.pushed_at} (${lastRepo.name})` });
	}

	// Competition repositories (Kaggle topics and descriptions).
	let competitionRepos = 0;
	for (const r of own) {
		const about = [r.name, r.description ?? '', ...r.topics].join(' ');
		if (firstMatch(COMPETITION, about)) {
			competitionRepos++;
			if (competitionRepos <= 3) evidence.push({ label: 'redFlags', signal: 'github.competition_repo', value: 'competition_only', source: 'github', url: r.html_url, excerpt: `${r.name}: ${(r.description ?? '').slice(0, 140)}` });
		}
	}

	// Role evidence: bio, then own repositories, forks barely.
	if (data.user.bio) scoreRoles([data.user.bio], ROLE_WEIGHTS.bio, roleScores, roleHits, data.user.html_url ?? undefined);
	for (const r of repos) {
		const text = [r.name.replace(/[-_]/g, ' '), r.description ?? '', r.topics.join(' ').replace(/-/g, ' ')].join(' · ');
		scoreRoles([text], r.fork ? ROLE_WEIGHTS.fork : ROLE_WEIGHTS.repo, roleScores, roleHits, r.html_url);
	}

	// Languages of the inspected repositories.
	const bytes = new Map<string, number>();
	for (const langs of Object.values(data.languages)) for (const [k, v] of Object.entries(langs)) bytes.set(k, (bytes.get(k) ?? 0) + v);
	const total = [...bytes.values()].reduce((a, b) => a + b, 0);
	const languages = [...bytes.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 10)
		.map(([name, b]) => ({ name, bytes: b, share: total === 0 ? 0 : Math.round((b / total) * 1000) / 1000 }));

	return {
		hasPublicWork: repos.length > 0,
		ownRepos: own.length,
		forks,
		forkShare,
		notebookRepos: notebookRepoList.length,
		notebookShare,
		lastPush: lastRepo?.pushed_at ?? null,
		inspected,
		productionRepos,
		partialRepos,
		level,
		competitionRepos,
		notebookOnly,
		forksOnly,
		inactive,
		languages,
		evidence,
		roleScores,
		roleHits,
	};
}
