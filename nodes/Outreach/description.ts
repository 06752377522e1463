import type { INodeProperties } from 'n8n-workflow';

import { stateStorage } from '../shared/properties';
import { verifyUnsubscribeProperties } from './actions/verifyUnsubscribe.operation';

const showForSmtp = { show: { channel: ['smtp'] } };
const showForSlack = { show: { channel: ['slack'] } };
const showForSlackApi = { show: { channel: ['slack'], slackMode: ['api'] } };
const showForWebhook = { show: { channel: ['webhook'] } };

const PLACEHOLDER_HELP =
	'Placeholders: {{path}} copies a field of the item (e.g. {{candidate.name}}, {{brief.problem}}); {{path|default}} uses the default when the field is missing. An n8n expression here is evaluated for each item.';

const WEEKDAYS = [
	{ name: 'Monday', value: 1 },
	{ name: 'Tuesday', value: 2 },
	{ name: 'Wednesday', value: 3 },
	{ name: 'Thursday', value: 4 },
	{ name: 'Friday', value: 5 },
	{ name: 'Saturday', value: 6 },
	{ name: 'Sunday', value: 7 },
];

/** The Send operation's parameters (every one shown only for Send, see `outreachProperties`). */
const sendProperties: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Dry Run', value: 'dry_run', description: 'Render and check the guards; send nothing, store nothing' },
			{ name: 'Email (SMTP)', value: 'smtp', description: 'Send an email through an SMTP server' },
			{ name: 'Slack', value: 'slack', description: 'Post to Slack (chat.postMessage or an incoming webhook)' },
			{ name: 'Webhook', value: 'webhook', description: 'POST the message as JSON to a URL' },
		],
		default: 'dry_run',
	},
	{
		displayName: 'Slack Mode',
		name: 'slackMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Bot Token (chat.postMessage)', value: 'api' },
			{ name: 'Incoming Webhook', value: 'webhook' },
		],
		default: 'api',
		displayOptions: showForSlack,
	},
	{
		displayName: 'Slack Channel',
		name: 'slackChannel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'C0123456789',
		description: 'The channel ID (or name) to post to; the app must be a member',
		displayOptions: showForSlackApi,
	},
	{
		displayName: 'Webhook URL',
		name: 'webhookUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://hooks.example.com/outreach',
		displayOptions: showForWebhook,
	},
	{
		displayName: 'From Email',
		name: 'fromEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'talent@agency.example',
		displayOptions: showForSmtp,
	},
	{
		displayName: 'From Name',
		name: 'fromName',
		type: 'string',
		default: '',
		placeholder: 'Talent Desk',
		displayOptions: showForSmtp,
	},
	{
		displayName: 'Campaign',
		name: 'campaign',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'llm-engineers-2025-q2',
		description: 'Names this outreach: each recipient gets at most one message per campaign (within the resend interval)',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'A {{brief.track|project}} role for you, {{candidate.name|there}}',
		description: PLACEHOLDER_HELP,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		description: PLACEHOLDER_HELP,
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'Optional HTML part of an email. Values from the item are HTML-escaped. ' + PLACEHOLDER_HELP,
		displayOptions: { show: { channel: ['smtp', 'dry_run'] } },
	},
	{
		displayName: 'Unsubscribe URL',
		name: 'unsubscribeUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.agency.example/webhook/talent-pipeline/unsubscribe',
		description:
			'When set, emails carry List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 one-click); must be https (or mailto). Values are URL-encoded.',
	},
	{
		displayName: 'Sign Unsubscribe Links',
		name: 'signUnsubscribe',
		type: 'boolean',
		default: false,
		description:
			"Whether to add a token to the Unsubscribe URL that names this recipient and campaign, signed with the 'Talent Pipeline Unsubscribe API' secret (https only); the Verify Unsubscribe operation checks it",
	},
	{
		displayName: 'Recipient Email Field',
		name: 'recipientEmailField',
		type: 'string',
		default: 'email',
		description: "The item field holding the recipient's address (dotted paths work, e.g. candidate.email); an item without it uses the same field of `lead`, the lead the Lead Classifier read",
	},
	{
		displayName: 'Recipient Name Field',
		name: 'recipientNameField',
		type: 'string',
		default: 'name',
		description: 'The item field holding the name shown in the To header (e.g. candidate.name)',
	},
	{
		displayName: 'Resend After (Days)',
		name: 'cooldownDays',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description: 'Days before the same campaign may reach the same recipient again; 0 = never',
	},
	// A dry run reads and writes no state.
	stateStorage('Where the at-most-once claims and daily counts are kept', { hide: { channel: ['dry_run'] } }),
	{
		displayName: 'Suppression List',
		name: 'suppressionList',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: 'ann@example.com, competitor.com',
		description: 'Addresses and domains never to contact, separated by commas or lines (case-insensitive; a domain covers its subdomains)',
	},
	{
		displayName: 'Send Window',
		name: 'sendWindow',
		type: 'fixedCollection',
		placeholder: 'Add Send Window',
		default: {},
		description: "Send only on these weekdays between these times in the recipient's time zone; other items get outside_window and nextAllowedAt",
		options: [
			{
				displayName: 'Window',
				name: 'window',
				values: [
					{
						displayName: 'Default Time Zone',
						name: 'timeZone',
						type: 'string',
						default: 'UTC',
						placeholder: 'Europe/Berlin',
						description: 'IANA zone for recipients without one; also the zone of the daily cap',
					},
					{
						displayName: 'End Time',
						name: 'end',
						type: 'string',
						default: '17:00',
						description: 'Local time (HH:mm) the window closes; messages go out before it',
					},
					{
						displayName: 'Recipient Time Zone Field',
						name: 'timeZoneField',
						type: 'string',
						default: 'timeZone',
						description: "The item field holding the recipient's IANA time zone",
					},
					{
						displayName: 'Start Time',
						name: 'start',
						type: 'string',
						default: '09:00',
						description: 'Local time (HH:mm) the window opens',
					},
					{
						displayName: 'Weekdays',
						name: 'days',
						type: 'multiOptions',
						options: WEEKDAYS,
						default: [1, 2, 3, 4, 5],
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Allowed Lawful Bases',
				name: 'allowedBases',
				type: 'string',
				default: '',
				placeholder: 'consent, legitimate_interests',
				description: 'When consent is required, only these bases count (comma-separated); empty = any named basis',
			},
			{
				displayName: 'Claim Lease (Seconds)',
				name: 'claimLease',
				type: 'number',
				typeOptions: { minValue: 10 },
				default: 300,
				description:
					'How long a claimed send may stay unconfirmed while it is in flight. Past it, the next item for the same recipient and campaign reports `unknown` (the execution that claimed it stopped, e.g. a killed worker) instead of `skipped_duplicate`. Keep it above the longest send (SMTP Message Timeout).',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: 1,
				description: 'Items sent at once',
			},
			{
				displayName: 'Consent Field',
				name: 'consentField',
				type: 'string',
				default: 'consent',
				description: 'The item field naming the lawful basis (e.g. consent, legitimate_interests)',
			},
			{
				displayName: 'Message Timeout (Ms)',
				name: 'messageTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				displayOptions: { show: { '/channel': ['smtp'] } },
				default: 60000,
				description:
					'Longest one email may take, from taking a connection to the server confirming it. A timeout after the whole message was handed over is status unknown (never resent).',
			},
			{
				displayName: 'Per-Day Cap',
				name: 'perDayCap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Most messages of this campaign per day (in the window time zone, UTC without one); 0 = no cap',
			},
			{
				displayName: 'Per-Run Cap',
				name: 'perRunCap',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Most messages per execution; 0 = no cap',
			},
			{
				displayName: 'Recipient Cooldown (Days)',
				name: 'recipientCooldownDays',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Minimum days between two messages of any campaign to one recipient; 0 = no such rule',
			},
			{
				displayName: 'Reply-To',
				name: 'replyTo',
				type: 'string',
				displayOptions: { show: { '/channel': ['smtp'] } },
				default: '',
				description: 'Reply-To address for emails',
			},
			{
				displayName: 'Require Consent',
				name: 'requireConsent',
				type: 'boolean',
				default: false,
				description: 'Whether items without a lawful basis in the consent field are not sent (status no_consent)',
			},
			{
				displayName: 'Run Timeout (Ms)',
				name: 'runTimeoutMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 600000,
				description:
					'Time budget of one execution: items reached after it are not sent (over_cap, nothing claimed) and a send in progress stops by then; 0 = no budget',
			},
			{
				displayName: 'Suppression Field',
				name: 'suppressionField',
				type: 'string',
				default: '',
				placeholder: 'suppressed',
				description: 'An item field with more addresses or domains to suppress (a list, or comma-separated text)',
			},
		],
	},
];

const onlyFor = (operation: string) => (property: INodeProperties): INodeProperties => ({
	...property,
	displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: [operation] } },
});

export const outreachProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Send', value: 'send', action: 'Send a message to each item', description: 'Send each item its message, at most once per campaign' },
			{
				name: 'Verify Unsubscribe',
				value: 'verifyUnsubscribe',
				action: 'Verify a one click unsubscribe request',
				description: 'Check the signed token of an incoming unsubscribe request and suppress its address for every later send',
			},
		],
		default: 'send',
	},
	...sendProperties.map(onlyFor('send')),
	...verifyUnsubscribeProperties.map(onlyFor('verifyUnsubscribe')),
];
