/**
 * The vetting verdict (rubric section 5): role fit, production evidence, red
 * flags and a 0..100 score, every signal with the link or excerpt it came
 * from. Pure: the sources' data and `now` are passed in.
 *
 * One evidence model across sources: the résumé, then every public source's
 * reader (GitHub, Hugging Face, papers, merged pull requests, portfolio pages)
 * gives `SourceSignals`, and they are merged here:
 * - production level: the best that any source or the résumé supports;
 * - role scores: summed;
 * - red flags: a flag a source raises stands only when the other sources do
 *   not contradict it (FLAG_OVERRULES); `no_public_work` only when no source
 *   shows public work at all;
 * - a source that could not be read votes for nothing, and its status (with
 *   the reason) is on the verdict.
 */
import type { Role } from '../lead/schema';

import { extractGithubSignals, type GithubData, type GithubSignals } from './github';
import { extractHuggingFaceSignals, type HuggingFaceData } from './huggingface';
import { extractMergedPrSignals, type MergedPrData } from './merged';
import { extractPaperSignals, type PaperData } from './papers';
import { extractPortfolioSignals, type PortfolioPage } from './portfolio';
import { parseResume, type Excerpt, type ResumeFacts } from './resume';
import { GITHUB_THRESHOLDS, RESUME_THRESHOLDS, RULESET_VERSION, SCORE_WEIGHTS } from './rules';
import type { Candidate, Evidence, EvidenceSource, GithubStatus, ProductionEvidence, Profile, RedFlag, SourceStatus, Vetting } from './schema';
import { SOURCE_NAMES, type SourceName, type SourceOutcome, type SourceSignals } from './sources';
import { bestRole, emptyRoleScores, ROLES, type RoleHit } from './text';

/** What the GitHub look-up gave for one candidate. */
export type GithubOutcome =
	| { status: 'skipped'; reason?: string }
	| { status: 'not_found'; url: string }
	| { status: 'error'; message: string; httpCode?: number }
	| { status: 'ok'; data: GithubData };

/** The data each source's transport returns on success (read by that source's reader). */
export interface SourceDataMap {
	huggingface: HuggingFaceData;
	papers: PaperData;
	merged_prs: MergedPrData;
	portfolio: PortfolioPage[];
}

/** The outcome of every source other than GitHub (which keeps its own field). */
export type SourceOutcomes = { [K in keyof SourceDataMap]?: SourceOutcome<SourceDataMap[K]> };

export interface VetInput {
	candidate: Candidate;
	/** The normalised login, if any (see normaliseLogin). */
	login: string | null;
	github: GithubOutcome;
	/** The other sources' outcomes; a source left out is recorded as not read. */
	sources?: SourceOutcomes;
	now: Date;
}

const LEVELS: readonly ProductionEvidence[] = ['none', 'some', 'strong'];
const FLAG_ORDER: readonly RedFlag[] = ['notebook_only', 'competition_only', 'buzzwords_without_artifacts', 'forks_only', 'inactive', 'no_public_work'];

/**
 * Which other sources can overrule a red flag a source raised, and what they
 * must show (rubric section 5, read across sources):
 * - `inactive` ("nothing pushed for more than two years"): any source with
 *   activity within those two years (a recent paper, model or merged PR);
 * - `forks_only` ("most public repositories are forks with no own commits"):
 *   own repositories on another host of repositories (GitHub, the Hub). Merged
 *   PRs into other people's repositories do not overrule it: they are work in
 *   someone else's repository and change nothing about what the candidate's
 *   own public repositories are (they count as production and role evidence);
 * - `notebook_only` ("public code is (almost) all notebooks"): code that runs
 *   (a source whose own level is at least `some`: a running Space, a
 *   production repository, merged production work);
 * - `buzzwords_without_artifacts` raised by a source (a portfolio of hype):
 *   artefacts elsewhere (a source whose own level is at least `some`);
 * - `competition_only` ("no shipped system"): any production level, from any
 *   source or the résumé.
 */
export const FLAG_OVERRULES: Readonly<Partial<Record<RedFlag, { shows: 'recent_activity' | 'own_work' | 'running_code'; sources: readonly SourceName[] }>>> = {
	inactive: { shows: 'recent_activity', sources: SOURCE_NAMES },
	forks_only: { shows: 'own_work', sources: ['github', 'huggingface'] },
	notebook_only: { shows: 'running_code', sources: ['github', 'huggingface', 'merged_prs'] },
	buzzwords_without_artifacts: { shows: 'running_code', sources: SOURCE_NAMES },
};

function maxLevel(a: ProductionEvidence, b: ProductionEvidence): ProductionEvidence {
	return LEVELS.indexOf(a) >= LEVELS.indexOf(b) ? a : b;
}

function resumeEvidence(list: readonly Excerpt[], label: Evidence['label'], value: string, max: number): Evidence[] {
	return list.slice(0, max).map((e) => ({ label, signal: e.signal, value, source: 'resume' as const, excerpt: e.text }));
}

/** Distinct statements that show artefacts: figures, incidents, named repositories. */
function artifactCount(r: ResumeFacts): number {
	return new Set([...r.metrics, ...r.opsMetrics, ...r.incidents, ...r.repositories].map((e) => e.text)).size;
}

/** Rubric: "the CV is heavy on buzzwords with no named system, repository, metric or outcome". */
export function isBuzzwordHeavy(r: ResumeFacts): boolean {
	return r.buzzwordCount >= RESUME_THRESHOLDS.buzzwordMin && artifactCount(r) <= RESUME_THRESHOLDS.artifactMax;
}

function hasPortfolio(c: Candidate): boolean {
	return (c.portfolioUrls ?? []).some((u) => u.trim() !== '');
}

type SourcedHit = RoleHit & { source: EvidenceSource };

function roleEvidence(role: Role, hits: readonly SourcedHit[]): Evidence[] {
	const seen = new Set<string>();
	return hits
		.filter((h) => h.role === role)
		.sort((a, b) => b.points - a.points)
		.filter((h) => {
			const key = h.url ?? h.text;
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		})
		.slice(0, 4)
		.map((h) =>
			h.url
				? { label: 'roleFit' as const, signal: `${h.source}.role_terms`, value: role, source: h.source, url: h.url, excerpt: h.text.slice(0, RESUME_THRESHOLDS.excerptChars) }
				: { label: 'roleFit' as const, signal: 'resume.role_terms', value: role, source: 'resume' as const, excerpt: h.text.slice(0, RESUME_THRESHOLDS.excerptChars) },
		);
}

/** The 0..100 score: production evidence, role clarity and recent activity, minus red flags. */
export function vettingScore(level: ProductionEvidence, margin: number, recentlyActive: boolean, flags: readonly RedFlag[]): number {
	let score = SCORE_WEIGHTS.production[level] + SCORE_WEIGHTS.roleClarity * Math.min(1, Math.max(0, margin)) + (recentlyActive ? SCORE_WEIGHTS.recentActivity : 0);
	for (const f of flags) score -= SCORE_WEIGHTS.redFlag[f];
	return Math.max(0, Math.min(100, Math.round(score)));
}

/** GitHub's reading as SourceSignals (the same figures extractGithubSignals computes). */
export function githubSourceSignals(gh: GithubSignals): SourceSignals {
	const flags: RedFlag[] = [];
	if (gh.notebookOnly) flags.push('notebook_only');
	if (gh.forksOnly) flags.push('forks_only');
	if (gh.inactive) flags.push('inactive');
	const roleScores: SourceSignals['roleScores'] = {};
	for (const r of ROLES) if (gh.roleScores[r] > 0) roleScores[r] = gh.roleScores[r];
	return { source: 'github', evidence: gh.evidence, level: gh.level, roleScores, roleHits: gh.roleHits, flags, hasPublicWork: gh.hasPublicWork, lastActivity: gh.lastPush };
}

/** Reads one source's data with its reader; null when the source was not read. */
function readSource(name: keyof SourceDataMap, outcome: SourceOutcome<unknown> | undefined, login: string | null, now: Date): SourceSignals | null {
	if (!outcome || outcome.status !== 'ok') return null;
	switch (name) {
		case 'huggingface':
			return extractHuggingFaceSignals(outcome.data as HuggingFaceData, now);
		case 'papers': {
			const data = outcome.data as PaperData;
			return extractPaperSignals(data, data.match, now);
		}
		case 'merged_prs': {
			const data = outcome.data as MergedPrData;
			return extractMergedPrSignals(data, login ?? data.login, now);
		}
		case 'portfolio':
			return extractPortfolioSignals(outcome.data as PortfolioPage[], now);
	}
}

function withinYears(iso: string | null, now: Date, years: number): boolean {
	if (!iso) return false;
	const t = Date.parse(iso);
	if (!Number.isFinite(t)) return false;
	const cutoff = new Date(now.getTime());
	cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
	return t >= cutoff.getTime();
}

/** True when `other` shows what overrules `flag` (FLAG_OVERRULES). */
function overrules(flag: RedFlag, other: SourceSignals, now: Date): boolean {
	const rule = FLAG_OVERRULES[flag];
	if (!rule || !rule.sources.includes(other.source)) return false;
	switch (rule.shows) {
		case 'recent_activity':
			return withinYears(other.lastActivity, now, GITHUB_THRESHOLDS.inactiveYears);
		case 'own_work':
			return other.hasPublicWork && !other.flags.includes('forks_only');
		case 'running_code':
			return other.level !== 'none';
	}
}

function statusOf(outcome: SourceOutcome<unknown> | GithubOutcome | undefined, signals: SourceSignals | null, overruled: RedFlag[], match?: PaperData['match']): SourceStatus {
	if (!outcome) return { status: 'skipped', reason: 'not read' };
	switch (outcome.status) {
		case 'skipped':
			return { status: 'skipped', reason: outcome.reason ?? 'nothing to look up' };
		case 'not_found':
			return { status: 'not_found', url: outcome.url };
		case 'error':
			return outcome.httpCode === undefined ? { status: 'error', message: outcome.message } : { status: 'error', message: outcome.message, httpCode: outcome.httpCode };
		case 'ok': {
			const s: SourceStatus = { status: 'ok', level: signals?.level ?? 'none', signals: signals?.evidence.length ?? 0 };
			if (overruled.length > 0) s.overruled = overruled;
			if (match) s.match = match;
			return s;
		}
	}
}

/** Vets one candidate. */
export function vetCandidate(input: VetInput): Vetting {
	const { candidate, github, now } = input;
	const outcomes: SourceOutcomes = input.sources ?? {};
	const resume = parseResume(candidate.resumeText);
	const roleScores = { ...resume.roleScores };
	const roleHits: SourcedHit[] = resume.roleHits.map((h) => ({ ...h, source: 'resume' as const }));

	// Every source's reading; GitHub first, as before.
	const gh: GithubSignals | null = github.status === 'ok' ? extractGithubSignals(github.data, now, emptyRoleScores(), []) : null;
	const signals: SourceSignals[] = [];
	if (gh) signals.push(githubSourceSignals(gh));
	for (const name of ['huggingface', 'papers', 'merged_prs', 'portfolio'] as const) {
		const s = readSource(name, outcomes[name], input.login, now);
		if (s) signals.push(s);
	}
	for (const s of signals) {
		for (const [role, points] of Object.entries(s.roleScores) as Array<[Role, number]>) roleScores[role] += points;
		for (const h of s.roleHits) roleHits.push({ ...h, source: s.source });
	}

	const evidence: Evidence[] = [];
	const flags = new Set<RedFlag>();

	// Production evidence: the best of what the résumé and any source show.
	let level = resume.level;
	for (const s of signals) level = maxLevel(level, s.level);
	evidence.push(...resumeEvidence(resume.incidents, 'productionEvidence', resume.level, 3));
	evidence.push(...resumeEvidence(resume.onCall, 'productionEvidence', resume.level, 2));
	evidence.push(...resumeEvidence(resume.opsMetrics, 'productionEvidence', resume.level, 3));
	evidence.push(...resumeEvidence(resume.shipped, 'productionEvidence', resume.level, 3));
	for (const s of signals) evidence.push(...s.evidence.filter((e) => e.label === 'productionEvidence'));

	// Red flags a source raised, unless another source contradicts them.
	const overruled = new Map<SourceName, RedFlag[]>();
	const raisedBy = new Map<RedFlag, SourceSignals[]>();
	for (const s of signals) {
		for (const f of s.flags) {
			if (signals.some((other) => other !== s && overrules(f, other, now))) {
				overruled.set(s.source, [...(overruled.get(s.source) ?? []), f]);
				continue;
			}
			flags.add(f);
			raisedBy.set(f, [...(raisedBy.get(f) ?? []), s]);
		}
	}
	// competition_only ("no shipped system"), whoever raised it, stands only when nothing shows production.
	if (level !== 'none' && flags.has('competition_only')) {
		flags.delete('competition_only');
		for (const s of raisedBy.get('competition_only') ?? []) overruled.set(s.source, [...(overruled.get(s.source) ?? []), 'competition_only']);
		raisedBy.delete('competition_only');
	}
	const competitionMentions = resume.competitionMentions + (gh?.competitionRepos ?? 0);
	if (competitionMentions >= RESUME_THRESHOLDS.competitionMin && level === 'none') {
		flags.add('competition_only');
		evidence.push(...resumeEvidence(resume.competitions, 'redFlags', 'competition_only', 3));
	}
	for (const s of signals) {
		// A source's evidence for a flag it raised itself (and that stands), or for competition_only.
		evidence.push(...s.evidence.filter((e) => e.label === 'redFlags' && flags.has(e.value as RedFlag) && ((raisedBy.get(e.value as RedFlag) ?? []).includes(s) || e.value === 'competition_only')));
	}
	if (resume.present && isBuzzwordHeavy(resume)) {
		flags.add('buzzwords_without_artifacts');
		evidence.push(...resumeEvidence(resume.buzzwords, 'redFlags', 'buzzwords_without_artifacts', 5));
	}
	// no_public_work: no GitHub profile (none given, unknown to GitHub, or
	// without a public repository), no portfolio, and no other public work
	// (Hugging Face repositories, papers, merged PRs). A LinkedIn page is not
	// public work. A portfolio that was read counts as its reader says; one not
	// read (switched off, failed) counts when URLs were given.
	const noGithubWork = github.status === 'skipped' || github.status === 'not_found' || (gh !== null && !gh.hasPublicWork);
	const portfolio = outcomes.portfolio;
	// A page that failed to load (not refused, not missing) may still be there: it counts as a portfolio given.
	const portfolioWork =
		portfolio?.status === 'ok'
			? signals.some((s) => s.source === 'portfolio' && s.hasPublicWork) || portfolio.data.some((p) => p.status === 'error')
			: portfolio?.status === 'not_found'
				? false
				: hasPortfolio(candidate);
	const otherWork = signals.some((s) => s.source !== 'github' && s.source !== 'portfolio' && s.hasPublicWork);
	if (noGithubWork && !portfolioWork && !otherWork) {
		flags.add('no_public_work');
		if (github.status === 'not_found') {
			evidence.push({ label: 'redFlags', signal: 'github.not_found', value: 'no_public_work', source: 'github', url: github.url, excerpt: `GitHub answered 404 for '${input.login}'` });
		} else {
			const others = (['huggingface', 'papers', 'merged_prs', 'portfolio'] as const).filter((n) => outcomes[n] && outcomes[n]?.status !== 'skipped');
			evidence.push({
				label: 'redFlags',
				signal: 'input.no_public_work',
				value: 'no_public_work',
				source: 'input',
				excerpt:
					(github.status === 'skipped' ? 'no githubUsername and no portfolioUrls' : `GitHub profile '${input.login}' has no public repositories and no portfolioUrls`) +
					(others.length > 0 ? `; nothing public on ${others.join(', ')}` : ''),
			});
		}
	} else if (github.status === 'not_found') {
		evidence.push({ label: 'redFlags', signal: 'github.not_found', value: 'no_github_profile', source: 'github', url: github.url, excerpt: `GitHub answered 404 for '${input.login}'` });
	}

	// Role fit: the strongest role hits, plus the sources' own role evidence (papers) for that role.
	const { role, margin } = bestRole(roleScores);
	// A source that writes its own role evidence (papers: title, venue, year, citations) is shown by it, not by its hits.
	const ownRoleEvidence = new Set(signals.filter((s) => s.evidence.some((e) => e.label === 'roleFit')).map((s) => s.source as EvidenceSource));
	const roleItems = roleEvidence(role, roleHits.filter((h) => !ownRoleEvidence.has(h.source)));
	const linked = new Set(roleItems.map((e) => e.url).filter(Boolean));
	for (const s of signals) {
		for (const e of s.evidence) {
			if (e.label === 'roleFit' && e.value === role && !(e.url && linked.has(e.url))) roleItems.push(e);
		}
	}
	evidence.unshift(...roleItems);

	const redFlags = FLAG_ORDER.filter((f) => flags.has(f));
	let lastActivity: string | null = null;
	for (const s of signals) {
		if (s.lastActivity && Number.isFinite(Date.parse(s.lastActivity)) && (lastActivity === null || Date.parse(s.lastActivity) > Date.parse(lastActivity))) lastActivity = s.lastActivity;
	}
	const recentlyActive = lastActivity !== null && now.getTime() - Date.parse(lastActivity) < 365.25 * 24 * 3600 * 1000;

	const user = github.status === 'ok' ? github.data.user : null;
	const profile: Profile = {
		githubLogin: input.login,
		githubUrl: user?.html_url ?? null,
		name: user?.name ?? candidate.name ?? null,
		bio: user?.bio ?? null,
		publicRepos: user?.public_repos ?? 0,
		followers: user?.followers ?? 0,
		languages: gh?.languages ?? [],
		notableRepositories: gh?.inspected ?? [],
		lastActivity,
		skills: resume.skills,
	};
	const githubStatus: GithubStatus =
		github.status === 'error'
			? { status: 'error', error: github.httpCode === undefined ? { message: github.message } : { message: github.message, httpCode: github.httpCode } }
			: { status: github.status };

	const sources: NonNullable<Vetting['sources']> = {
		github: statusOf(github.status === 'skipped' ? { status: 'skipped', reason: github.reason ?? 'no githubUsername' } : github, signals.find((s) => s.source === 'github') ?? null, overruled.get('github') ?? []),
	};
	for (const name of ['huggingface', 'papers', 'merged_prs', 'portfolio'] as const) {
		const outcome = outcomes[name];
		const match = name === 'papers' && outcome?.status === 'ok' ? (outcome.data as PaperData).match : undefined;
		sources[name] = statusOf(outcome, signals.find((s) => s.source === name) ?? null, overruled.get(name) ?? [], match);
	}

	const scores = Object.fromEntries(ROLES.map((r) => [r, Math.round(roleScores[r] * 10) / 10])) as Vetting['roleScores'];
	return {
		roleFit: role,
		productionEvidence: level,
		redFlags,
		score: vettingScore(level, margin, recentlyActive, redFlags),
		evidence,
		profile,
		github: githubStatus,
		sources,
		roleScores: scores,
		rulesetVersion: RULESET_VERSION,
	};
}
