import { analyseLead, priorityFor, type LeadAnalysis } from '../lead/classify';
import { defaultRuleset, type Ruleset } from '../lead/ruleset';
import { SignalLabel } from '../lead/ruleset';
import type { Classification, Disposition, Lead, Reason, Role, Stage, Track } from '../lead/schema';
import { bundledModel } from './bundled';
import type { LeadModel } from './model';
import { boostsFrom, leadFeatureInput, predictLead, signalKey } from './predict';

export interface ModelClassifyOptions {
	/** The learned model (default: the bundled one). */
	model?: LeadModel;
	/** The ruleset whose signals are features; a user's extra signals nudge or force labels. */
	ruleset?: Ruleset;
	now?: Date;
	/** Reasons per label from the model's features (default 4). */
	explain?: number;
	/** The rules' pass of this lead with this ruleset, when the caller already has it (it is not run again). */
	analysis?: LeadAnalysis;
}

/** A verdict with the rules' pass kept, for Hybrid decisions and priority for another disposition. */
export interface ModelResult {
	classification: Classification;
	analysis: LeadAnalysis;
	/** True when a decisive rule and the model disagree on the disposition (Hybrid asks the LLM then). */
	disagreement: boolean;
}

/** Rules confidence from which a rules disposition counts as decisive (a hard rule). */
export const HARD_RULE_CONFIDENCE = 0.8;

const knownVotes = new WeakMap<Ruleset, Set<string>>();
/** Every vote the bundled ruleset casts: the model learned these; anything else in a user's ruleset is the user's own. */
function bundledVotes(): Set<string> {
	let set = knownVotes.get(defaultRuleset);
	if (!set) {
		set = new Set();
		for (const label of SignalLabel.options) {
			for (const s of defaultRuleset.signals[label]) {
				set.add(signalKey(s.name, s.weight, s.value));
				for (const a of s.also ?? []) set.add(signalKey(s.name, a.weight, a.value));
			}
		}
		knownVotes.set(defaultRuleset, set);
	}
	return set;
}

/**
 * Classifies one lead with the learned model (rubric section 2). One pass of
 * the ruleset gives the model its language-independent signals and the
 * priority; the model decides the labels; signals of a user's ruleset that
 * the model never learned add to the labels they vote for, and signals marked
 * `force` decide their label outright. Non-leads carry no stage, track or
 * role; track consultant is staffed by an ai_consultant.
 */
export function classifyWithModel(lead: Lead, options: ModelClassifyOptions = {}): ModelResult {
	const model = options.model ?? bundledModel();
	const ruleset = options.ruleset ?? defaultRuleset;
	const analysis = options.analysis ?? analyseLead(lead, ruleset, options.now);
	const boosts = ruleset === defaultRuleset ? {} : boostsFrom(analysis.hits, bundledVotes());
	const verdict = predictLead(model, leadFeatureInput(lead, analysis), boosts, options.explain ?? 4);
	const reasons: Reason[] = [];
	let { disposition, stage, track, primaryRole } = verdict.labels;
	const forced = analysis.forced;
	const force = (label: keyof typeof forced): void => {
		const f = forced[label]!;
		reasons.push({ label, signal: f.signal, value: f.value, evidence: f.evidence, weight: 0 });
	};
	if (forced.disposition) {
		disposition = forced.disposition.value;
		force('disposition');
	}
	if (disposition === 'lead') {
		if (forced.stage) {
			stage = forced.stage.value;
			force('stage');
		}
		if (forced.track) {
			track = forced.track.value;
			force('track');
		}
		if (forced.primaryRole && forced.primaryRole.value !== 'ai_consultant') {
			primaryRole = forced.primaryRole.value;
			force('primaryRole');
		}
		// A lead the model left unlabelled (a forced disposition) takes the rules' labels.
		stage ??= analysis.classification.stage;
		track ??= analysis.classification.track;
		primaryRole ??= analysis.classification.primaryRole;
		if (track === 'consultant') primaryRole = 'ai_consultant';
		else if (primaryRole === 'ai_consultant') primaryRole = verdict.labels.primaryRole !== 'ai_consultant' && verdict.labels.primaryRole ? verdict.labels.primaryRole : 'ml_engineer';
	} else {
		stage = track = primaryRole = null;
	}
	const sameAsModel = disposition === verdict.labels.disposition && stage === verdict.labels.stage && track === verdict.labels.track && primaryRole === verdict.labels.primaryRole;
	const confidence = sameAsModel ? verdict.confidence : Math.min(verdict.confidence, 0.9);
	const finalDisposition = disposition as Disposition;
	const { priority, reasons: priorityReasons } = priorityFor(lead, analysis, finalDisposition, confidence, ruleset);
	const modelReasons = verdict.reasons.filter((r) => (r.label === 'disposition' || finalDisposition === 'lead') && !forced[r.label as keyof typeof forced]);
	const rules = analysis.classification;
	return {
		classification: {
			disposition: finalDisposition,
			stage: stage as Stage | null,
			track: track as Track | null,
			primaryRole: primaryRole as Role | null,
			confidence,
			priority,
			reasons: [...reasons, ...modelReasons, ...priorityReasons],
			rulesetVersion: ruleset.version,
			modelVersion: model.version,
			method: 'model',
		},
		analysis,
		disagreement: rules.disposition !== finalDisposition && rules.confidence >= HARD_RULE_CONFIDENCE && !forced.disposition,
	};
}
