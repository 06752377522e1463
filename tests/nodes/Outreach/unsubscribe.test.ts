/**
 * Signed one-click unsubscribe end to end, through n8n-core's engine: an Outreach node sends signed links over a
 * real SMTP server on loopback; the Verify Unsubscribe node of the example workflow (workflows/outreach-unsubscribe.json,
 * its parameters as shipped) receives what the Webhook node would give it for the RFC 8058 POST; later sends of any
 * campaign, through the same Redis, suppress the address.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { OutreachResult } from '../../../core/outreach/schema';
import { signUnsubscribe } from '../../../core/outreach/unsubscribe';
import { closeStateConnections } from '../../../nodes/shared/state';
import { chain, runWorkflow, type WorkflowJson } from '../../helpers/engine';
import { startRedis, type RedisServer } from '../../servers/redis';
import { startSmtpServer, type TestSmtpServer } from '../../servers/smtp';

const TYPE = 'n8n-nodes-talent-pipeline.outreach';
const SECRET = 'unsubscribe-Secret-0123456789-xyz';
const EXAMPLE = path.resolve(__dirname, '../../../workflows/outreach-unsubscribe.json');

let smtp: TestSmtpServer;
let redis: RedisServer;

beforeAll(async () => {
	smtp = await startSmtpServer();
	redis = await startRedis();
});
afterAll(async () => {
	await closeStateConnections();
	await smtp.stop();
	await redis.stop();
});

const credentials = () => ({
	talentPipelineSmtp: { host: smtp.host, port: smtp.port, security: 'none' },
	talentPipelineRedis: { host: redis.host, port: redis.port, database: 0, prefix: 'tp-unsub-test:' },
	talentPipelineUnsubscribeApi: { secret: SECRET },
});
const credentialRefs = {
	talentPipelineSmtp: { id: '1', name: 'SMTP' },
	talentPipelineRedis: { id: '2', name: 'Redis' },
	talentPipelineUnsubscribeApi: { id: '3', name: 'Unsubscribe signing' },
};

function sender(campaign: string, extra: IDataObject = {}): WorkflowJson {
	return {
		id: `wf-unsub-send-${campaign}`,
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Outreach',
				type: TYPE,
				parameters: {
					channel: 'smtp',
					fromEmail: 'talent@agency.test',
					campaign,
					subject: 'Hello {{name}}',
					text: 'Hi {{name}}. Unsubscribe: {{unsubscribeUrl}}',
					unsubscribeUrl: 'https://n8n.agency.test/webhook/talent-pipeline/unsubscribe',
					signUnsubscribe: true,
					stateBackend: 'redis',
					...extra,
				} as INodeParameters & IDataObject,
				credentials: credentialRefs,
			},
		],
		connections: chain('Start', 'Outreach'),
	};
}

/** The example workflow's Verify Unsubscribe node, as shipped, behind a start node standing in for the webhook. */
function verifier(change: (parameters: IDataObject) => IDataObject = (p) => p): WorkflowJson {
	const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: IDataObject }> };
	const node = example.nodes.find((n) => n.name === 'Verify Unsubscribe');
	if (!node) throw new Error('no Verify Unsubscribe node in the example workflow');
	expect(node.type).toBe(TYPE);
	return {
		id: 'wf-unsub-verify',
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{ name: 'Verify Unsubscribe', type: TYPE, parameters: change({ ...node.parameters }) as INodeParameters & IDataObject, credentials: credentialRefs },
		],
		connections: chain('Start', 'Verify Unsubscribe'),
	};
}

/** What n8n's Webhook node outputs for an RFC 8058 one-click POST to `url`. */
function oneClickPost(url: string): IDataObject {
	const parsed = new URL(url);
	return {
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		params: {},
		query: Object.fromEntries(parsed.searchParams),
		body: { 'List-Unsubscribe': 'One-Click' },
	};
}

async function send(campaign: string, emails: string[]) {
	const result = await runWorkflow(sender(campaign), { items: emails.map((email, i) => ({ email, name: `N${i}` })), credentials: credentials() });
	expect(result.error).toBeUndefined();
	const [sent, notSent] = result.output('Outreach');
	const status: Record<string, string> = {};
	for (const item of [...sent, ...notSent]) status[String(item.json.email)] = OutreachResult.parse(item.json.outreach).status;
	return status;
}

function unsubscribeUrlOf(address: string): string {
	const mail = smtp.messages.filter((m) => m.envelope.to.includes(address)).at(-1);
	const head = (mail?.raw ?? '').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
	const match = /^List-Unsubscribe: <([^>]+)>/im.exec(head);
	if (!match) throw new Error(`no List-Unsubscribe in the mail to ${address}`);
	expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
	return match[1];
}

describe('signed one-click unsubscribe, end to end', () => {
	it('a forged or altered token is refused; a genuine one suppresses the address for every later send', async () => {
		expect(await send('spring', ['ann@example.com', 'bob@example.com'])).toEqual({ 'ann@example.com': 'sent', 'bob@example.com': 'sent' });
		const annUrl = unsubscribeUrlOf('ann@example.com');
		const token = new URL(annUrl).searchParams.get('token') ?? '';
		expect(token).not.toBe('');

		// Forged (another secret) and altered (Bob's address under Ann's signature): refused, output 1.
		const forged = new URL(annUrl);
		forged.searchParams.set('token', signUnsubscribe('attacker-guess-0123456789abcdef', { address: 'bob@example.com', campaign: 'spring' }));
		const altered = new URL(annUrl);
		const [v, , sig] = token.split('.');
		altered.searchParams.set('token', `${v}.${Buffer.from(JSON.stringify(['bob@example.com', 'spring'])).toString('base64url')}.${sig}`);
		const refused = await runWorkflow(verifier(), { items: [oneClickPost(forged.href), oneClickPost(altered.href), { query: {}, body: {} }], credentials: credentials() });
		expect(refused.error).toBeUndefined();
		const [okItems, refusedItems] = refused.output('Verify Unsubscribe');
		expect(okItems).toHaveLength(0);
		expect(refusedItems.map((i) => (i.json.unsubscribe as IDataObject).status)).toEqual(['refused', 'refused', 'refused']);
		expect(refusedItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(JSON.stringify(refusedItems)).not.toContain(SECRET);

		// Bob was not unsubscribed by the forgeries.
		expect(await send('summer', ['bob@example.com'])).toEqual({ 'bob@example.com': 'sent' });

		// The genuine one-click POST, twice (mail programs retry): unsubscribed, then already unsubscribed.
		const genuine = await runWorkflow(verifier(), { items: [oneClickPost(annUrl), oneClickPost(annUrl)], credentials: credentials() });
		const [unsubscribed] = genuine.output('Verify Unsubscribe');
		expect(unsubscribed.map((i) => i.json.unsubscribe)).toEqual([
			{ status: 'unsubscribed', email: 'ann@example.com', campaign: 'spring', alreadyUnsubscribed: false, reason: null },
			{ status: 'unsubscribed', email: 'ann@example.com', campaign: 'spring', alreadyUnsubscribed: true, reason: null },
		]);

		// Every later send, of any campaign and to any of her sub-addresses, suppresses her; Bob still gets his.
		const before = smtp.messages.length;
		expect(await send('autumn', ['ann@example.com', 'Ann+jobs@example.com', 'bob@example.com'])).toEqual({
			'ann@example.com': 'suppressed',
			'Ann+jobs@example.com': 'suppressed',
			'bob@example.com': 'sent',
		});
		expect(smtp.messages.slice(before).map((m) => m.envelope.to)).toEqual([['bob@example.com']]);
	});

	it('a secret shorter than 16 characters stops the run before any item', async () => {
		const result = await runWorkflow(sender('short-secret'), {
			items: [{ email: 'cy@example.com', name: 'Cy' }],
			credentials: { ...credentials(), talentPipelineUnsubscribeApi: { secret: 'short' } },
		});
		expect(result.error?.message).toMatch(/at least 16 characters/);
	});

	it('Verify Unsubscribe keeps its list in Redis even when State Storage was never set (its only option)', async () => {
		const token = signUnsubscribe(SECRET, { address: 'dee@example.com', campaign: 'spring' });
		const withoutStorage = () => ({ operation: 'verifyUnsubscribe', signedLinkField: 'query.token' });
		const result = await runWorkflow(verifier(withoutStorage), { items: [{ query: { token } }], credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect((result.output('Verify Unsubscribe')[0][0].json.unsubscribe as IDataObject).status).toBe('unsubscribed');
		expect(await send('winter', ['dee@example.com'])).toEqual({ 'dee@example.com': 'suppressed' });
	});

	it('Verify Unsubscribe refuses the n8n database store, which no sending node could read', async () => {
		const result = await runWorkflow(verifier((p) => ({ ...p, stateBackend: 'n8n' })), { items: [{ query: {} }], credentials: credentials() });
		expect(result.error?.message).toMatch(/stateBackend.*Redis/);
	});
});
