/**
 * The vetting verdict (rubric section 5): role fit, production evidence, red
 * flags and a 0..100 score, every signal with the link or excerpt it came
 * from. Pure: GitHub data and `now` are passed in.
 */
import type { Role } from '../lead/schema';

import { extractGithubSignals, type GithubData, type GithubSignals } from './github';
import { parseResume, type Excerpt, type ResumeFacts } from './resume';
import { RESUME_THRESHOLDS, RULESET_VERSION, SCORE_WEIGHTS } from './rules';
import type { Candidate, Evidence, GithubStatus, ProductionEvidence, Profile, RedFlag, Vetting } from './schema';
import { bestRole, ROLES, type RoleHit } from './text';

/** What the GitHub look-up gave for one candidate. */
export type GithubOutcome =
	| { status: 'skipped' }
	| { status: 'not_found'; url: string }
	| { status: 'error'; message: string; httpCode?: number }
	| { status: 'ok'; data: GithubData };

export interface VetInput {
	candidate: Candidate;
	/** The normalised login, if any (see normaliseLogin). */
	login: string | null;
	github: GithubOutcome;
	now: Date;
}

const LEVELS: readonly ProductionEvidence[] = ['none', 'some', 'strong'];
const FLAG_ORDER: readonly RedFlag[] = ['notebook_only', 'competition_only', 'buzzwords_without_artifacts', 'forks_only', 'inactive', 'no_public_work'];

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

function roleEvidence(role: Role, hits: readonly RoleHit[]): Evidence[] {
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
				? { label: 'roleFit' as const, signal: 'github.role_terms', value: role, source: 'github' as const, url: h.url, excerpt: h.text.slice(0, RESUME_THRESHOLDS.excerptChars) }
				: { label: 'roleFit' as const, signal: 'resume.role_terms', value: role, source: 'resume' as const, excerpt: h.text.slice(0, RESUME_THRESHOLDS.excerptChars) },
		);
}

/** The 0..100 score: production evidence, role clarity and recent activity, minus red flags. */
export function vettingScore(level: ProductionEvidence, margin: number, recentlyActive: boolean, flags: readonly RedFlag[]): number {
	let score = SCORE_WEIGHTS.production[level] + SCORE_WEIGHTS.roleClarity * Math.min(1, Math.max(0, margin)) + (recentlyActive ? SCORE_WEIGHTS.recentActivity : 0);
	for (const f of flags) score -= SCORE_WEIGHTS.redFlag[f];
	return Math.max(0, Math.min(100, Math.round(score)));
}

/** Vets one candidate. */
export function vetCandidate(input: VetInput): Vetting {
	const { candidate, github, now } = input;
	const resume = parseResume(candidate.resumeText);
	const roleScores = { ...resume.roleScores };
	const roleHits: RoleHit[] = [...resume.roleHits];
	const gh: GithubSignals | null = github.status === 'ok' ? extractGithubSignals(github.data, now, roleScores, roleHits) : null;

	const evidence: Evidence[] = [];
	const flags = new Set<RedFlag>();

	// Production evidence: the stronger of what the résumé and GitHub show.
	const level = maxLevel(resume.level, gh?.level ?? 'none');
	evidence.push(...resumeEvidence(resume.incidents, 'productionEvidence', resume.level, 3));
	evidence.push(...resumeEvidence(resume.onCall, 'productionEvidence', resume.level, 2));
	evidence.push(...resumeEvidence(resume.opsMetrics, 'productionEvidence', resume.level, 3));
	evidence.push(...resumeEvidence(resume.shipped, 'productionEvidence', resume.level, 3));
	if (gh) evidence.push(...gh.evidence.filter((e) => e.label === 'productionEvidence'));

	// Red flags.
	if (gh?.notebookOnly) flags.add('notebook_only');
	if (gh?.forksOnly) flags.add('forks_only');
	if (gh?.inactive) flags.add('inactive');
	const competitionMentions = resume.competitionMentions + (gh?.competitionRepos ?? 0);
	if (competitionMentions >= RESUME_THRESHOLDS.competitionMin && level === 'none') {
		flags.add('competition_only');
		evidence.push(...resumeEvidence(resume.competitions, 'redFlags', 'competition_only', 3));
	}
	if (gh) evidence.push(...gh.evidence.filter((e) => e.label === 'redFlags' && flags.has(e.value as RedFlag)));
	if (resume.present && isBuzzwordHeavy(resume)) {
		flags.add('buzzwords_without_artifacts');
		evidence.push(...resumeEvidence(resume.buzzwords, 'redFlags', 'buzzwords_without_artifacts', 5));
	}
	// No GitHub profile (none given, unknown to GitHub, or without a public
	// repository) and no portfolio. A LinkedIn page is not public work.
	const noGithubWork = github.status === 'skipped' || github.status === 'not_found' || (gh !== null && !gh.hasPublicWork);
	if (noGithubWork && !hasPortfolio(candidate)) {
		flags.add('no_public_work');
		if (github.status === 'not_found') {
			evidence.push({ label: 'redFlags', signal: 'github.not_found', value: 'no_public_work', source: 'github', url: github.url, excerpt: `GitHub answered 404 for '${input.login}'` });
		} else {
			evidence.push({
				label: 'redFlags',
				signal: 'input.no_public_work',
				value: 'no_public_work',
				source: 'input',
				excerpt: github.status === 'skipped' ? 'no githubUsername and no portfolioUrls' : `GitHub profile '${input.login}' has no public repositories and no portfolioUrls`,
			});
		}
	} else if (github.status === 'not_found') {
		evidence.push({ label: 'redFlags', signal: 'github.not_found', value: 'no_github_profile', source: 'github', url: github.url, excerpt: `GitHub answered 404 for '${input.login}'` });
	}

	// Role fit.
	const { role, margin } = bestRole(roleScores);
	evidence.unshift(...roleEvidence(role, roleHits));

	const redFlags = FLAG_ORDER.filter((f) => flags.has(f));
	const lastPush = gh?.lastPush ?? null;
	const recentlyActive = lastPush !== null && now.getTime() - Date.parse(lastPush) < 365.25 * 24 * 3600 * 1000;

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
		lastActivity: lastPush,
		skills: resume.skills,
	};
	const status: GithubStatus =
		github.status === 'error'
			? { status: 'error', error: github.httpCode === undefined ? { message: github.message } : { message: github.message, httpCode: github.httpCode } }
			: { status: github.status };

	const scores = Object.fromEntries(ROLES.map((r) => [r, Math.round(roleScores[r] * 10) / 10])) as Vetting['roleScores'];
	return {
		roleFit: role,
		productionEvidence: level,
		redFlags,
		score: vettingScore(level, margin, recentlyActive, redFlags),
		evidence,
		profile,
		github: status,
		roleScores: scores,
		rulesetVersion: RULESET_VERSION,
	};
}
