import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { compileSendWindow, compileSuppression, type SendWindow, stateKeys, suppressionEntries } from '../../core/outreach/guards';
import { parseAddress } from '../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage, type OutreachTemplate } from '../../core/outreach/message';
import { OutreachRun, type OutreachPolicy, type Sender } from '../../core/outreach/run';
import type { Channel, OutreachResult } from '../../core/outreach/schema';
import { readPath } from '../../core/path';
import { MemoryStore } from '../../core/state/memory';
import type { StateStore } from '../../core/state/store';
import { SmtpMailer, type SmtpSettings } from '../../transport/smtp';
import { postSlackMessage } from '../../transport/slack';
import { postWebhook } from '../../transport/webhook';
import { n8nHttpClient } from '../shared/http';
import { runItems, toConfigError } from '../shared/runner';
import { stateStoreFor, type StateBackend } from '../shared/state';
import { EXPRESSION_VALUES, templateReader } from './expressions';

export const SENT_OUTPUT = 0;
export const NOT_SENT_OUTPUT = 1;

const DAY_MS = 24 * 60 * 60 * 1000;

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
		const mailer = new SmtpMailer(smtpSettingsFromCredential(creds), {
			address: parseAddress(ctx.getNodeParameter('fromEmail', 0, ''), 'fromEmail'),
			name: String(ctx.getNodeParameter('fromName', 0, '')),
			replyTo: replyTo ? parseAddress(replyTo, 'options.replyTo') : null,
		});
		return { send: (message) => mailer.send(message), close: () => mailer.close() };
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
		const target = {
			mode: 'api' as const,
			baseUrl: String(creds.baseUrl || 'https://slack.com/api'),
			channel: String(ctx.getNodeParameter('slackChannel', 0, '')),
		};
		return { send: (m) => postSlackMessage(http, target, m.text), close: nothing };
	}
	const http = n8nHttpClient(ctx, 'Webhook', 'talentPipelineWebhookApi');
	const url = String(ctx.getNodeParameter('webhookUrl', 0, ''));
	return {
		send: (m) => {
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
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	let outputs: INodeExecutionData[][];
	try {
		outputs = await runItems(
			ctx,
			async (item, itemIndex) => {
				const json = item.json;
				const address = parseAddress(readPath(json, s.fields.email), s.fields.email);
				const name = readPath(json, s.fields.name);
				const { template, values } = templateFor(itemIndex);
				const data = values.length > 0 ? { ...json, [EXPRESSION_VALUES]: values } : json;
				const message = composeMessage(template, data, { address, name: typeof name === 'string' ? name : null }, s.channel);
				const zone = readPath(json, s.fields.timeZone);
				const result = await run.process({
					message,
					consent: readPath(json, s.fields.consent),
					suppression: s.fields.suppression ? compileSuppression(suppressionEntries(readPath(json, s.fields.suppression))) : undefined,
					timeZone: typeof zone === 'string' ? zone : undefined,
					timeZoneField: s.fields.timeZone,
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
