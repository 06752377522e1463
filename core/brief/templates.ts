/**
 * The brief templates (rubric section 3) as data: 90-day deliverables by
 * track, stage and role; phase gates with their exit criteria; the handoff and
 * sync cadence; and "focus" extras a lead's own words switch on (a compliance
 * review, a stalled proof of concept, a hiring plan, a build-or-buy choice).
 * `buildBrief` only looks things up here.
 */
import type { Role, Stage, Track } from '../lead/schema';

/** Bumped whenever a template's wording or selection changes, so stored briefs can be traced. */
export const TEMPLATE_VERSION = 'brief-templates/1';

type EngineerRole = Exclude<Role, 'ai_consultant'>;

/**
 * Consultant work by stage (rubric section 2): early = find and size the first
 * use cases; growth = a build-ready spec for use cases already chosen; scale =
 * strategy for a new product line or a review across systems already live.
 */
export const CONSULTANT_DELIVERABLES: Readonly<Record<Stage, readonly string[]>> = {
	early: [
		'Discovery interviews with leadership and the teams closest to the data, summarised in a current-state report (week 2)',
		'Data-readiness assessment: which data exists, where it lives, its quality and access (week 4)',
		'Use-case map: 5-10 candidate AI use cases ranked by value, feasibility and data readiness, with rough ROI (week 6)',
		'Spec for the top use case: scope, success metrics, data needed, build options and budget range (week 9)',
		'12-month AI roadmap with the decision points, owners and the team or partners needed (week 12)',
	],
	growth: [
		'Review of the chosen use cases, data mapping and success metrics against the business goal (week 2)',
		'Build spec for the first use case: acceptance criteria, data contracts, evaluation plan and rollout path (week 4)',
		'Delivery plan: build route (in-house, hire or partner), team shape, milestones and budget (week 6)',
		'Operating model for models in production: ownership, sign-off on changes, monitoring and review cadence (week 9)',
		'Phase-gate reviews of the build against the spec, with a go/no-go recommendation at each gate (week 12)',
	],
	scale: [
		'Inventory of the models and AI systems in production with their owners, risks and business value (week 3)',
		'Opportunity and risk assessment for the new initiative: where AI differentiates, build versus buy (week 6)',
		'Prioritised portfolio plan: initiatives, success metrics, dependencies on the existing platform (week 9)',
		'Spec and staffing plan for the first initiative, ready for engineering to confirm feasibility (week 12)',
	],
};

/** Engineering work by role and stage: what a build of that kind ships in 90 days. */
export const ENGINEER_DELIVERABLES: Readonly<Record<EngineerRole, Readonly<Record<Stage, readonly string[]>>>> = {
	ml_engineer: {
		early: [
			'Data audit and a baseline (rules or a simple model) measured on the client\'s own data (week 3)',
			'First model trained and evaluated against the baseline and the agreed success metric (week 6)',
			'Model running end to end on a schedule or behind an API, with a handover guide for the client\'s team (week 12)',
		],
		growth: [
			'Reproducible training pipeline and a baseline measured on a held-out slice of the client\'s data (week 3)',
			'Model meeting the agreed accuracy target, validated with the business owner (week 6)',
			'Model integrated into the target system (scheduled scoring or API), with tests and CI (week 9)',
			'Production release with monitoring, alerting, a retraining path and a runbook (week 12)',
		],
		scale: [
			'Design that fits the client\'s existing ML platform, data contracts and conventions (week 2)',
			'Model beating the current approach offline on the agreed metric (week 6)',
			'Model shipped through the client\'s existing pipeline, with an online test or shadow run (week 10)',
			'Documentation, monitoring dashboards and handover to the owning ML team (week 12)',
		],
	},
	llm_engineer: {
		early: [
			'Evaluation set of real questions or documents agreed with the client, and a quality bar (week 2)',
			'Prototype (retrieval, prompting or fine-tuning as the case needs) scored on the evaluation set (week 5)',
			'Pilot integrated into one channel, with guardrails, cost per request and latency measured (week 9)',
			'Go-live plan with evals in CI, monitoring of quality and cost, and a fallback when the model fails (week 12)',
		],
		growth: [
			'Evaluation harness: an agreed test set, quality metrics (accuracy, groundedness) and a baseline (week 2)',
			'Retrieval, prompting or fine-tuning improved until the prototype meets the quality bar (week 6)',
			'Integration into the target product with guardrails, tracing and cost and latency budgets (week 9)',
			'Production release with evals in CI, monitoring and a runbook for the client\'s team (week 12)',
		],
		scale: [
			'Audit of the current LLM system: quality on an evaluation set, latency, cost per request, failure cases (week 2)',
			'Evaluation harness in CI, so every change is measured against the baseline (week 4)',
			'Improvements shipped behind a flag (retrieval, fine-tuning, model choice) with measured gains (week 9)',
			'Rollout to all users with quality, cost and latency dashboards and an owner handover (week 12)',
		],
	},
	mlops_engineer: {
		early: [
			'Assessment of how the model runs today and the target serving and deployment path (week 2)',
			'Model containerised and deployed through CI/CD to a staging environment (week 5)',
			'Production deployment with monitoring, alerting and rollback (week 9)',
			'Runbook and handover so the client\'s team can release new model versions alone (week 12)',
		],
		growth: [
			'Target architecture for serving, deployment and monitoring, agreed with the client\'s engineers (week 2)',
			'First model served through CI/CD in staging, meeting the agreed latency target (week 5)',
			'Production deployment with drift and performance monitoring, alerting and rollback (week 9)',
			'Templates and a runbook so further models follow the same path (week 12)',
		],
		scale: [
			'Platform assessment: pipelines, serving, monitoring, cost and latency across the models in production (week 2)',
			'Shared templates (training, serving, monitoring) piloted on the first models (week 6)',
			'Migration or rollout across the in-scope models with measured cost, latency and reliability gains (week 10)',
			'Dashboards, alerting, runbooks and on-call handed over to the platform team (week 12)',
		],
	},
	research_scientist: {
		early: [
			'Literature review and the strongest published baseline reproduced on the client\'s data (week 3)',
			'First research prototype with offline results against the baseline (week 8)',
			'Research report with a recommendation on whether and how to productionise (week 12)',
		],
		growth: [
			'Literature review and published baselines reproduced on the client\'s benchmark (week 3)',
			'New method prototyped, with offline experiments and ablations against the baselines (week 8)',
			'Research report (internal or for publication), code and data handed over, with a productionisation recommendation (week 12)',
		],
		scale: [
			'Research plan and benchmark agreed with the client\'s ML team, baselines reproduced (week 3)',
			'Research prototypes with offline experiments and ablations on the client\'s data (week 8)',
			'Paper draft or internal report, reproducible code, and a go/no-go on productionising (week 12)',
		],
	},
};

/**
 * Hybrid briefs open with the consultant's part: the build needs a spec
 * before it starts (rubric section 3: the consultant produces the spec; the
 * engineer confirms feasibility). Then the engineering deliverables follow.
 */
export const HYBRID_CONSULTANT_DELIVERABLES: Readonly<Record<Stage, readonly string[]>> = {
	early: [
		'Scoping: the first use case chosen and its value checked against the data the client has (week 3)',
		'Spec signed off by the client, with success metrics; feasibility confirmed by the engineer (week 4)',
	],
	growth: [
		'Re-scoping of the stalled or unclear work: what to predict or build, with which data, measured how (week 2)',
		'Spec signed off by the client, with success metrics; feasibility confirmed by the engineer (week 4)',
	],
	scale: [
		'Scope and success metrics for the new initiative, agreed with product and the existing ML teams (week 3)',
		'Spec signed off by the client; feasibility confirmed by the engineer against the existing platform (week 4)',
	],
};

/**
 * Extras that a lead's own words switch on, for briefs with a consultant
 * (consultant and hybrid tracks). Patterns are case-insensitive.
 */
export const FOCUS_EXTRAS: ReadonlyArray<{
	readonly focus: string;
	readonly patterns: readonly string[];
	readonly deliverable: string;
}> = [
	{
		focus: 'compliance',
		patterns: ['\\bai act\\b', '\\bcomplian', '\\bregulat', '\\bmodel risk\\b', '\\baudit\\b', '\\bgovernance\\b', '\\bss1/23\\b', '\\bfairness\\b', '\\brules? around\\b'],
		deliverable: 'Compliance and governance review: systems classified by risk, gaps in documentation and human oversight, a prioritised remediation plan (week 8)',
	},
	{
		focus: 'stalled_poc',
		patterns: ['\\bstuck\\b', '\\bstalled\\b', '\\bpurgatory\\b', '\\bpoc mode\\b', '\\balmost ready\\b', '\\bhalf[- ]finished\\b', '\\bon eis\\b', '\\bnever made it\\b'],
		deliverable: 'Root-cause review of the stalled work: what blocked it (scope, data, infrastructure, ownership) and what to change (week 2)',
	},
	{
		focus: 'hiring_plan',
		patterns: ['\\bhiring plan\\b', '\\bwhat kind of team\\b', '\\bhire (?:or|vs\\.?|versus) partner\\b', '\\bteam to build\\b', '\\bbuild (?:a|the|our) (?:ai |data |ml )?team\\b'],
		deliverable: 'Team and hiring plan: roles, order of hiring, hire versus partner, and cost over two years (week 10)',
	},
	{
		focus: 'build_vs_buy',
		patterns: ['\\bbuild (?:vs\\.?|versus|or) buy\\b', '\\bvendor (?:evaluation|selection|choice)\\b', '\\bwhich (?:tools?|vendors?|platforms?)\\b', '\\bevaluat\\w* (?:the )?(?:vendors|tools|platforms|solutions)\\b', '\\bdemos from\\b', '\\bwhat (?:tools|platform)\\b'],
		deliverable: 'Build-versus-buy and vendor evaluation against the agreed criteria, with a shortlist and a recommendation (week 7)',
	},
];

export interface GateTexts {
	readonly poc: string;
	readonly mvp: string;
	readonly production: string;
}

/**
 * Consultant-track gates are about the recommendation the engagement
 * produces: it is proven on data, turned into a spec, and adopted.
 */
export const CONSULTANT_GATES: Readonly<Record<Stage, GateTexts>> = {
	early: {
		poc: 'The top-ranked use case is tested on a sample of the client\'s own data and the sponsor signs a go/no-go decision',
		mvp: 'A spec with success metrics, data requirements and a budget range is approved, and the build route (hire, partner or agency) is chosen',
		production: 'Leadership adopts the roadmap with named owners, and the first build has started against the spec',
	},
	growth: {
		poc: 'The build spec and acceptance criteria are signed off by the business owner and the engineering lead',
		mvp: 'The first build passes its acceptance criteria in a review the consultant runs with the client',
		production: 'The model goes live under the agreed operating model: owners, change sign-off and monitoring in place',
	},
	scale: {
		poc: 'The inventory and risk assessment are reviewed and accepted by the accountable executive',
		mvp: 'The prioritised plan and the first initiative\'s spec are approved, with budget and owners',
		production: 'The first initiative is staffed and its build or remediation has started against the spec, with a review date set',
	},
};

/** Engineering gates by role: what "leave POC / MVP / production" means for that kind of build. */
export const ENGINEER_GATES: Readonly<Record<EngineerRole, GateTexts>> = {
	ml_engineer: {
		poc: 'A baseline model beats the agreed benchmark (the current process or a naive model) on a held-out slice of the client\'s data',
		mvp: 'The model runs end to end (scheduled or behind an API) in staging, reproducibly trained, meeting the agreed accuracy target',
		production: 'The model serves real decisions with monitoring, alerting and a retraining path, and the client\'s team has run it unaided for two weeks',
	},
	llm_engineer: {
		poc: 'On an evaluation set of at least 50 real cases agreed with the client, the prototype meets the agreed quality bar',
		mvp: 'Integrated for a pilot group with automated evals, guardrails, and cost and latency within budget',
		production: 'Live for all intended users with evals in CI, quality, cost and latency monitoring, and a fallback when the model fails',
	},
	mlops_engineer: {
		poc: 'One model runs through the target deployment and serving path (containerised, via CI/CD) outside production',
		mvp: 'The first models run on the new path in production-like conditions, with monitoring, rollback, and the latency and cost targets met',
		production: 'All in-scope models run on the new path with drift and performance alerting, runbooks, and on-call handed to the client\'s team',
	},
	research_scientist: {
		poc: 'The strongest published baseline is reproduced on the client\'s data and a first new method shows a signal over it',
		mvp: 'The method beats the baseline by the agreed margin on the agreed benchmark, with ablations, in a reproducible prototype',
		production: 'Results are written up, code and data handed over, and the client\'s ML team has a go/no-go recommendation on productionising',
	},
};

/** Hybrid work adds the spec to the first gate: no build starts before the handoff. */
export const HYBRID_POC_PREFIX = 'The spec is signed off and the engineer has confirmed feasibility; then: ';

export interface HandoffTemplate {
	/** `primary` stands for the brief's primary (engineering) role. */
	readonly specBy: 'ai_consultant' | 'primary';
	readonly feasibilityBy: 'primary' | null;
	readonly summary: string;
}

/** Who writes the spec and who confirms it can be built (rubric section 3). */
export const HANDOFF: Readonly<Record<Track, HandoffTemplate>> = {
	consultant: {
		specBy: 'ai_consultant',
		feasibilityBy: null,
		summary:
			'The consultant writes the spec; no build is in scope, so feasibility is confirmed by whichever engineer the roadmap staffs before any build starts.',
	},
	engineer: {
		specBy: 'primary',
		feasibilityBy: 'primary',
		summary:
			'The problem is already defined: the engineer turns the client\'s requirements into a one-page spec in week 1 and confirms feasibility on the client\'s data before the POC starts.',
	},
	hybrid: {
		specBy: 'ai_consultant',
		feasibilityBy: 'primary',
		summary:
			'The consultant writes the spec with the client; the engineer confirms feasibility before it is signed off, and no build starts before that handoff.',
	},
};

/** Sync cadence by track and stage: tighter where a build is running, wider steering where systems are live. */
export const SYNC_CADENCE: Readonly<Record<Track, Readonly<Record<Stage, string>>>> = {
	consultant: {
		early: 'Weekly 45-minute session with the client sponsor; steering reviews at weeks 4, 8 and 12',
		growth: 'Weekly session with the product owner and engineering lead; review at each phase gate',
		scale: 'Weekly session with the accountable executive\'s team; fortnightly steering with risk and platform owners',
	},
	engineer: {
		early: 'Twice-weekly check-in with the client\'s lead; demo at each phase gate',
		growth: 'Twice-weekly stand-up with the client\'s tech lead; demo at each phase gate',
		scale: 'Joins the client\'s team rituals (stand-up, planning); demo at each phase gate with the platform owner',
	},
	hybrid: {
		early: 'Weekly consultant-engineer sync; weekly client session until the spec is signed off, then a demo at each phase gate',
		growth: 'Weekly consultant-engineer sync; client review at each phase gate',
		scale: 'Weekly consultant-engineer sync; fortnightly steering with the client\'s product and platform owners',
	},
};

/**
 * A second engineering role joins the brief when the classifier's role votes
 * for it reach this share of the primary role's votes (e.g. an LLM build that
 * also asks for deployment and monitoring).
 */
export const SECONDARY_ROLE_SHARE = 0.5;
