import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { classifyLead, normaliseLead } from '../../core/lead/classify';
import { defaultRuleset, rulesetFromJson, type Ruleset } from '../../core/lead/ruleset';
import { classifyWithMode, type ClassifierMode, type LlmSettings } from '../../core/llm/classify';
import { cleanText } from '../../core/text/clean';
import { llmFromCredential } from '../shared/llm';
import { runItems } from '../shared/runner';

/** Reads the optional ruleset override once per execution; a bad one stops the node naming the path. */
function rulesetFrom(ctx: IExecuteFunctions, raw: unknown): Ruleset {
	if (raw === undefined || raw === null || raw === '') return defaultRuleset;
	let json = raw;
	if (typeof raw === 'string') {
		try {
			json = JSON.parse(raw);
		} catch (e) {
			throw new NodeOperationError(ctx.getNode(), `Ruleset Override is not valid JSON: ${(e as Error).message}`);
		}
	}
	try {
		return rulesetFromJson(json);
	} catch (e) {
		const where = e instanceof InputError ? `'${e.field}': ` : '';
		throw new NodeOperationError(ctx.getNode(), `Ruleset Override: ${where}${(e as Error).message}`, {
			description: e instanceof InputError ? e.description : undefined,
		});
	}
}

/** The Lead Classifier's execute: one classification per item, through the shared runner. */
export async function classifyItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = ctx.getNodeParameter('mode', 0) as ClassifierMode;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const ruleset = rulesetFrom(ctx, options.ruleset);
	const outputField = String(options.outputField || 'classification');
	const timeoutMs = Number(options.llmTimeout ?? 15000);

	let llm: LlmSettings | undefined;
	if (mode !== 'rules') {
		llm = { complete: await llmFromCredential(ctx, timeoutMs) };
	}

	return runItems(ctx, async (item, itemIndex) => {
		const mapping = ctx.getNodeParameter('fieldMapping', itemIndex, {}) as Record<string, string>;
		const threshold = mode === 'hybrid' ? (ctx.getNodeParameter('confidenceThreshold', itemIndex, 0.6) as number) : 0;
		const lead = normaliseLead(item.json, mapping);
		const rules = classifyLead(lead, ruleset);
		const classification =
			mode === 'rules'
				? { ...rules, method: 'rules' as const }
				: await classifyWithMode(rules, lead, cleanText(lead.message ?? '').text, {
						mode,
						threshold,
						llm,
						priorityFor: (disposition) => classifyLead(lead, ruleset, undefined, { disposition }).priority,
					});
		return { json: { ...item.json, [outputField]: classification as unknown as IDataObject } };
	});
}
