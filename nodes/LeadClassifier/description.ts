import type { INodeProperties } from 'n8n-workflow';

import { leadFieldMapping } from '../shared/properties';
import { toolInputProperties } from '../shared/tool';

/** Shows an option only in the modes that call the LLM ('/mode': the top-level parameter, seen from inside a collection). */
const showOnlyForLlmModes = { show: { '/mode': ['hybrid', 'llm'] } };
/** Shows an option only in the modes that use the learned model. */
const showOnlyForModelModes = { show: { '/mode': ['model', 'hybrid', 'llm'] } };

export const leadClassifierProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Model',
				value: 'model',
				description: 'Offline and deterministic: the learned classifier (bundled or your own), with the ruleset as its signals',
			},
			{
				name: 'Hybrid',
				value: 'hybrid',
				description: 'The model first; ask the LLM only for the leads it is unsure of',
			},
			{
				name: 'LLM',
				value: 'llm',
				description: "Ask the LLM for every lead; the model's verdict is the fallback",
			},
			{
				name: 'Rules',
				value: 'rules',
				description: 'Offline and deterministic: the versioned ruleset alone, no model',
			},
		],
		default: 'model',
	},
	{
		displayName: 'LLM Share (%)',
		name: 'llmShare',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 50, numberPrecision: 1 },
		default: 12,
		description:
			"In Hybrid mode, about this share of leads is sent to the LLM: those the model is least sure of (measured on the model's held-out training folds), plus any where a decisive rule disagrees with the model on the disposition",
		displayOptions: { show: { mode: ['hybrid'] } },
	},
	{
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0,
		description:
			'In Hybrid mode, an explicit threshold instead of LLM Share: leads whose calibrated confidence is below it go to the LLM. 0 uses LLM Share.',
		displayOptions: { show: { mode: ['hybrid'] } },
	},
	{
		...leadFieldMapping(
			"Where your form puts each lead field, when its name differs from the default. Dotted paths such as 'body.message' work.",
		),
		// As an agent tool the lead comes from the tool call (Tool Input below), not from the agent's item.
		displayOptions: { hide: { '@tool': [true] } },
	},
	...toolInputProperties([
		{ field: 'message', description: "The lead's message, word for word as the company wrote it", required: true },
		{ field: 'company', description: "The company's name, if known" },
		{ field: 'companySize', description: 'How many people work at the company, if known (a number or a range such as 50-200)' },
		{ field: 'name', description: "The sender's name, if known" },
		{ field: 'email', description: "The sender's email address, if known" },
		{ field: 'website', description: "The company's website, if known" },
		{ field: 'budget', description: 'The budget the lead names, if any' },
		{ field: 'timeline', description: 'The timeline the lead names, if any' },
		{ field: 'country', description: "The company's country, if known" },
	]),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Lead Field',
				name: 'leadField',
				type: 'string',
				default: 'lead',
				description:
					'The field of each item that receives the lead as read: the mapped fields with the message cleaned (HTML, quoted replies and signatures removed). The Brief Router and Outreach read it, so no second field mapping is needed. Empty = do not add it.',
			},
			{
				displayName: 'LLM Timeout (Ms)',
				name: 'llmTimeout',
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 15000,
				description: 'How long to wait for the LLM before falling back to the rules verdict',
				displayOptions: showOnlyForLlmModes,
			},
			{
				displayName: 'Model (JSON)',
				name: 'model',
				type: 'json',
				default: '',
				displayOptions: showOnlyForModelModes,
				description:
					"A model file written by 'talent-pipeline train', pasted or from an expression. Empty: the bundled model. Validated before any lead is classified.",
			},
			{
				displayName: 'Model File',
				name: 'modelFile',
				type: 'string',
				default: '',
				displayOptions: showOnlyForModelModes,
				placeholder: '/data/models/leads.json',
				description: "Path on the n8n host to a model file written by 'talent-pipeline train' (self-hosted n8n). Takes precedence over Model (JSON).",
			},
			{
				displayName: 'Output Field',
				name: 'outputField',
				type: 'string',
				default: 'classification',
				description: 'The field of each item that receives the classification',
			},
			{
				displayName: 'Ruleset Override (JSON)',
				name: 'ruleset',
				type: 'json',
				default: '',
				description:
					'A whole ruleset (every top-level key) replaces the bundled one; any other object is merged into it, a signal replacing the built-in signal of the same name. Validated before any lead is classified.',
			},
		],
	},
];
