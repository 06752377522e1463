import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret that signs one-click unsubscribe links (RFC 8058). The Outreach node signs each recipient's link with
 * it, and its Verify Unsubscribe operation checks the token of an incoming request with it. It never leaves n8n,
 * so the Outreach node tests it (`testedBy`) by checking it is long enough.
 */
export class TalentPipelineUnsubscribeApi implements ICredentialType {
	name = 'talentPipelineUnsubscribeApi';

	displayName = 'Talent Pipeline Unsubscribe API';

	icon = { light: 'file:webhook.svg', dark: 'file:webhook.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-talent-pipeline#outreach';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'At least 16 characters, random (e.g. the output of openssl rand -base64 32). Changing it invalidates every link already sent, unless the old one is kept as Previous Secret.',
		},
		{
			displayName: 'Previous Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'While rotating: links signed with this secret are still accepted by Verify Unsubscribe; new links use Secret',
		},
	];
}
