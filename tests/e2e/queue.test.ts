/**
 * Queue mode: Redis and PostgreSQL from Debian packages, n8n main plus 2 workers, this package installed in
 * each. Webhook executions are enqueued by main and run by the workers; responses come back through main.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, waitForExecutions, type CredentialRef, type WorkflowBody } from './helpers/n8n';
import { startQueueCluster, type QueueCluster } from './helpers/queue';
import { bindCredentials, postWebhook, waitForWebhook } from './helpers/workflows';

const PKG = 'n8n-nodes-talent-pipeline';
const HEADER = 'X-Intake-Key';
const secret = randomBytes(16).toString('hex');

let work: string;
let cluster: QueueCluster | undefined;
let client: N8nClient;
let headerAuth: CredentialRef;

beforeAll(async () => {
	work = makeWorkDir('queue');
	cluster = await startQueueCluster({ workDir: work, tarball: packedTarball(), workers: 2 });
	client = new N8nClient(cluster.main.baseUrl);
	await client.bootstrap();
	headerAuth = await client.createCredential('Lead intake header', 'httpHeaderAuth', { name: HEADER, value: secret });
}, 8 * 60_000);

afterAll(async () => {
	await cluster?.stop();
	removeWorkDir(work);
}, 120_000);

function classifierWorkflow(path: string): WorkflowBody {
	return {
		name: `queue classifier ${path}`,
		nodes: [
			{
				id: 'q1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: path,
				parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'responseNode', options: {} },
				credentials: { httpHeaderAuth: { id: '', name: 'Lead intake header' } },
			},
			{
				id: 'q2',
				name: 'Lead Classifier',
				type: `${PKG}.leadClassifier`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { mode: 'rules', fieldMapping: { message: 'body.message', email: 'body.email', name: 'body.name' } },
			},
			{
				id: 'q3',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [440, 0],
				parameters: {
					respondWith: 'json',
					responseBody: '={{ { "ref": $("Webhook").item.json.body.ref, "disposition": $json.classification.disposition } }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Lead Classifier', type: 'main', index: 0 }]] },
			'Lead Classifier': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
	};
}

describe('queue mode: main + 2 workers on Redis and PostgreSQL', () => {
	test('concurrent webhook calls are run by the workers and each gets its own answer', async () => {
		const wf = await client.createWorkflow(bindCredentials(classifierWorkflow('queue-smoke'), [headerAuth]));
		await client.activateWorkflow(wf.id);
		await waitForWebhook(`${cluster!.main.baseUrl}/webhook/queue-smoke`);
		const calls = 40;
		const responses = await Promise.all(
			Array.from({ length: calls }, (_, i) =>
				postWebhook(
					`${cluster!.main.baseUrl}/webhook/queue-smoke`,
					{ ref: i, name: `Lead ${i}`, message: i % 2 ? 'I am looking for a job as a data scientist, CV attached' : 'We need an LLM engineer to build a RAG assistant over our support tickets' },
					{ [HEADER]: secret },
				),
			),
		);
		expect(responses.map((r) => r.status)).toEqual(Array(calls).fill(200));
		expect(responses.map((r) => (r.body as { ref: number }).ref)).toEqual(Array.from({ length: calls }, (_, i) => i));
		for (const [i, r] of responses.entries()) {
			expect((r.body as { disposition: string }).disposition).toBe(i % 2 ? 'job_seeker' : 'lead');
		}

		const executions = await waitForExecutions(client, wf.id, calls, 60_000);
		expect(executions.filter((e) => e.status === 'success')).toHaveLength(calls);
		// Both workers took jobs: each logs the executions it starts.
		for (const worker of cluster!.workers) {
			expect(readFileSync(worker.proc.logPath, 'utf8')).toMatch(/Worker started execution/);
		}
	});
});
