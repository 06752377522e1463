import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { cleanedLead, LEAD_FIELD, normaliseLead } from '../../core/lead/classify';
import { defaultRuleset, rulesetFromJson, type Ruleset } from '../../core/lead/ruleset';
import { classifyLeadWithText, DEFAULT_LLM_SHARE, type ClassifierMode, type LlmSettings } from '../../core/llm/classify';
import { llmFromCredential } from '../shared/llm';
import { customModel } from '../shared/model';
import { runItems } from '../shared/runner';
import { runsAsTool } from '../shared/tool';

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
	const model = mode === 'rules' ? undefined : customModel(ctx, options.model, options.modelFile);
	const outputField = String(options.outputField || 'classification');
	// As an AI-agent tool the answer is the classification alone: the agent already has the lead it passed.
	const leadField = runsAsTool(ctx) ? '' : String(options.leadField ?? LEAD_FIELD).trim();
	const timeoutMs = Number(options.llmTimeout ?? 15000);

	let llm: LlmSettings | undefined;
	if (mode === 'hybrid' || mode === 'llm') {
		llm = { complete: await llmFromCredential(ctx, timeoutMs) };
	}

	return runItems(ctx, async (item, itemIndex) => {
		const mapping = ctx.getNodeParameter('fieldMapping', itemIndex, {}) as Record<string, string>;
		const hybrid = mode === 'hybrid';
		const threshold = hybrid ? Number(ctx.getNodeParameter('confidenceThreshold', itemIndex, 0)) : 0;
		const share = hybrid ? Number(ctx.getNodeParameter('llmShare', itemIndex, DEFAULT_LLM_SHARE * 100)) : 0;
		const lead = normaliseLead(item.json, mapping);
		const { classification, cleanedMessage } = await classifyLeadWithText(lead, {
			mode,
			model,
			ruleset,
			llm,
			threshold: threshold > 0 ? threshold : undefined,
			llmShare: share / 100,
		});
		const json: IDataObject = { ...item.json };
		if (leadField !== '') json[leadField] = cleanedLead(lead, cleanedMessage) as IDataObject;
		json[outputField] = classification as unknown as IDataObject;
		return { json };
	});
}
