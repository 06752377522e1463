import type { INodeProperties } from 'n8n-workflow';

import { LEAD_FIELDS } from '../../core/lead/classify';

/**
 * The Field Mapping collection both the Lead Classifier and the Brief Router
 * show: each rubric lead field (section 1) pointed at the form's own field name.
 */
export function leadFieldMapping(description: string): INodeProperties {
	return {
		displayName: 'Field Mapping',
		name: 'fieldMapping',
		type: 'collection',
		placeholder: 'Map a Field',
		default: {},
		description,
		options: LEAD_FIELDS.map((field) => ({
			displayName: `${field[0].toUpperCase()}${field.slice(1).replace(/([A-Z])/g, ' $1')} Field`,
			name: field,
			type: 'string' as const,
			default: field,
			description: `The input field that holds the lead's ${field}`,
		})),
	};
}

/**
 * The State Storage parameter the Brief Router and Outreach share: where the
 * state that must hold across executions lives (see nodes/shared/state.ts).
 */
export function stateStorage(what: string, displayOptions: INodeProperties['displayOptions']): INodeProperties {
	return {
		displayName: 'State Storage',
		name: 'stateBackend',
		type: 'options',
		noDataExpression: true,
		displayOptions,
		options: [
			{
				name: 'N8n Database',
				value: 'n8n',
				description: 'One n8n process (regular mode), serialised within the process; state is kept per node',
			},
			{
				name: 'Redis',
				value: 'redis',
				description: 'Queue mode with several workers, or state shared across nodes and workflows',
			},
		],
		default: 'n8n',
		description: what,
	};
}
