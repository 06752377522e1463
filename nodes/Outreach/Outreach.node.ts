import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { testRedisCredential } from '../shared/state';
import { verifyUnsubscribe } from './actions/verifyUnsubscribe.operation';
import { testSmtpCredential, testUnsubscribeCredential } from './credential-tests';
import { outreachProperties } from './description';
import { sendOutreach } from './outreach.execute';

export class Outreach implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Outreach',
		name: 'outreach',
		icon: { light: 'file:outreach.svg', dark: 'file:outreach.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "verifyUnsubscribe" ? "Verify Unsubscribe" : $parameter["channel"] + ": " + $parameter["campaign"] }}',
		description:
			'Sends a personalised message to each candidate or lead at most once per campaign, with suppression, consent, send-window and cap guards',
		defaults: { name: 'Outreach' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Sent', 'Not Sent'],
		credentials: [
			{
				// Not `...Api`: SMTP is not an HTTP API (eslint.config.mjs, scripts/scan-exceptions.json).
				name: 'talentPipelineSmtp',
				required: true,
				testedBy: 'talentPipelineSmtpTest',
				displayOptions: { show: { operation: ['send'], channel: ['smtp'] } },
			},
			{ name: 'talentPipelineSlackApi', required: true, displayOptions: { show: { operation: ['send'], channel: ['slack'] } } },
			{ name: 'talentPipelineWebhookApi', required: true, displayOptions: { show: { operation: ['send'], channel: ['webhook'] } } },
			// One entry per credential: n8n finds a node's credential by name. Parameters of the other operation are
			// absent, so a hide on them never hides: the Redis credential shows for Verify Unsubscribe too (no channel
			// there), and the signing secret shows for Verify Unsubscribe and for a Send that signs its links.
			{
				name: 'talentPipelineRedis',
				required: true,
				testedBy: 'talentPipelineRedisTest',
				displayOptions: { show: { stateBackend: ['redis'] }, hide: { channel: ['dry_run'] } },
			},
			{
				name: 'talentPipelineUnsubscribeApi',
				required: true,
				testedBy: 'talentPipelineUnsubscribeTest',
				displayOptions: { hide: { signUnsubscribe: [false], channel: ['slack'] } },
			},
		],
		properties: outreachProperties,
	};

	methods = {
		credentialTest: {
			talentPipelineSmtpTest: testSmtpCredential,
			talentPipelineRedisTest: testRedisCredential,
			talentPipelineUnsubscribeTest: testUnsubscribeCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0, 'send') as string;
		return operation === 'verifyUnsubscribe' ? verifyUnsubscribe(this) : sendOutreach(this);
	}
}
