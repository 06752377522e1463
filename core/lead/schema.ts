import { z } from 'zod';

/** Rubric section 2: is this a lead at all? */
export const Disposition = z.enum(['lead', 'job_seeker', 'vendor', 'spam']);
export type Disposition = z.infer<typeof Disposition>;

/** Rubric section 2: where the organisation is on the AI maturity curve. */
export const Stage = z.enum(['early', 'growth', 'scale']);
export type Stage = z.infer<typeof Stage>;

/** Rubric section 2: which pipeline the brief goes to. */
export const Track = z.enum(['consultant', 'engineer', 'hybrid']);
export type Track = z.infer<typeof Track>;

/** Rubric sections 2 and 5: the roles the agency staffs. */
export const Role = z.enum([
	'ai_consultant',
	'ml_engineer',
	'llm_engineer',
	'mlops_engineer',
	'research_scientist',
]);
export type Role = z.infer<typeof Role>;

/** Rubric section 1: the contact form's company-size choices. */
export const CompanySize = z.enum(['Less than 10', '10-50', '50-250', '250+']);
export type CompanySize = z.infer<typeof CompanySize>;

/**
 * Rubric section 1: one lead as a contact form posts it. Every field is
 * optional at this boundary because forms differ; the classifier copes with
 * what is there. Non-string values are rejected with the field named.
 */
export const Lead = z.object({
	id: z.string().optional(),
	name: z.string().optional(),
	email: z.string().optional(),
	company: z.string().optional(),
	companySize: z.string().optional(),
	message: z.string().optional(),
	website: z.string().optional(),
	budget: z.string().optional(),
	timeline: z.string().optional(),
	country: z.string().optional(),
	source: z.string().optional(),
});
export type Lead = z.infer<typeof Lead>;

/** One signal that fired, with the text it matched: the "why" of a decision. */
export const Reason = z.object({
	/** What the signal decides, e.g. `disposition`, `stage`, `track`, `primaryRole`, `priority`, `llm`. */
	label: z.string(),
	/** Signal name from the ruleset, e.g. `job_seeker.cv`. */
	signal: z.string(),
	/** The value this signal votes for, e.g. `job_seeker`. */
	value: z.string().optional(),
	/** The matched excerpt of the lead. */
	evidence: z.string().optional(),
	weight: z.number().optional(),
});
export type Reason = z.infer<typeof Reason>;

/**
 * The Lead Classifier's verdict. For non-leads `stage`, `track` and
 * `primaryRole` are null; for leads they are always the best guess.
 */
export const Classification = z.object({
	disposition: Disposition,
	stage: Stage.nullable(),
	track: Track.nullable(),
	primaryRole: Role.nullable(),
	/** 0..1: how sure the classifier is of the whole verdict. */
	confidence: z.number().min(0).max(1),
	/** 0..100: company size, urgency/budget/timeline signals and clarity of the ask. */
	priority: z.number().int().min(0).max(100),
	reasons: z.array(Reason),
	rulesetVersion: z.string(),
	/** The learned model that decided the labels (absent for a rules-only verdict). */
	modelVersion: z.string().optional(),
	/** How the verdict was reached: `model` (learned classifier), `rules`, or `llm`; after an LLM fallback the base method stays. */
	method: z.enum(['rules', 'model', 'llm']).optional(),
});
export type Classification = z.infer<typeof Classification>;
