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
