/**
 * Queue mode: Redis and PostgreSQL from Debian packages, n8n main plus 2 workers, this package installed in
 * each. Webhook executions are enqueued by main and run by the workers; responses come back through main.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { GithubTestServer, type GithubFixtureUser } from '../servers/github';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';

import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, nodeOutput, type CredentialRef, type WorkflowBody } from './helpers/n8n';
import { waitFor } from './helpers/proc';
import { provisionExamples, type Provisioned } from './helpers/provision';
import { finishedExecutionsInDb, startQueueCluster, type QueueCluster } from './helpers/queue';
import { bindCredentials, postWebhook, waitForWebhook, withParameters } from './helpers/workflows';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const users = (JSON.parse(readFileSync(path.join(FIXTURES, 'github', 'github.json'), 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
const engineerLead = readFileSync(path.join(FIXTURES, 'leads', 'dev-sample.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map((line) => JSON.parse(line) as Record<string, unknown>)
	.find((lead) => lead.id === 'D-001') as Record<string, unknown>;

const PKG = 'n8n-nodes-talent-pipeline';
const HEADER = 'X-Intake-Key';
const secret = randomBytes(16).toString('hex');

let work: string;
let cluster: QueueCluster | undefined;
let client: N8nClient;
let headerAuth: CredentialRef;
let smtp: TestSmtpServer | undefined;
let github: GithubTestServer | undefined;
let setup: Provisioned;

beforeAll(async () => {
	work = makeWorkDir('queue');
	smtp = await startSmtpServer();
	github = await new GithubTestServer({ users }).start();
	cluster = await startQueueCluster({ workDir: work, tarball: packedTarball(), workers: 2 });
	client = new N8nClient(cluster.main.baseUrl);
	await client.bootstrap();
	headerAuth = await client.createCredential('Lead intake header', 'httpHeaderAuth', { name: HEADER, value: secret });
	setup = await provisionExamples(client, {
		headerSecret: secret,
		smtp: { host: smtp.host, port: smtp.port, security: 'none' },
		githubServer: github.baseUrl,
		redis: { host: cluster.redis.host, port: cluster.redis.port },
		files: ['lead-intake.json'],
		adjust: (_file, wf) =>
			withParameters(wf, {
				// Any time of day, so the count does not depend on the clock.
				'Outreach to Candidates': {
					sendWindow: { window: { timeZone: 'UTC', timeZoneField: 'timeZone', start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] } },
				},
				// The caller names the candidates (the example's static pool would give every lead the same three).
				'Candidate Pool': {
					jsCode: 'return $input.all().flatMap((lead) => (lead.json.body?.candidates ?? []).map((c) => ({ json: { ...c, brief: lead.json.brief } })));',
				},
			}),
	});
}, 8 * 60_000);

afterAll(async () => {
	await cluster?.stop();
	await smtp?.stop();
	await github?.close();
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

		expect(await finishedExecutionsInDb(cluster!, wf.id, calls, 60_000)).toEqual({ success: calls });
		// Both workers took jobs: each logs the executions it starts.
		for (const worker of cluster!.workers) {
			expect(readFileSync(worker.proc.logPath, 'utf8')).toMatch(/Worker started execution/);
		}
	});

	test('500 concurrent leads naming 100 distinct candidates: 100 emails, fair owners, no lost item', async () => {
		const calls = 500;
		const distinct = 100;
		const logins = Object.keys(users);
		const candidate = (k: number) => ({
			name: `Candidate ${k}`,
			email: `candidate-${k}@talent.example`,
			githubUsername: logins[k % logins.length],
			resumeText: 'Machine learning engineer: shipped demand forecasting models to production, on call for them, Docker and CI.',
			timeZone: 'UTC',
		});
		const url = `${cluster!.main.baseUrl}/webhook/talent-pipeline/lead`;
		const started = Date.now();
		const responses = await Promise.all(
			Array.from({ length: calls }, (_, i) =>
				postWebhook(
					url,
					{ ...engineerLead, id: `Q-${i}`, email: `lead-${i}@client.example`, name: `Lead ${i}`, candidates: [candidate(i % distinct)] },
					{ [HEADER]: secret },
					300_000,
				),
			),
		);
		const seconds = (Date.now() - started) / 1000;
		process.stderr.write(`[e2e] queue mode: ${calls} webhook calls answered in ${seconds.toFixed(1)} s\n`);

		// No lost item: every call answered, routed to the engineer pipeline with an owner.
		expect(responses.map((r) => r.status)).toEqual(Array(calls).fill(200));
		const bodies = responses.map((r) => r.body as { output: string; owner: { email: string } | null });
		// A lead routed elsewhere shows its reasons here (an error under the router's "Continue (using regular output)" is a Review reason).
		expect(bodies.filter((b) => b.output !== 'engineer')).toEqual([]);

		// Fair owners: weighted round robin over the roster's engineer owners (equal weights), kept in Redis.
		const perOwner = new Map<string, number>();
		for (const b of bodies) perOwner.set(String(b.owner?.email), (perOwner.get(String(b.owner?.email)) ?? 0) + 1);
		expect(perOwner.size).toBe(2);
		const counts = [...perOwner.values()];
		expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);

		// Every execution finished, successfully, counted in n8n's database (see finishedExecutionsInDb).
		const intake = setup.workflows['lead-intake.json'].id;
		const byStatus = await finishedExecutionsInDb(cluster!, intake, calls, 300_000);
		expect(byStatus).toEqual({ success: calls });

		// Exactly one email per distinct candidate, whichever worker handled which call.
		await waitFor('100 emails', async () => (smtp!.messages.length >= distinct ? true : undefined), { timeoutMs: 60_000 });
		const recipients = smtp!.messages.flatMap((m) => m.envelope.to);
		expect(recipients).toHaveLength(distinct);
		expect(new Set(recipients).size).toBe(distinct);
		// The Outreach results the API shows agree: sent or skipped as a duplicate, never anything else.
		const executions = await client.executions(intake, true);
		expect(executions.length).toBeGreaterThanOrEqual(calls - 10);
		const statuses = new Map<string, number>();
		for (const e of executions) {
			for (const output of nodeOutput(e, 'Outreach to Candidates')) {
				for (const item of output) {
					const status = String((item.outreach as { status: string }).status);
					statuses.set(status, (statuses.get(status) ?? 0) + 1);
				}
			}
		}
		expect([...statuses.keys()].sort()).toEqual(['sent', 'skipped_duplicate']);
		expect(statuses.get('sent')).toBeLessThanOrEqual(distinct);
		expect((statuses.get('sent') ?? 0) + (statuses.get('skipped_duplicate') ?? 0)).toBe(executions.length);
		// Both workers ran part of the load.
		for (const worker of cluster!.workers) {
			expect((readFileSync(worker.proc.logPath, 'utf8').match(/Worker started execution/g) ?? []).length).toBeGreaterThan(10);
		}
	});
});
