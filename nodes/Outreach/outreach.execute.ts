import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { compileSendWindow, compileSuppression, type SendWindow, stateKeys, suppressionEntries } from '../../core/outreach/guards';
import { parseAddress } from '../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage, type OutreachTemplate, type UnsubscribeSigner } from '../../core/outreach/message';
import { signUnsubscribe } from '../../core/outreach/unsubscribe';
import { OutreachRun, type OutreachPolicy, type Sender } from '../../core/outreach/run';
import type { Channel, OutreachResult } from '../../core/outreach/schema';
import { readPath } from '../../core/path';
import { LEAD_FIELD } from '../../core/lead/classify';
import { MemoryStore } from '../../core/state/memory';
import type { StateStore } from '../../core/state/store';
import { SMTP_LIMITS, SmtpMailer, type SmtpSettings } from '../../transport/smtp';
import { postSlackMessage } from '../../transport/slack';
import { postWebhook } from '../../transport/webhook';
import { n8nHttpClient } from '../shared/http';
import { runItems, toConfigError } from '../shared/runner';
import { stateStoreFor, type StateBackend } from '../shared/state';
import { UNSUBSCRIBE_CREDENTIAL } from './actions/verifyUnsubscribe.operation';
import { EXPRESSION_VALUES, templateReader } from './expressions';

export const SENT_OUTPUT = 0;
export const NOT_SENT_OUTPUT = 1;

const DAY_MS = 24 * 60 * 60 * 1000;
/** Default time budget of one execution's sends (option Run Timeout); 0 = none. */
export const DEFAULT_RUN_TIMEOUT_MS = 10 * 60 * 1000;

/** A number option that may be 0; `fallback` when absent or not a number. */
function nonNegative(value: unknown, fallback: number): number {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Reads the talentPipelineSmtp credential into transport settings. */
export function smtpSettingsFromCredential(creds: ICredentialDataDecryptedObject): SmtpSettings {
	const security = String(creds.security ?? 'starttls');
	return {
		host: String(creds.host ?? ''),
		port: Number(creds.port ?? 587),
		secure: security === 'tls',
		requireTls: security === 'requireStarttls',
		ignoreTls: security === 'none',
		allowUnauthorizedCerts: creds.ignoreSslIssues === true,
		user: creds.user ? String(creds.user) : undefined,
		password: creds.password ? String(creds.password) : undefined,
	};
}

interface Setup {
	channel: Channel;
	/** Item 0's template parameters, compiled once into `template`. */
	spec: TemplateSpecAt;
	read: ReturnType<typeof templateReader>;
	template: OutreachTemplate;
	policy: OutreachPolicy;
	send: Sender;
	store: StateStore;
	/** Signs each recipient's unsubscribe link (Sign Unsubscribe Links), or undefined. */
	sign?: UnsubscribeSigner;
	close: () => void;
	fields: { email: string; name: string; consent: string; suppression: string; timeZone: string };
}

function readPolicy(ctx: IExecuteFunctions, channel: Channel, campaign: string): { policy: OutreachPolicy; timeZoneField: string } {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const windowParam = (ctx.getNodeParameter('sendWindow', 0, {}) as IDataObject).window as IDataObject | undefined;
	let window: SendWindow | undefined;
	if (windowParam) {
		window = compileSendWindow({
			timeZone: windowParam.timeZone as string | undefined,
			start: windowParam.start as string | undefined,
			end: windowParam.end as string | undefined,
			days: (windowParam.days as number[] | undefined) ?? [1, 2, 3, 4, 5],
		});
	}
	const cooldownDays = Number(ctx.getNodeParameter('cooldownDays', 0, 0));
	const recipientCooldownDays = Number(options.recipientCooldownDays ?? 0);
	return {
		policy: {
			campaign,
			channel,
			cooldownMs: cooldownDays > 0 ? cooldownDays * DAY_MS : undefined,
			recipientCooldownMs: recipientCooldownDays > 0 ? recipientCooldownDays * DAY_MS : undefined,
			suppression: compileSuppression(suppressionEntries(ctx.getNodeParameter('suppressionList', 0, ''))),
			requireConsent: options.requireConsent === true,
			allowedBases: suppressionEntries(String(options.allowedBases ?? '')).map((s) => s.trim()).filter(Boolean),
			window,
			perRunCap: Number(options.perRunCap ?? 0) || undefined,
			perDayCap: Number(options.perDayCap ?? 0) || undefined,
			runTimeoutMs: nonNegative(options.runTimeoutMs, DEFAULT_RUN_TIMEOUT_MS) || undefined,
			claimLeaseMs: options.claimLease === undefined ? undefined : Math.max(10, Number(options.claimLease) || 0) * 1000,
		},
		timeZoneField: windowParam ? String(windowParam.timeZoneField ?? 'timeZone') : 'timeZone',
	};
}

/** The sender of the chosen channel, built once per execution. */
async function channelSender(ctx: IExecuteFunctions, channel: Channel, policy: OutreachPolicy): Promise<{ send: Sender; close: () => void }> {
	const nothing = (): void => undefined;
	if (channel === 'dry_run') return { send: async () => ({ messageId: null }), close: nothing };
	if (channel === 'smtp') {
		const creds = await ctx.getCredentials('talentPipelineSmtp', 0);
		const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
		const replyTo = String(options.replyTo ?? '').trim();
		const mailer = new SmtpMailer({ ...smtpSettingsFromCredential(creds), messageTimeoutMs: nonNegative(options.messageTimeoutMs, SMTP_LIMITS.messageTimeoutMs) || undefined }, {
			address: parseAddress(ctx.getNodeParameter('fromEmail', 0, ''), 'fromEmail'),
			name: String(ctx.getNodeParameter('fromName', 0, '')),
			replyTo: replyTo ? parseAddress(replyTo, 'options.replyTo') : null,
		});
		return { send: (message, limits) => mailer.send(message, limits), close: () => mailer.close() };
	}
	if (channel === 'slack') {
		const creds = await ctx.getCredentials('talentPipelineSlackApi', 0);
		if (ctx.getNodeParameter('slackMode', 0, 'api') === 'webhook') {
			// No credential on this client: the bot token must never travel to the webhook host.
			const http = n8nHttpClient(ctx, 'Slack');
			const webhookUrl = String(creds.webhookUrl ?? '');
			if (!webhookUrl) throw new InputError('credentials.webhookUrl', 'the Slack credential has no incoming webhook URL');
			return { send: (m) => postSlackMessage(http, { mode: 'webhook', webhookUrl }, m.text), close: nothing };
		}
		const http = n8nHttpClient(ctx, 'Slack', 'talentPipelineSlackApi');
		const baseUrl = String(creds.baseUrl || 'https://slack.com/api');
		// The channel is this item's (destinationAt): an expression may pick one per recipient.
		return { send: (m, { destination }) => postSlackMessage(http, { mode: 'api', baseUrl, channel: destination ?? '' }, m.text), close: nothing };
	}
	const http = n8nHttpClient(ctx, 'Webhook', 'talentPipelineWebhookApi');
	return {
		// The URL is this item's (destinationAt): never item 0's for everyone, which would send every
		// recipient's address to the first item's hook.
		send: (m, { destination: url = '' }) => {
			// The same (recipient, campaign, resend period) always carries the same key, so a receiver can drop a repeat.
			const period = policy.cooldownMs ? `:${Math.floor(Date.now() / policy.cooldownMs)}` : '';
			return postWebhook(
				http,
				url,
				{
					campaign: policy.campaign,
					recipient: { email: m.to.address, name: m.toName },
					subject: m.subject,
					text: m.text,
					html: m.html,
					unsubscribeUrl: m.unsubscribeUrl,
				},
				{ idempotencyKey: `${stateKeys.sent(policy.campaign, m.to.key)}${period}` },
			);
		},
		close: nothing,
	};
}

/**
 * With Sign Unsubscribe Links, the signer of each recipient's link: the secret of the
 * talentPipelineUnsubscribeApi credential, checked here so a short one stops the run before any item.
 */
async function unsubscribeSigner(ctx: IExecuteFunctions, channel: Channel, template: OutreachTemplate): Promise<UnsubscribeSigner | undefined> {
	if (channel === 'slack' || ctx.getNodeParameter('signUnsubscribe', 0, false) !== true) return undefined;
	if (!template.unsubscribeUrl) throw new InputError('unsubscribeUrl', 'Sign Unsubscribe Links needs an Unsubscribe URL (https) to sign');
	const creds = await ctx.getCredentials(UNSUBSCRIBE_CREDENTIAL, 0);
	const secret = String(creds.secret ?? '');
	signUnsubscribe(secret, { address: 'check@example.com', campaign: template.campaign });
	return (subject) => signUnsubscribe(secret, subject);
}

/** Parameters the channel reads per item, because they say where a message goes. */
const DESTINATION_PARAMETER: Partial<Record<Channel, string>> = { webhook: 'webhookUrl', slack: 'slackChannel' };

/** Where item `itemIndex`'s message goes (the webhook URL, the Slack channel), or undefined for other channels. */
function destinationAt(ctx: IExecuteFunctions, channel: Channel, itemIndex: number): string | undefined {
	const name = DESTINATION_PARAMETER[channel];
	if (!name || (channel === 'slack' && ctx.getNodeParameter('slackMode', 0, 'api') !== 'api')) return undefined;
	const value = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (value === '') throw new InputError(name, `${name === 'webhookUrl' ? 'the webhook URL' : 'the Slack channel'} is empty for this item`);
	return value;
}

/**
 * Settings read once per run (they configure the sender, the guards or the state). An expression in one of them
 * that gives another value for a later item is refused for that item, never silently replaced by item 0's.
 */
const RUN_SETTINGS = ['fromEmail', 'fromName', 'suppressionList', 'cooldownDays', 'recipientEmailField', 'recipientNameField', 'sendWindow', 'signUnsubscribe', 'options'] as const;

function runSettingsAt(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return RUN_SETTINGS.map((name) => JSON.stringify(ctx.getNodeParameter(name, itemIndex, null) ?? null));
}

const TEMPLATE_FIELDS = ['subject', 'text', 'html', 'unsubscribeUrl'] as const;

/**
 * The template parameters as item `itemIndex` sees them (an n8n expression may
 * differ per item; see ./expressions.ts), and the values of the expressions in
 * them, which render through placeholders so that they are escaped.
 */
function templateSpecAt(ctx: IExecuteFunctions, read: ReturnType<typeof templateReader>, channel: Channel, itemIndex: number) {
	const { texts, values, failure } = read(TEMPLATE_FIELDS, itemIndex);
	const spec = {
		campaign: String(ctx.getNodeParameter('campaign', itemIndex, '') ?? ''),
		subject: texts.subject,
		text: texts.text,
		html: channel === 'smtp' || channel === 'dry_run' ? texts.html : undefined,
		unsubscribeUrl: texts.unsubscribeUrl,
	};
	return { spec, values, failure };
}

type TemplateSpecAt = ReturnType<typeof templateSpecAt>['spec'];

const sameSpec = (a: TemplateSpecAt, b: TemplateSpecAt): boolean =>
	a.subject === b.subject && a.text === b.text && a.html === b.html && a.unsubscribeUrl === b.unsubscribeUrl;

async function setup(ctx: IExecuteFunctions): Promise<Setup> {
	const channel = ctx.getNodeParameter('channel', 0) as Channel;
	const text = (name: string): string => String(ctx.getNodeParameter(name, 0, '') ?? '');
	const read = templateReader(ctx);
	const { spec } = templateSpecAt(ctx, read, channel, 0);
	const template = compileOutreachTemplate(spec);
	const { policy, timeZoneField } = readPolicy(ctx, channel, template.campaign);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const backend = ctx.getNodeParameter('stateBackend', 0, 'n8n') as StateBackend;
	// A dry run reads and writes no state, so it needs no store (nor a Redis credential).
	const store = channel === 'dry_run' ? new MemoryStore() : await stateStoreFor(ctx, backend, 0);
	const sign = await unsubscribeSigner(ctx, channel, template);
	// Last: the sender may hold connections, and nothing after it can fail.
	const { send, close } = await channelSender(ctx, channel, policy);
	return {
		channel,
		spec,
		read,
		template,
		policy,
		send,
		store,
		sign,
		close,
		fields: {
			email: text('recipientEmailField') || 'email',
			name: text('recipientNameField') || 'name',
			consent: String(options.consentField ?? 'consent') || 'consent',
			suppression: String(options.suppressionField ?? ''),
			timeZone: timeZoneField,
		},
	};
}


/**
 * A recipient field of an item, else the same field of the lead the Lead
 * Classifier emitted (`lead.email`), so a lead reaches Outreach without a
 * second field mapping.
 */
function recipientValue(json: IDataObject, path: string): unknown {
	const own = readPath(json, path);
	if (own !== undefined && own !== null) return own;
	const lead = json[LEAD_FIELD];
	return lead !== null && typeof lead === 'object' && !Array.isArray(lead) ? readPath(lead as IDataObject, path) : own;
}

/**
 * The Outreach node's execute: guards every item, sends at most once per
 * (recipient, campaign), and routes items to Sent or Not Sent, each with an
 * `outreach` result. Errors under continueOnFail land on Not Sent as status
 * `failed`.
 */
export async function sendOutreach(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	let s: Setup;
	try {
		s = await setup(ctx);
	} catch (error) {
		throw toConfigError(ctx, error);
	}
	const run = new OutreachRun(s.store, s.policy, s.send);
	// Templates are usually fixed text with {{placeholders}}; when a user makes one an
	// n8n expression it differs per item, and each item must get its own, never item 0's.
	const compiled = new Map<string, OutreachTemplate>();
	const templateFor = (itemIndex: number): { template: OutreachTemplate; values: unknown[] } => {
		const { spec, values, failure } = templateSpecAt(ctx, s.read, s.channel, itemIndex);
		if (failure) throw failure;
		if (spec.campaign !== s.spec.campaign) {
			throw new InputError('campaign', 'must be the same for every item of one run: it keys the at-most-once state');
		}
		if (sameSpec(spec, s.spec)) return { template: s.template, values };
		const key = JSON.stringify(spec);
		let template = compiled.get(key);
		if (!template) {
			template = compileOutreachTemplate(spec);
			if (compiled.size < 1000) compiled.set(key, template);
		}
		return { template, values };
	};
	const runSettings = runSettingsAt(ctx, 0);
	const checkRunSettings = (itemIndex: number): void => {
		if (itemIndex === 0) return;
		const at = runSettingsAt(ctx, itemIndex);
		const differs = RUN_SETTINGS.find((_, i) => at[i] !== runSettings[i]);
		if (differs) {
			throw new InputError(
				differs,
				'must be the same for every item of one run: it is read once per run, and this item gives another value',
				differs === 'suppressionList'
					? 'Put per-item addresses in the Suppression Field option instead.'
					: 'Split the items into runs that share the setting, or make it a fixed value.',
			);
		}
	};
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	let outputs: INodeExecutionData[][];
	try {
		outputs = await runItems(
			ctx,
			async (item, itemIndex) => {
				const json = item.json;
				checkRunSettings(itemIndex);
				const destination = destinationAt(ctx, s.channel, itemIndex);
				const address = parseAddress(recipientValue(json, s.fields.email), s.fields.email);
				const name = recipientValue(json, s.fields.name);
				const { template, values } = templateFor(itemIndex);
				const data = values.length > 0 ? { ...json, [EXPRESSION_VALUES]: values } : json;
				const message = composeMessage(template, data, { address, name: typeof name === 'string' ? name : null }, s.channel, s.sign);
				const zone = readPath(json, s.fields.timeZone);
				const result = await run.process({
					message,
					consent: readPath(json, s.fields.consent),
					suppression: s.fields.suppression ? compileSuppression(suppressionEntries(readPath(json, s.fields.suppression))) : undefined,
					timeZone: typeof zone === 'string' ? zone : undefined,
					timeZoneField: s.fields.timeZone,
					destination,
				});
				const sent = result.status === 'sent' || result.status === 'dry_run';
				return { json: { ...json, outreach: result as unknown as IDataObject }, output: sent ? SENT_OUTPUT : NOT_SENT_OUTPUT };
			},
			{
				outputs: 2,
				errorOutput: NOT_SENT_OUTPUT,
				concurrency: Math.min(10, Math.max(1, Number(options.concurrency ?? 1))),
				// Under "Continue (using regular output)" error items carry the same `outreach` shape as every other item.
				errorFields: (error) => {
					const failed: OutreachResult = {
						status: 'failed',
						channel: s.channel,
						campaign: s.template.campaign,
						messageId: null,
						reason: String(error.message ?? 'failed'),
						nextAllowedAt: null,
					};
					return { outreach: failed as unknown as IDataObject };
				},
			},
		);
	} finally {
		s.close();
	}
	return outputs;
}
