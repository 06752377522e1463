/**
 * Routing one lead end to end, shared by the Brief Router node and the CLI:
 * classification (given or computed) → route → brief → owner and deadline.
 */
import { createHash } from 'node:crypto';

import { buildBrief } from '../brief/build';
import type { Brief } from '../brief/schema';
import { PROBLEM_MAX_CHARS, plainLines, plainText } from '../brief/text';
import { formatIssuePath } from '../errors';
import { Classification, type Lead, type Track } from '../lead/schema';
import type { StateStore } from '../state/store';
import type { Strategy } from './assign';
import { assignOwner, type AssignmentRecord, type FairnessWindow } from './assignment';
import { decideRoute, type RouteOutput } from './route';
import { isOutOfOffice, type Roster } from './roster';
import { DEFAULT_BUSINESS_HOURS, DEFAULT_SLA_HOURS, slaDueAt, type BusinessHours } from './sla';

export interface AssignConfig {
	roster: Roster;
	strategy: Strategy;
	/** Counter namespace (see AssignRequest.pool). */
	pool?: string;
	businessHours?: BusinessHours;
	/** First-response SLA per pipeline in business hours (defaults: DEFAULT_SLA_HOURS). */
	slaHours?: Partial<Record<Track, number>>;
	/** Keep a lead's owner when the same lead is routed again (default true). */
	sticky?: boolean;
	/** Period over which round-robin counts accumulate (default `all`). */
	fairnessWindow?: FairnessWindow;
}

export interface RouterConfig {
	/** 0..1 (default 0.5). */
	confidenceThreshold?: number;
	/**
	 * Owner assignment; undefined = route and brief only. A function is called
	 * only when a lead reaches assignment, so a broken roster fails the leads
	 * that need an owner, not the rejected or reviewed ones.
	 */
	assign?: AssignConfig | (() => AssignConfig);
}

export interface RouterDeps {
	now: Date;
	/** Required when `assign` is configured. */
	store?: StateStore;
	/** Reads the lead's fields from an item (field mapping, type checks). May throw InputError. */
	toLead: (record: Record<string, unknown>) => LeadSource;
	/** Classifies a lead that arrives without a classification; `cleanedMessage` is the message that pass cleaned. */
	classify: (lead: Lead) => Classified | Promise<Classified>;
	/** Optional: drafts `brief.problem` (e.g. with an LLM) from the plain message text; on failure the deterministic text stays. */
	draftProblem?: (lead: Lead, brief: Brief, plain: string) => Promise<string>;
}

/** A lead read from a record, and whether its message is already cleaned (the Lead Classifier's `lead`). */
export interface LeadSource {
	lead: Lead;
	cleaned: boolean;
}

export interface Classified {
	classification: Classification;
	cleanedMessage: string;
}

export interface RoutedOwner {
	name: string;
	email: string;
	timeZone: string;
}

export interface RoutedLead {
	output: RouteOutput;
	routing: {
		output: RouteOutput;
		reasons: string[];
		/** For Rejected: the one reason, for filters downstream. */
		reason?: string;
	};
	/** Set only when the router classified the lead itself. */
	classification?: Classification;
	brief?: Brief;
	owner?: RoutedOwner;
	/** ISO 8601 (UTC): the first-response deadline. */
	slaDueAt?: string;
	assignment?: AssignmentRecord;
}

function review(reasons: string[], extra: Partial<RoutedLead> = {}): RoutedLead {
	return { ...extra, output: 'review', routing: { output: 'review', reasons } };
}

/** A stable key for "the same lead": its id (the record's, else the mapped lead's), else its email and message. */
export function leadKeyOf(record: Record<string, unknown>, lead: Lead): string | undefined {
	const id = record.id ?? lead.id;
	if ((typeof id === 'string' && id.trim() !== '') || (typeof id === 'number' && Number.isFinite(id))) return `id:${String(id)}`;
	if (lead.email && lead.message) {
		return `em:${createHash('sha256').update(`${lead.email.toLowerCase()}\n${lead.message}`).digest('hex')}`;
	}
	return undefined;
}

function hasText(value: string | undefined): boolean {
	return typeof value === 'string' && value.trim() !== '';
}

/**
 * Routes one record (an item's JSON or a CLI line). Never drops it: every
 * outcome names its output, and every Review outcome says why. Throws only
 * for bad configuration or bad input the caller must fix (InputError naming
 * the field, e.g. `message` not being text): the node turns that into an error
 * item on Review.
 */
export async function routeRecord(
	record: Record<string, unknown>,
	config: RouterConfig,
	deps: RouterDeps,
): Promise<RoutedLead> {
	const { lead, cleaned } = deps.toLead(record);
	let classification: Classification;
	let computed: Classification | undefined;
	// The message is cleaned at most once per lead: by the Lead Classifier, by the classification here, or for the brief.
	let cleanedMessage: string | undefined = cleaned ? (lead.message ?? '') : undefined;
	if (record.classification !== undefined && record.classification !== null) {
		const parsed = Classification.safeParse(record.classification);
		if (!parsed.success) {
			return review(
				parsed.error.issues.slice(0, 5).map((issue) => {
					const path = formatIssuePath(issue.path);
					return `classification${path === '(root)' ? '' : path.startsWith('[') ? path : `.${path}`}: ${issue.message}`;
				}),
			);
		}
		classification = parsed.data;
	} else {
		if (!hasText(lead.message)) return review(['no classification and no message: nothing to classify or route']);
		const classified = await deps.classify(lead);
		classification = classified.classification;
		cleanedMessage = classified.cleanedMessage;
		computed = classification;
	}

	const decision = decideRoute(classification, { confidenceThreshold: config.confidenceThreshold });
	const base: Partial<RoutedLead> = computed ? { classification: computed } : {};
	if (decision.output === 'rejected') {
		return { ...base, output: 'rejected', routing: { output: 'rejected', reasons: decision.reasons, reason: decision.reasons[0] } };
	}

	// Review items get a brief too when one can be built: it is what the reviewer reads.
	let brief: Brief | undefined;
	if (classification.disposition === 'lead' && classification.stage && classification.track) {
		const plain = cleanedMessage === undefined ? plainText(lead.message ?? '') : plainLines(cleanedMessage);
		brief = buildBrief(lead, classification, plain);
		if (deps.draftProblem) brief = await draftedProblem(lead, brief, plain, deps.draftProblem);
	}
	if (decision.output === 'review' || !brief) {
		return review(decision.reasons, { ...base, ...(brief ? { brief } : {}) });
	}

	const pipeline = decision.output as Track;
	const result: RoutedLead = { ...base, output: pipeline, routing: { output: pipeline, reasons: decision.reasons }, brief };
	if (!config.assign) return result;
	const assign = typeof config.assign === 'function' ? config.assign() : config.assign;
	if (!deps.store) throw new Error('routeRecord: owner assignment needs a state store');

	// Check the deadline settings before anyone is charged for the lead: a bad
	// SLA setting must not count against an owner who is then never told.
	const hours = assign.slaHours?.[pipeline] ?? DEFAULT_SLA_HOURS[pipeline];
	slaDueAt(deps.now, hours, 'UTC', assign.businessHours ?? DEFAULT_BUSINESS_HOURS);

	const outcome = await assignOwner(deps.store, {
		owners: assign.roster,
		strategy: assign.strategy,
		pipeline,
		role: brief.roles[0],
		stack: brief.stack,
		now: deps.now,
		pool: assign.pool,
		leadKey: assign.sticky === false ? undefined : leadKeyOf(record, lead),
		fairnessWindow: assign.fairnessWindow,
	});
	if (!outcome.ok) {
		return review([...decision.reasons, `no owner available: ${outcome.reason}`], { ...base, brief });
	}
	const { owner } = outcome;
	const due = slaDueAt(deps.now, hours, owner.timeZone, assign.businessHours ?? DEFAULT_BUSINESS_HOURS, (date) =>
		isOutOfOffice(owner, date),
	);
	return {
		...result,
		owner: { name: owner.name, email: owner.email, timeZone: owner.timeZone },
		slaDueAt: due.toISOString(),
		assignment: outcome.assignment,
	};
}

/** Replaces the problem with a drafted one when the draft is usable; records which text was used. */
async function draftedProblem(
	lead: Lead,
	brief: Brief,
	plain: string,
	draft: (lead: Lead, brief: Brief, plain: string) => Promise<string>,
): Promise<Brief> {
	try {
		const text = (await draft(lead, brief, plain)).replace(/\s+/g, ' ').trim();
		if (text === '') throw new Error('empty draft');
		const problem = text.length <= PROBLEM_MAX_CHARS ? text : `${text.slice(0, PROBLEM_MAX_CHARS - 1)}…`;
		return { ...brief, problem, reasons: [...brief.reasons, { label: 'brief', signal: 'problem.llm', value: 'drafted' }] };
	} catch (error) {
		return {
			...brief,
			reasons: [
				...brief.reasons,
				{
					label: 'brief',
					signal: 'problem.llm_fallback',
					value: 'deterministic',
					evidence: (error instanceof Error ? error.message : String(error)).slice(0, 200),
				},
			],
		};
	}
}
