import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { leadClassifierProperties } from './description';
import { classifyItems } from './classify.execute';

export class LeadClassifier implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Lead Classifier',
		name: 'leadClassifier',
		icon: { light: 'file:leadClassifier.svg', dark: 'file:leadClassifier.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ "mode: " + $parameter["mode"] }}',
		description:
			'Classifies contact-form leads (lead, job seeker, vendor, spam; stage, track, first role) with reasons and a confidence',
		defaults: { name: 'Lead Classifier' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'talentPipelineLlmApi',
				required: true,
				displayOptions: { show: { mode: ['hybrid', 'llm'] } },
			},
		],
		properties: leadClassifierProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return classifyItems(this);
	}
}
