import { z } from 'zod';

import { InputError } from '../errors';
import { analyseLead, normaliseLead, type LeadAnalysis } from '../lead/classify';
import { defaultRuleset, type Ruleset } from '../lead/ruleset';
import { Disposition, Role, Stage, Track, type Lead } from '../lead/schema';
import { leadFeatureInput } from './predict';
import type { TrainExample } from './train';

/**
 * A labelled lead, as `talent-pipeline train` and `eval` read it: the lead's
 * fields plus a `labels` object with the rubric's label names. Non-leads carry
 * only `disposition` (stage, track and role may be absent or null); a lead
 * needs all four, and track `consultant` means primaryRole `ai_consultant`.
 */
export const Labels = z
	.object({
		disposition: Disposition,
		stage: Stage.nullable().optional(),
		track: Track.nullable().optional(),
		primaryRole: Role.nullable().optional(),
	})
	.superRefine((l, ctx) => {
		if (l.disposition !== 'lead') return;
		for (const key of ['stage', 'track', 'primaryRole'] as const) {
			if (!l[key]) ctx.addIssue({ code: 'custom', path: [key], message: `a lead needs ${key}` });
		}
		if (l.track === 'consultant' && l.primaryRole && l.primaryRole !== 'ai_consultant') {
			ctx.addIssue({ code: 'custom', path: ['primaryRole'], message: 'track consultant is staffed by an ai_consultant' });
		}
		if (l.track && l.track !== 'consultant' && l.primaryRole === 'ai_consultant') {
			ctx.addIssue({ code: 'custom', path: ['primaryRole'], message: `track ${l.track} needs an engineering role, not ai_consultant` });
		}
	});
export type Labels = z.infer<typeof Labels>;

export interface LabelledLead {
	id: string;
	lead: Lead;
	labels: Labels;
	analysis: LeadAnalysis;
	example: TrainExample;
}

/**
 * Reads one labelled record: validates `labels`, normalises the lead, and
 * computes the features the trainer and the evaluator use.
 * @throws InputError naming the field (`labels.track`, `message`, ...).
 */
export function labelledLead(record: unknown, index: number, ruleset: Ruleset = defaultRuleset): LabelledLead {
	if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new InputError('(root)', 'A labelled lead must be a JSON object');
	const { labels: rawLabels, ...fields } = record as Record<string, unknown>;
	if (rawLabels === undefined) throw new InputError('labels', "A labelled lead needs a 'labels' object (disposition, stage, track, primaryRole)");
	const parsed = Labels.safeParse(rawLabels);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = `labels${issue.path.length ? '.' + issue.path.join('.') : ''}`;
		throw new InputError(field, `${field}: ${issue.message}`);
	}
	const lead = normaliseLead(fields);
	const analysis = analyseLead(lead, ruleset);
	const labels = parsed.data;
	return {
		id: lead.id ?? `#${index + 1}`,
		lead,
		labels,
		analysis,
		example: { input: leadFeatureInput(lead, analysis), labels },
	};
}
