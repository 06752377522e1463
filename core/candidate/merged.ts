/**
 * Merged work elsewhere (issue 13, item 3): pull requests a candidate authored
 * that were merged into repositories they do not own, weighted by the standing
 * of the target repository. Production work done for an employer or an open
 * source project lands in *their* repositories, so a profile with few own
 * repositories can still show several running systems the person changed.
 * Pure: the transport fetches (GitHub's issue search and GET /repos), this
 * module trims the answers and judges them. Every shape is read defensively.
 */

import { RESUME_THRESHOLDS, ROLE_WEIGHTS } from './rules';
import type { Evidence, ProductionEvidence } from './schema';
import type { SourceSignals } from './sources';
import { emptyRoleScores, excerpt, firstMatch, scoreRoles, sparseRoleScores, type RoleHit } from './text';

/** One merged pull request from GitHub's issue search. */
export interface MergedPr {
	title: string;
	/** The pull request's page (`html_url`), the evidence link. */
	url: string;
	/** Target repository as `owner/name` (from `repository_url`). */
	repo: string;
	/** The author's login (`user.login`). */
	author: string;
	mergedAt: string | null;
	labels: string[];
}

/** The standing of a target repository (GET /repos/{owner}/{repo}). */
export interface TargetRepo {
	fullName: string;
	owner: string;
	/** `Organization` or `User`. */
	ownerType: string | null;
	htmlUrl: string;
	description: string | null;
	stars: number;
	forks: number;
	archived: boolean;
	fork: boolean;
	/** Owner of the repository this one was forked from, when it is a fork. */
	parentOwner: string | null;
	topics: string[];
	language: string | null;
}

/** What the merged-PR look-up fetched for one login. */
export interface MergedPrData {
	login: string;
	/** `total_count` of the search: every merged PR GitHub matched, read or not. */
	totalCount: number;
	/** GitHub's `incomplete_results`: the search timed out and may have missed some. */
	incompleteResults: boolean;
	/** The pull requests read (bounded pages). */
	prs: MergedPr[];
	/**
	 * Target repositories looked up, by `owner/name`: null when GitHub answered
	 * 404 (deleted, private, renamed) or the look-up failed. Targets beyond the
	 * look-up budget are absent; both count as unknown standing.
	 */
	repos: Record<string, TargetRepo | null>;
	/** Target look-ups that failed, `owner/name: why` (their standing counts as unknown). */
	targetErrors?: string[];
}

/** The rules of this reader as data; change a weight here, not in code. */
export const MERGED_PR_RULES = {
	/** Distinct target repositories whose standing is looked up (one GET each). */
	maxTargets: 5,
	/** PRs counted per target, so a run of small PRs to one repository cannot win alone. */
	maxPrsPerTarget: 5,
	/** Stars or forks for each standing tier (either suffices). */
	standing: {
		major: { minStars: 1000, minForks: 200 },
		established: { minStars: 100, minForks: 30 },
		/** An organisation's repository with this many stars is established too (a company's published service). */
		organisationMinStars: 25,
	},
	/** Weight of a PR by the standing of its target. */
	standingWeight: { major: 1, established: 0.7, minor: 0.25, unknown: 0.25, excluded: 0 },
	/** Typo, docs-only and dependency-bump PRs count for little. */
	kindWeight: { substantive: 1, trivial: 0.1 },
	/**
	 * "strong": this many substantive PRs into major or established targets that are running-system
	 * software (not training code, below), and this weighted score of those PRs.
	 */
	strong: { minQualifying: 3, minScore: 2 },
	/** "some": one qualifying PR, or this weighted score of substantive PRs anywhere. */
	some: { minQualifying: 1, minScore: 1 },
	/** Role points of PR titles, and of the target's description and topics; PRs into minor or unknown targets count `minorFactor` times. */
	roleWeight: { title: ROLE_WEIGHTS.repo, about: ROLE_WEIGHTS.repo * 0.5, minorFactor: 0.5 },
	/** Production evidence items kept (the strongest PRs). */
	maxEvidence: 6,
	/**
	 * A PR that only touches prose or versions: typos, docs, README, links,
	 * changelog, comments, badges, licence years, examples and tutorials,
	 * dependency and version bumps.
	 */
	trivialTitle:
		'^\\s*(?:docs?|typo|style|chore\\(docs?\\))(?:\\([^()]{0,40}\\))?!?:|\\btypos?\\b|\\bspelling\\b|\\bmisspell\\w*|\\bgrammar\\b|\\breadme\\b|\\bdocs?\\b|\\bdocumentation\\b|\\bdocstrings?\\b|\\bbroken links?\\b|\\bfix(?:es|ed)? (?:a |the )?(?:dead )?links?\\b|\\bchangelog\\b|\\bwhitespace\\b|\\bcode comments?\\b|\\b(?:add|fix|update|improve)(?:s|ed)? comments?\\b|\\bbadges?\\b|\\bcode of conduct\\b|\\bcopyright\\b|\\blicen[cs]e (?:year|header)s?\\b|\\bbump(?:s|ed)? [\\w@./-]{1,100} (?:from|to)\\b|\\bbump(?:s|ed)? (?:the )?version\\b|^\\s*(?:chore(?:\\([^()]{0,40}\\))?: )?release v?\\d|\\b(?:add|update|fix)(?:s|ed|ing)? (?:an? |the )?(?:[\\w-]+ )?(?:examples?|tutorials?)\\b|\\btutorials?\\b',
	trivialLabel: '^(?:documentation|docs?|typo|dependencies)$',
	/**
	 * Targets whose standing says nothing about running systems: curated lists,
	 * tutorials, courses, books, example collections, interview notes.
	 */
	lowValueName: '\\bawesome\\b|\\btutorials?\\b|\\bcourses?\\b|\\bcookbook\\b|\\bbooks?\\b|\\bexamples?\\b|\\bnotebooks?\\b|\\binterviews?\\b|\\bcheat ?sheets?\\b|\\broadmaps?\\b|\\bhomework\\b|\\bexercises?\\b|\\bleetcode\\b|\\b100 days\\b|\\bdotfiles\\b',
	/**
	 * Targets that are training or modelling code (rubric section 5: "strong" is signals of running
	 * systems: serving code, deployment, monitoring). PRs into them are tested library code, a few
	 * signals: they count for "some", never for "strong". Read from the description and topics, and
	 * only when nothing there says the target runs systems (`runningSystemAbout`), so a project that
	 * both trains and serves keeps counting in full.
	 */
	trainingCodeAbout:
		'\\btraining\\b|\\bdistributed[- ]training\\b|\\bgradient[- ]boost\\w*|\\bgbdt\\b|\\bautograd\\b|\\boptimi[sz]ers?\\b|\\bdeep[- ]learning (?:framework|library)\\b|\\bmodel(?:l)?ing (?:framework|library)\\b',
	runningSystemAbout:
		'\\bserv(?:e|es|ing|er|ers)\\b|\\binferenc\\w*|\\bdeploy\\w*|\\bkubernetes\\b|\\bk8s\\b|\\bplatform\\b|\\bfeature[- ]stores?\\b|\\bgateway\\b|\\bmonitor\\w*|\\bobservability\\b|\\borchestrat\\w*|\\bruntime\\b|\\boperator\\b|\\bdatabase\\b|\\bsearch engine\\b|\\bmlops\\b|\\bmodel[- ]registry\\b',
	lowValueAbout: '\\bcurated list\\b|\\blist of (?:awesome|resources|papers)\\b|\\btutorials?\\b|\\bcourse (?:materials?|notes)\\b|\\bbook\\b|\\binterview (?:questions|prep\\w*)\\b|\\blearning resources\\b',
} as const;

export type Standing = keyof typeof MERGED_PR_RULES.standingWeight;

const str = (v: unknown, max = 2000): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Says why a 2xx answer is not an issue-search page (null when it is). */
export function searchShapeError(body: unknown): string | null {
	const o = obj(body);
	if (typeof o.total_count === 'number' && Array.isArray(o.items)) return null;
	return 'expected a search answer (total_count, items[])';
}

/** Says why a 2xx answer is not a repository (null when it is). */
export function repositoryShapeError(body: unknown): string | null {
	const o = obj(body);
	if (typeof o.full_name === 'string' || (typeof o.name === 'string' && typeof obj(o.owner).login === 'string')) return null;
	return 'expected a repository object (full_name, owner)';
}

/** `owner/name` of a PR's repository, from `repository_url` (…/repos/{owner}/{name}) or its `html_url`. */
function repoOf(item: Record<string, unknown>): string | null {
	const api = str(item.repository_url, 500);
	const m = api ? /\/repos\/([^/]+)\/([^/?#]+)\/?$/.exec(api) : null;
	if (m) return `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`;
	const page = str(item.html_url, 500);
	const h = page ? /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/pull\/\d+/.exec(page) : null;
	return h ? `${h[1]}/${h[2]}` : null;
}

/** One page of `GET /search/issues`, trimmed to what the reader uses (also what the ETag cache stores). */
export function trimSearchPage(body: unknown): { totalCount: number; incompleteResults: boolean; items: MergedPr[] } {
	const o = obj(body);
	const items: MergedPr[] = [];
	for (const raw of Array.isArray(o.items) ? o.items.slice(0, 100) : []) {
		const item = obj(raw);
		const pr = obj(item.pull_request);
		// Issues are not pull requests; a PR whose merged_at is explicitly null was closed unmerged.
		if (item.pull_request === undefined || pr.merged_at === null) continue;
		const repo = repoOf(item);
		const url = str(item.html_url, 500) ?? str(pr.html_url, 500);
		if (!repo || !url || !/^https?:\/\//i.test(url)) continue;
		items.push({
			title: (str(item.title, 300) ?? '').replace(/\s+/g, ' ').trim(),
			url,
			repo,
			author: str(obj(item.user).login, 100) ?? '',
			mergedAt: str(pr.merged_at, 40) ?? str(item.closed_at, 40),
			labels: Array.isArray(item.labels)
				? item.labels
						.map((l) => str(obj(l).name, 60))
						.filter((l): l is string => l !== null)
						.slice(0, 20)
				: [],
		});
	}
	return { totalCount: num(o.total_count), incompleteResults: o.incomplete_results === true, items };
}

/** `GET /repos/{owner}/{repo}` trimmed to its standing. */
export function trimTargetRepo(body: unknown): TargetRepo | null {
	const o = obj(body);
	const owner = str(obj(o.owner).login, 100) ?? str(o.full_name, 300)?.split('/')[0] ?? null;
	const name = str(o.name, 200) ?? str(o.full_name, 300)?.split('/')[1] ?? null;
	if (!owner || !name) return null;
	return {
		fullName: str(o.full_name, 300) ?? `${owner}/${name}`,
		owner,
		ownerType: str(obj(o.owner).type, 40),
		htmlUrl: str(o.html_url, 500) ?? '',
		description: str(o.description, 500),
		stars: num(o.stargazers_count),
		forks: num(o.forks_count),
		archived: o.archived === true,
		fork: o.fork === true,
		parentOwner: str(obj(obj(o.parent).owner).login, 100) ?? str(obj(obj(o.source).owner).login, 100),
		topics: Array.isArray(o.topics) ? o.topics.filter((t): t is string => typeof t === 'string').slice(0, 30).map((t) => t.slice(0, 60)) : [],
		language: str(o.language, 100),
	};
}

/** True when a PR only touches prose or versions (rubric: such work counts little). */
export function isTrivialPr(pr: Pick<MergedPr, 'title' | 'labels'>): boolean {
	return firstMatch(MERGED_PR_RULES.trivialTitle, pr.title) !== null || pr.labels.some((l) => firstMatch(MERGED_PR_RULES.trivialLabel, l.trim()) !== null);
}

const ownerOf = (repo: string): string => repo.split('/')[0] ?? '';

/** The PRs that count: authored by `login`, merged, into a repository `login` does not own. */
function foreignPrs(data: MergedPrData, login: string): MergedPr[] {
	const seen = new Set<string>();
	return data.prs.filter((pr) => {
		if (seen.has(pr.url)) return false;
		seen.add(pr.url);
		if (pr.author !== '' && !same(pr.author, login)) return false;
		return !same(ownerOf(pr.repo), login);
	});
}

/**
 * The target repositories worth a standing look-up, most telling first: those
 * with the most substantive PRs, then the most PRs, then the latest merge.
 * Repositories `login` owns are never targets.
 */
export function selectTargets(prs: readonly MergedPr[], login: string, limit: number = MERGED_PR_RULES.maxTargets): string[] {
	const byRepo = new Map<string, { substantive: number; all: number; last: number; first: number }>();
	prs.forEach((pr, i) => {
		if (same(ownerOf(pr.repo), login) || (pr.author !== '' && !same(pr.author, login))) return;
		const e = byRepo.get(pr.repo) ?? { substantive: 0, all: 0, last: 0, first: i };
		e.all++;
		if (!isTrivialPr(pr)) e.substantive++;
		const t = Date.parse(pr.mergedAt ?? '');
		if (Number.isFinite(t)) e.last = Math.max(e.last, t);
		byRepo.set(pr.repo, e);
	});
	return [...byRepo.entries()]
		.sort(([, a], [, b]) => b.substantive - a.substantive || b.all - a.all || b.last - a.last || a.first - b.first)
		.slice(0, Math.max(0, limit))
		.map(([repo]) => repo);
}

/** The standing tier of a target repository for `login` (rubric: stars, forks, organisation owner, not archived). */
export function standingOf(repo: TargetRepo | null | undefined, login: string): Standing {
	if (!repo) return 'unknown';
	// A fork is a copy: a merge into it says nothing of the upstream project, and a
	// fork of the candidate's own repository is their own work again.
	if (repo.fork || same(repo.owner, login) || (repo.parentOwner !== null && same(repo.parentOwner, login))) return 'excluded';
	const about = [repo.description ?? '', ...repo.topics].join(' ');
	if (firstMatch(MERGED_PR_RULES.lowValueName, repo.fullName.replace(/[-_/.]/g, ' ')) || firstMatch(MERGED_PR_RULES.lowValueAbout, about)) return 'excluded';
	const { major, established, organisationMinStars } = MERGED_PR_RULES.standing;
	let tier: Standing =
		repo.stars >= major.minStars || repo.forks >= major.minForks
			? 'major'
			: repo.stars >= established.minStars || repo.forks >= established.minForks || (repo.ownerType === 'Organization' && repo.stars >= organisationMinStars)
				? 'established'
				: 'minor';
	// An archived repository is no longer maintained: one tier lower.
	if (repo.archived) tier = tier === 'major' ? 'established' : 'minor';
	return tier;
}

/** True when a target is training or modelling code and nothing about it says it runs systems (MERGED_PR_RULES.trainingCodeAbout). */
export function isTrainingCode(repo: TargetRepo | null | undefined): boolean {
	if (!repo) return false;
	const about = [repo.description ?? '', ...repo.topics.map((t) => t.replace(/-/g, ' '))].join(' · ');
	return firstMatch(MERGED_PR_RULES.trainingCodeAbout, about) !== null && firstMatch(MERGED_PR_RULES.runningSystemAbout, about) === null;
}

function describeTarget(repo: TargetRepo | null | undefined, name: string): string {
	if (!repo) return name;
	const parts = [`${repo.stars}★`, `${repo.forks} forks`];
	if (repo.ownerType === 'Organization') parts.push('organisation');
	if (isTrainingCode(repo)) parts.push('training code');
	if (repo.archived) parts.push('archived');
	return `${repo.fullName} (${parts.join(', ')})`;
}

interface Counted {
	pr: MergedPr;
	standing: Standing;
	trivial: boolean;
	weight: number;
}

/**
 * Draws production and role evidence from merged pull requests into other
 * people's repositories. "strong" needs several substantive PRs merged into
 * repositories of standing (many stars or forks, or an organisation's
 * maintained project) that are software running systems, not training or
 * modelling code; "some" one such PR (training code included), or a few into
 * smaller projects.
 * Typo and docs-only PRs, PRs into forks, curated lists or tutorials, and PRs
 * into the candidate's own repositories count for nothing or little. Every
 * production signal links the PR. `now` is unused by the rules today; it is
 * taken so the reader has the same contract as the others.
 */
export function extractMergedPrSignals(data: MergedPrData, login: string, now: Date): SourceSignals {
	void now;
	const rules = MERGED_PR_RULES;
	const prs = foreignPrs(data, login);
	const perTarget = new Map<string, number>();
	const counted: Counted[] = [];
	for (const pr of prs) {
		const standing = standingOf(data.repos[pr.repo], login);
		const trivial = isTrivialPr(pr);
		const n = perTarget.get(pr.repo) ?? 0;
		perTarget.set(pr.repo, n + 1);
		const weight = n >= rules.maxPrsPerTarget ? 0 : rules.standingWeight[standing] * (trivial ? rules.kindWeight.trivial : rules.kindWeight.substantive);
		counted.push({ pr, standing, trivial, weight });
	}
	const substantive = counted.filter((c) => !c.trivial && c.weight > 0);
	const qualifying = substantive.filter((c) => c.standing === 'major' || c.standing === 'established');
	const score = substantive.reduce((s, c) => s + c.weight, 0);
	// Only work on software that runs systems makes "strong"; PRs into training code are a few signals.
	const running = qualifying.filter((c) => !isTrainingCode(data.repos[c.pr.repo]));
	const runningScore = running.reduce((s, c) => s + c.weight, 0);
	const level: ProductionEvidence =
		running.length >= rules.strong.minQualifying && runningScore >= rules.strong.minScore
			? 'strong'
			: qualifying.length >= rules.some.minQualifying || score >= rules.some.minScore
				? 'some'
				: 'none';

	const evidence: Evidence[] = [];
	if (level !== 'none') {
		const strongest = substantive
			.slice()
			.sort((a, b) => b.weight - a.weight || Date.parse(b.pr.mergedAt ?? '') - Date.parse(a.pr.mergedAt ?? ''))
			.slice(0, rules.maxEvidence);
		for (const c of strongest) {
			evidence.push({
				label: 'productionEvidence',
				signal: 'merged_prs.merged_pr',
				value: level,
				source: 'merged_prs',
				url: c.pr.url,
				excerpt: excerpt(`${describeTarget(data.repos[c.pr.repo], c.pr.repo)}: ${c.pr.title}${c.pr.mergedAt ? ` (merged ${c.pr.mergedAt.slice(0, 10)})` : ''}`, 0, RESUME_THRESHOLDS.excerptChars),
			});
		}
	}

	// Role evidence: what the substantive PRs changed, per target repository (as
	// GitHub's reader scores each own repository), each hit linked to its PR.
	const roleScores = emptyRoleScores();
	const roleHits: RoleHit[] = [];
	const targets = new Map<string, Counted[]>();
	for (const c of substantive) targets.set(c.pr.repo, [...(targets.get(c.pr.repo) ?? []), c]);
	for (const [name, list] of targets) {
		const repo = data.repos[name];
		const factor = list[0].standing === 'major' || list[0].standing === 'established' ? 1 : rules.roleWeight.minorFactor;
		const titles = list.map((c) => c.pr.title).filter((t) => t !== '');
		const urlOf = new Map<string, string>();
		for (const c of list) if (!urlOf.has(c.pr.title)) urlOf.set(c.pr.title, c.pr.url);
		const hits: RoleHit[] = [];
		scoreRoles(titles, rules.roleWeight.title * factor, roleScores, hits);
		for (const h of hits) roleHits.push({ ...h, url: urlOf.get(h.text) ?? list[0].pr.url });
		if (repo) {
			const about = [repo.fullName.split('/')[1]?.replace(/[-_]/g, ' ') ?? '', repo.description ?? '', repo.topics.join(' ').replace(/-/g, ' ')].join(' · ');
			scoreRoles([about], rules.roleWeight.about * factor, roleScores, roleHits, repo.htmlUrl || list[0].pr.url);
		}
	}

	let lastActivity: string | null = null;
	for (const pr of prs) {
		const t = Date.parse(pr.mergedAt ?? '');
		if (Number.isFinite(t) && (lastActivity === null || t > Date.parse(lastActivity))) lastActivity = new Date(t).toISOString();
	}

	return {
		source: 'merged_prs',
		evidence,
		level,
		roleScores: sparseRoleScores(roleScores),
		roleHits,
		flags: [],
		hasPublicWork: prs.length > 0,
		lastActivity,
	};
}
