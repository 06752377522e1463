import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Slack for the Outreach node: a bot token for chat.postMessage and/or an
 * incoming webhook URL. The token goes only to the API base URL; the webhook
 * URL, itself a secret, is posted to without it.
 */
export class TalentPipelineSlackApi implements ICredentialType {
	name = 'talentPipelineSlackApi';

	displayName = 'Talent Pipeline Slack API';

	icon = { light: 'file:slack.svg', dark: 'file:slack.dark.svg' } as const;

	documentationUrl = 'https://api.slack.com/methods/chat.postMessage';

	properties: INodeProperties[] = [
		{
			displayName: 'Bot Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'xoxb-...',
			description: 'A bot token with chat:write, for posting with chat.postMessage',
		},
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- an incoming webhook URL is a bearer secret: anyone holding it can post
		{
			displayName: 'Incoming Webhook URL',
			name: 'webhookUrl',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'https://hooks.slack.com/services/...',
			description: 'For posting through an incoming webhook instead of the API',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://slack.com/api',
			description: 'Change only for a proxy or a test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/auth.test',
			method: 'POST',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'ok', value: false, message: 'Slack refused the bot token (auth.test answered ok: false)' },
			},
		],
	};
}
