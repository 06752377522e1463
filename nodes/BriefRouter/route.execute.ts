import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parseProblemDraft, problemPrompt, PROBLEM_SCHEMA } from '../../core/brief/draft';
import { InputError } from '../../core/errors';
import { LEAD_FIELD, leadFromRecord } from '../../core/lead/classify';
import { classifyWithModel } from '../../core/model/classify';
import type { Lead, Track } from '../../core/lead/schema';
import { Strategy } from '../../core/routing/assign';
import type { FairnessWindow } from '../../core/routing/assignment';
import { outputIndex } from '../../core/routing/route';
import { parseRoster, type Roster } from '../../core/routing/roster';
import { routeRecord, type AssignConfig, type RouterDeps } from '../../core/routing/router';
import { parseBusinessHours } from '../../core/routing/sla';
import type { StateStore } from '../../core/state/store';
import { llmFromCredential } from '../shared/llm';
import { runItems, toConfigError } from '../shared/runner';
import { stateStoreFor, type StateBackend } from '../shared/state';
import { readPath } from '../../core/path';
import { REVIEW_OUTPUT } from './description';

/**
 * Parsed rosters by their JSON text: a roster parameter is the same for every
 * item of an execution (or a few expressions' worth), so it is validated once.
 */
function rosterCache(): (input: unknown, field: string) => Roster {
	const cache = new Map<string, Roster>();
	return (input, field) => {
		const key = `${field}\u0000${typeof input === 'string' ? input : JSON.stringify(input ?? null)}`;
		let roster = cache.get(key);
		if (!roster) {
			roster = parseRoster(input, field);
			if (cache.size < 100) cache.set(key, roster);
		}
		return roster;
	};
}

/** The Brief Router's execute: each item leaves by exactly one of the five outputs, through the shared runner. */
export async function routeItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const assignOwners = ctx.getNodeParameter('assignOwners', 0, true) as boolean;
	const draftProblem = ctx.getNodeParameter('draftProblem', 0, false) as boolean;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const classificationField = String(options.classificationField || 'classification');
	const leadField = String(options.leadField ?? LEAD_FIELD).trim();
	const rosterOf = rosterCache();

	let store: StateStore | undefined;
	if (assignOwners) {
		const backend = ctx.getNodeParameter('stateBackend', 0, 'n8n') as StateBackend;
		store = await stateStoreFor(ctx, backend, 0).catch((error: unknown) => {
			throw toConfigError(ctx, error);
		});
	}

	let draft: RouterDeps['draftProblem'];
	if (draftProblem) {
		const complete = await llmFromCredential(ctx, Number(options.llmTimeout ?? 15000));
		draft = async (lead, brief, plain) =>
			parseProblemDraft(
				await complete(problemPrompt(lead, brief, plain), {
					name: PROBLEM_SCHEMA.name,
					schema: PROBLEM_SCHEMA.schema as unknown as Record<string, unknown>,
				}),
			);
	}

	return runItems(
		ctx,
		async (item, itemIndex) => {
			const mapping = ctx.getNodeParameter('fieldMapping', itemIndex, {}) as Partial<Record<keyof Lead, string>>;
			const threshold = ctx.getNodeParameter('confidenceThreshold', itemIndex, 0.5) as number;

			// Read only when a lead needs an owner: a broken roster must not fail rejected or reviewed items.
			const assign = (): AssignConfig => {
				const source = ctx.getNodeParameter('rosterSource', itemIndex, 'parameter') as string;
				let roster: Roster;
				if (source === 'field') {
					const field = String(ctx.getNodeParameter('rosterField', itemIndex, 'roster') || 'roster');
					roster = rosterOf(readPath(item.json, field), field);
				} else {
					roster = rosterOf(ctx.getNodeParameter('roster', itemIndex, '[]'), 'roster');
				}
				const strategy = Strategy.safeParse(ctx.getNodeParameter('strategy', itemIndex, 'weightedRoundRobin'));
				if (!strategy.success) throw new InputError('strategy', 'must be weightedRoundRobin, leastLoaded or bestSkillMatch');
				const itemOptions = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
				const slaHours: Partial<Record<Track, number>> = {};
				if (itemOptions.slaConsultant !== undefined) slaHours.consultant = Number(itemOptions.slaConsultant);
				if (itemOptions.slaEngineer !== undefined) slaHours.engineer = Number(itemOptions.slaEngineer);
				if (itemOptions.slaHybrid !== undefined) slaHours.hybrid = Number(itemOptions.slaHybrid);
				return {
					roster,
					strategy: strategy.data,
					pool: String(itemOptions.pool || 'default'),
					businessHours: parseBusinessHours({
						days: (itemOptions.businessDays as number[] | undefined) ?? [1, 2, 3, 4, 5],
						start: String(itemOptions.businessStart ?? '09:00'),
						end: String(itemOptions.businessEnd ?? '17:00'),
					}),
					slaHours,
					sticky: itemOptions.sticky !== false,
					fairnessWindow: (itemOptions.fairnessWindow as FairnessWindow | undefined) ?? 'all',
				};
			};

			const record: Record<string, unknown> = { ...item.json, classification: readPath(item.json, classificationField) };
			const routed = await routeRecord(
				record,
				{ confidenceThreshold: threshold, assign: assignOwners ? assign : undefined },
				{
					now: new Date(),
					store,
					toLead: (r) => leadFromRecord(r, mapping, leadField),
					classify: (lead) => {
						const { classification, analysis } = classifyWithModel(lead);
						return { classification, cleanedMessage: analysis.message };
					},
					draftProblem: draft,
				},
			);

			const json: IDataObject = { ...item.json };
			if (routed.classification) json[classificationField] = routed.classification as unknown as IDataObject;
			for (const key of ['brief', 'owner', 'slaDueAt', 'assignment'] as const) {
				if (routed[key] !== undefined) json[key] = routed[key] as unknown as IDataObject;
				else delete json[key];
			}
			json.routing = routed.routing as unknown as IDataObject;
			return { json, output: outputIndex(routed.output) };
		},
		{
			outputs: 5,
			errorOutput: REVIEW_OUTPUT,
			// Under "Continue (using regular output)" an error item is a Review item like any other: it says why.
			errorFields: (error) => ({ routing: { output: 'review', reasons: [String(error.message)] } }),
		},
	);
}
