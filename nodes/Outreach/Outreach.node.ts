import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testRedisCredential } from '../shared/state';
import { testSmtpCredential } from './credential-tests';
import { outreachProperties } from './description';
import { sendOutreach } from './outreach.execute';

export class Outreach implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outreach',
		name: 'outreach',
		icon: { light: 'file:outreach.svg', dark: 'file:outreach.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["channel"] + ": " + $parameter["campaign"] }}',
		description:
			'Sends a personalised message to each candidate or lead at most once per campaign, with suppression, consent, send-window and cap guards',
		defaults: { name: 'Outreach' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Not Sent'],
		credentials: [
			{
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed -- SMTP is not an HTTP API
				name: 'talentPipelineSmtp',
				required: true,
				testedBy: 'talentPipelineSmtpTest',
				displayOptions: { show: { channel: ['smtp'] } },
			},
			{ name: 'talentPipelineSlackApi', required: true, displayOptions: { show: { channel: ['slack'] } } },
			{ name: 'talentPipelineWebhookApi', required: true, displayOptions: { show: { channel: ['webhook'] } } },
			{
				name: 'talentPipelineRedis',
				required: true,
				testedBy: 'talentPipelineRedisTest',
				displayOptions: { show: { stateBackend: ['redis'] }, hide: { channel: ['dry_run'] } },
			},
		],
		properties: outreachProperties,
	};

	methods = {
		credentialTest: {
			talentPipelineSmtpTest: testSmtpCredential,
			talentPipelineRedisTest: testRedisCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return sendOutreach(this);
	}
}
