import type { INodeProperties } from 'n8n-workflow';

import { leadFieldMapping } from '../shared/properties';

/** Shows an option only in the modes that call the LLM ('/mode': the top-level parameter, seen from inside a collection). */
const showOnlyForLlmModes = { show: { '/mode': ['hybrid', 'llm'] } };

export const leadClassifierProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Rules',
				value: 'rules',
				description: 'Offline and deterministic: the versioned ruleset only',
			},
			{
				name: 'Hybrid',
				value: 'hybrid',
				description: 'Rules first; ask the LLM only when the rules are unsure',
			},
			{
				name: 'LLM',
				value: 'llm',
				description: 'Ask the LLM for every lead; the rules verdict is the fallback',
			},
		],
		default: 'rules',
	},
	{
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.6,
		description: 'In Hybrid mode, leads whose rules confidence is below this value are sent to the LLM',
		displayOptions: { show: { mode: ['hybrid'] } },
	},
	leadFieldMapping(
		"Where your form puts each lead field, when its name differs from the default. Dotted paths such as 'body.message' work.",
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
