/**
 * Redis killed and frozen (SIGSTOP) in the middle of an Outreach run with
 * Redis state, against a real redis-server and a webhook receiver on
 * 127.0.0.1. For each: every item leaves the node once (sent, or failed on
 * Not Sent naming Redis and host:port), no recipient receives two messages,
 * no secret is in any output, and the run does not wait for Redis to come
 * back: it ends well before the freeze would (the freeze's own length is the
 * baseline, not a wall-clock figure).
 */
import type { IDataObject } from 'n8n-workflow';

import { closeStateConnections } from '../../nodes/shared/state';
import { chain, runWorkflow, type WorkflowJson } from '../helpers/engine';
import { startHttpRecorder, type HttpRecorder } from '../servers/http-recorder';
import { startRedis, type RedisServer } from '../servers/redis';

const REDIS_PASSWORD_FORM = 'tp-redis-pw-not-set';
const WEBHOOK_KEY = 'whk-redis-fault-secret-0123456789';
const ITEMS = 8;
/** Items delivered before the fault strikes. */
const BEFORE_FAULT = 3;
/** How long the frozen server stays frozen at most (it is thawed when the test ends). */
const FREEZE_MS = 30_000;

let hook: HttpRecorder;
beforeAll(async () => {
	hook = await startHttpRecorder();
});
afterAll(async () => {
	await closeStateConnections();
	await hook.stop();
});

function workflow(campaign: string): WorkflowJson {
	return {
		id: `wf-redis-fault-${campaign}`,
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Outreach',
				type: 'n8n-nodes-talent-pipeline.outreach',
				parameters: {
					channel: 'webhook',
					webhookUrl: `${hook.url}/hook`,
					campaign,
					subject: 'Hello',
					text: 'Hi {{recipient.name}}',
					recipientEmailField: 'email',
					recipientNameField: 'name',
					stateBackend: 'redis',
				} as IDataObject as WorkflowJson['nodes'][number]['parameters'],
				credentials: { talentPipelineWebhookApi: { id: '3', name: 'Webhook' }, talentPipelineRedis: { id: '4', name: 'Redis' } },
				continueOnFail: true,
			},
		],
		connections: chain('Start', 'Outreach'),
	};
}

async function runWithFault(fault: 'killed' | 'frozen') {
	const redis: RedisServer = await startRedis();
	const campaign = `redis-${fault}-${Date.now()}`;
	hook.requests.length = 0;
	let struck = false;
	hook.setDefault((req) => {
		// The receiver strikes Redis once it has taken BEFORE_FAULT messages.
		if (!struck && hook.requests.length >= BEFORE_FAULT) {
			struck = true;
			process.kill(redis.pid, fault === 'killed' ? 'SIGKILL' : 'SIGSTOP');
		}
		return { status: 200, body: { id: `m-${String(req.headers['idempotency-key']).slice(0, 8)}` } };
	});
	const items = Array.from({ length: ITEMS }, (_, i) => ({ id: `r${i}`, email: `r${i}@example.com`, name: `R ${i}` }));
	const started = Date.now();
	try {
		const result = await runWorkflow(workflow(campaign), {
			items,
			credentials: {
				talentPipelineWebhookApi: { headerName: 'X-Api-Key', headerValue: WEBHOOK_KEY },
				talentPipelineRedis: { host: redis.host, port: redis.port, database: 0, prefix: `tp-${fault}:`, password: '' },
			},
		});
		const elapsed = Date.now() - started;
		const [sent, notSent] = result.output('Outreach');
		const recipients = hook.requests.map((r) => (r.body as { recipient?: { email?: string } }).recipient?.email);
		const text = JSON.stringify([sent, notSent].map((o) => o.map((i) => i.json)));
		const counts = {
			items: ITEMS,
			sent: sent.length,
			notSent: notSent.length,
			delivered: recipients.length,
			duplicated: recipients.length - new Set(recipients).size,
			lost: ITEMS - sent.length - notSent.length,
			secretsLeaked: [WEBHOOK_KEY, REDIS_PASSWORD_FORM].filter((s) => text.includes(s)).length,
			elapsedMs: elapsed,
		};
		console.log(`fault redis-${fault}: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
		return { counts, sent, notSent, text, redis, elapsed };
	} finally {
		await closeStateConnections();
		await redis.stop();
	}
}

describe('Redis faults mid-run (Outreach with Redis state)', () => {
	it.each(['killed', 'frozen'] as const)('Redis %s: every item accounted for, none twice, errors name Redis and host:port', async (fault) => {
		const { counts, sent, notSent, text, redis, elapsed } = await runWithFault(fault);
		expect(counts.sent + counts.notSent).toBe(ITEMS);
		expect(counts.duplicated).toBe(0);
		expect(counts.secretsLeaked).toBe(0);
		// Messages the receiver took are exactly the ones reported sent (a claim that could not be recorded is not sent).
		expect(counts.delivered).toBeGreaterThanOrEqual(sent.length);
		expect(counts.delivered - sent.length).toBeLessThanOrEqual(1);
		expect(sent.length).toBeGreaterThanOrEqual(BEFORE_FAULT - 1);
		expect(notSent.length).toBeGreaterThan(0);
		expect(text).toContain(`Redis at 127.0.0.1:${redis.port}`);
		// Not bounded by the fault: the run ends long before a frozen server would thaw.
		expect(elapsed).toBeLessThan(FREEZE_MS / 2);
	});
});
