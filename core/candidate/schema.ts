import { z } from 'zod';

import { Role } from '../lead/schema';

/** Rubric section 5: has the person shipped and maintained live systems? */
export const ProductionEvidence = z.enum(['strong', 'some', 'none']);
export type ProductionEvidence = z.infer<typeof ProductionEvidence>;

/** Rubric section 5: the red flags a vetting can raise. */
export const RedFlag = z.enum([
	'notebook_only',
	'competition_only',
	'buzzwords_without_artifacts',
	'forks_only',
	'inactive',
	'no_public_work',
]);
export type RedFlag = z.infer<typeof RedFlag>;

/**
 * Forms post portfolio links as one string or a list; both are accepted and a
 * string is split on whitespace and commas.
 */
const UrlList = z.preprocess(
	(value) =>
		typeof value === 'string'
			? value
					.split(/[\s,]+/)
					.map((s) => s.trim())
					.filter((s) => s !== '')
			: value,
	z.array(z.string()),
);

/**
 * Rubric section 4: one candidate. Every field is optional at this boundary;
 * unknown fields (such as labels) are dropped. Non-string values are rejected
 * with the field named.
 */
export const Candidate = z.object({
	id: z.union([z.string(), z.number().transform(String)]).optional(),
	name: z.string().optional(),
	email: z.string().optional(),
	/** The public GitHub login (a profile URL or `@login` is accepted and normalised). */
	githubUsername: z.string().nullable().optional(),
	resumeText: z.string().nullable().optional(),
	linkedinUrl: z.string().nullable().optional(),
	portfolioUrls: UrlList.nullable().optional(),
	/** The Hugging Face Hub user or organisation name (a profile URL is accepted and normalised). */
	huggingfaceUsername: z.string().nullable().optional(),
	/** An ORCID iD (`0000-0002-1825-0097` or its orcid.org URL): tells namesakes apart among paper authors. */
	orcid: z.string().nullable().optional(),
	/** The Semantic Scholar author id (digits): the person's papers without any guessing. */
	semanticScholarId: z.union([z.string(), z.number().int().nonnegative().transform(String)]).nullable().optional(),
});
export type Candidate = z.infer<typeof Candidate>;

/**
 * Where a signal was read: a public source (with `url`: a GitHub, Hugging Face,
 * paper, pull-request or portfolio page) or the résumé and the input itself
 * (with `excerpt`).
 */
export const EvidenceSource = z.enum(['github', 'huggingface', 'papers', 'merged_prs', 'portfolio', 'resume', 'input']);
export type EvidenceSource = z.infer<typeof EvidenceSource>;

/** One signal behind a verdict, with the link or excerpt a recruiter can check. */
export const Evidence = z.object({
	/** What the signal decides: `roleFit`, `productionEvidence` or `redFlags`. */
	label: z.enum(['roleFit', 'productionEvidence', 'redFlags']),
	/** Signal name from the rules, e.g. `github.docker` or `resume.incident`. */
	signal: z.string(),
	/** The value this signal votes for, e.g. `strong`, `mlops_engineer`, `inactive`. */
	value: z.string().optional(),
	source: EvidenceSource,
	/** The page the signal came from (GitHub, the Hub, a paper, a pull request, a portfolio page). */
	url: z.string().optional(),
	/** The résumé text the signal came from (trimmed). */
	excerpt: z.string().optional(),
});
export type Evidence = z.infer<typeof Evidence>;

export const RepositorySummary = z.object({
	name: z.string(),
	url: z.string(),
	description: z.string().nullable(),
	language: z.string().nullable(),
	stars: z.number(),
	fork: z.boolean(),
	pushedAt: z.string().nullable(),
	/** Production signal categories found in the root listing (`docker`, `ci`, `tests`, ...). */
	signals: z.array(z.string()),
});
export type RepositorySummary = z.infer<typeof RepositorySummary>;

/** What the enrichment learnt about the candidate's public work. */
export const Profile = z.object({
	githubLogin: z.string().nullable(),
	githubUrl: z.string().nullable(),
	name: z.string().nullable(),
	bio: z.string().nullable(),
	publicRepos: z.number(),
	followers: z.number(),
	/** Languages of the inspected repositories by bytes, largest first. */
	languages: z.array(z.object({ name: z.string(), bytes: z.number(), share: z.number() })),
	notableRepositories: z.array(RepositorySummary),
	/** Most recent push to any public repository (ISO time), null when none. */
	lastActivity: z.string().nullable(),
	/** Technologies named in the résumé (lower case). */
	skills: z.array(z.string()),
});
export type Profile = z.infer<typeof Profile>;

/** How the GitHub part of the enrichment went. */
export const GithubStatus = z.object({
	status: z.enum(['ok', 'not_found', 'error', 'skipped']),
	/** The failure, when GitHub could not be read (never carries the token). */
	error: z
		.object({ message: z.string(), httpCode: z.number().optional() })
		.optional(),
});
export type GithubStatus = z.infer<typeof GithubStatus>;

/** The names of the public sources (as core/candidate/sources.ts SOURCE_NAMES). */
export const SourceNameSchema = z.enum(['github', 'huggingface', 'papers', 'merged_prs', 'portfolio']);

/** How a paper search was matched to the candidate (recorded whether or not it voted). */
export const PaperMatchSchema = z.object({
	method: z.enum(['semantic_scholar_id', 'orcid', 'email_domain', 'name_only', 'none']),
	confidence: z.number().min(0).max(1),
	authorId: z.string().nullable(),
	name: z.string().nullable(),
	namesakes: z.number().int().min(0),
	/** False: the match may be a namesake, so the papers voted for nothing. */
	votes: z.boolean(),
	reason: z.string(),
});

/** How reading one source went: read, switched off or nothing to look up, unknown to the service, or failed. */
export const SourceStatus = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('ok'),
		/** The production level this source alone supports. */
		level: ProductionEvidence,
		/** Evidence items this source gave. */
		signals: z.number().int().min(0),
		/** Red flags this source raised that the other sources contradicted (so they do not stand). */
		overruled: z.array(RedFlag).optional(),
		/** Papers: the author match, with its method and confidence. */
		match: PaperMatchSchema.optional(),
	}),
	z.object({ status: z.literal('skipped'), reason: z.string() }),
	z.object({ status: z.literal('not_found'), url: z.string() }),
	z.object({ status: z.literal('error'), message: z.string(), httpCode: z.number().optional() }),
]);
export type SourceStatus = z.infer<typeof SourceStatus>;

/** The verdict on one candidate (rubric section 5) with its evidence. */
export const Vetting = z.object({
	roleFit: Role,
	productionEvidence: ProductionEvidence,
	redFlags: z.array(RedFlag),
	/** 0..100: production evidence, clarity of the role fit, minus red flags. */
	score: z.number().int().min(0).max(100),
	evidence: z.array(Evidence),
	profile: Profile,
	github: GithubStatus,
	/**
	 * Every source and how reading it went. Optional only so that a vetting
	 * stored before the sources existed still parses (Match to Brief reuses it).
	 */
	sources: z.record(SourceNameSchema, SourceStatus).optional(),
	/** Points per role behind `roleFit`. */
	roleScores: z.record(Role, z.number()),
	rulesetVersion: z.string(),
});
export type Vetting = z.infer<typeof Vetting>;

/** One reason behind a match score. */
export const MatchReason = z.object({
	label: z.enum(['roleFit', 'stack', 'productionEvidence', 'redFlags']),
	detail: z.string(),
	points: z.number(),
});
export type MatchReason = z.infer<typeof MatchReason>;

/** How well a vetted candidate fits a brief, and where they rank in the pool. */
export const MatchResult = z.object({
	score: z.number().int().min(0).max(100),
	/** 1 = best in the pool that shares the brief. */
	rank: z.number().int().min(1),
	poolSize: z.number().int().min(1),
	/** Brief stack terms the candidate's evidence covers. */
	stackMatched: z.array(z.string()),
	reasons: z.array(MatchReason),
});
export type MatchResult = z.infer<typeof MatchResult>;
