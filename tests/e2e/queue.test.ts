/**
 * Queue mode: Redis and PostgreSQL from Debian packages, n8n main plus 2 workers, this package installed in
 * each. Webhook executions are enqueued by main and run by the workers; responses come back through main.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import Redis from 'ioredis';

import { GithubTestServer, type GithubFixtureUser } from '../servers/github';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';

import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, nodeOutput, type CredentialRef, type WorkflowBody } from './helpers/n8n';
import { sleep, waitFor } from './helpers/proc';
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
/** Claim lease of the example's candidate outreach here (the node's default is 300 s). */
const CLAIM_LEASE_S = 30;

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
	// The bursts vet a new candidate per lead, each with one merged-PR search: GitHub's search budget (30 a minute,
	// paced by the transport and tested in tests/transport/github.test.ts) would make this a test of that pacing, not
	// of queue mode. A budget as large as the burst keeps the two apart.
	github = await new GithubTestServer({ users, searchLimit: 10_000 }).start();
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
				// Any time of day, so the count does not depend on the clock (see 'Outreach to Candidates' below).
				// The worker-kill test waits out this lease to see the interrupted sends reported as `unknown`.
				'Outreach to Candidates': {
					sendWindow: { window: { timeZone: 'UTC', timeZoneField: 'timeZone', start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] } },
					options: { claimLease: CLAIM_LEASE_S },
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

	/**
	 * A worker dies mid-burst (issue: queue mode that survives a worker dying). The kill is made to land while the
	 * victim is inside owner assignment (it holds the pool's Redis lock) and while it holds unconfirmed outreach
	 * claims (the SMTP server holds its answers, so sends are in flight): the victim is stopped with SIGSTOP at such
	 * a moment, kept stopped past the lock's lease, then SIGKILLed, and a replacement worker starts.
	 */
	test('a worker SIGKILLed inside owner assignment with sends in flight: no duplicate, no collateral failure, interrupted sends reported as unknown', async () => {
		const calls = 300;
		const distinct = 60;
		const logins = Object.keys(users);
		const candidate = (k: number) => ({
			name: `Kill Candidate ${k}`,
			email: `kill-${k}@talent.example`,
			githubUsername: logins[k % logins.length],
			resumeText: 'Machine learning engineer: shipped demand forecasting models to production, on call for them, Docker and CI.',
			timeZone: 'UTC',
		});
		const intake = setup.workflows['lead-intake.json'].id;
		const url = `${cluster!.main.baseUrl}/webhook/talent-pipeline/lead`;
		const victim = cluster!.workers[0];
		const victimPid = victim.proc.child.pid!;
		const lockKey = 'talent-pipeline:lock:assign:default';
		const redisPort = cluster!.redis.port;

		/** Local ports of the victim's TCP connections to `peerPort` on loopback (from `ss`, which sees every process here). */
		const victimPorts = (peerPort: number): Set<number> => {
			const out = execFileSync('ss', ['-tnpH', 'state', 'established'], { encoding: 'utf8' });
			const ports = new Set<number>();
			for (const line of out.split('\n')) {
				const m = /\s127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:(\d+)\s.*pid=(\d+),/.exec(line);
				if (m && Number(m[2]) === peerPort && Number(m[3]) === victimPid) ports.add(Number(m[1]));
			}
			return ports;
		};

		// Every SET of the assignment lock, with the connection it came from.
		const monitorClient = new Redis({ host: cluster!.redis.host, port: redisPort, lazyConnect: true, maxRetriesPerRequest: 1 });
		const probe = new Redis({ host: cluster!.redis.host, port: redisPort, lazyConnect: true, maxRetriesPerRequest: 1 });
		await probe.connect();
		const monitor = await monitorClient.monitor();
		const lockSets: Array<{ port: number; token: string }> = [];
		// Armed, the monitor stops the victim the moment one of its connections sets the lock: a lock is held for
		// milliseconds, too short for a polling loop to land in.
		const trap = { armed: false, ports: new Set<number>(), token: '' };
		monitor.on('monitor', (_time: string, args: string[], source: string) => {
			if (String(args[0]).toLowerCase() !== 'set' || args[1] !== lockKey) return;
			const port = Number(source.split(':').pop());
			lockSets.push({ port, token: String(args[2]) });
			if (trap.armed && trap.ports.has(port)) {
				trap.armed = false;
				trap.token = String(args[2]);
				process.kill(-victimPid, 'SIGSTOP');
			}
		});

		const sentBefore = smtp!.messages.length;
		smtp!.holdReplies(1500);
		const started = Date.now();
		const pending = Array.from({ length: calls }, (_, i) =>
			postWebhook(
				url,
				{ ...engineerLead, id: `K-${i}`, email: `kill-lead-${i}@client.example`, name: `Kill Lead ${i}`, candidates: [candidate(i % distinct)] },
				{ [HEADER]: secret },
				300_000,
			),
		);

		let interrupted: string[] = [];
		let stoppedAt = 0;
		try {
			await waitFor('the first emails of the burst', async () => (smtp!.messages.length - sentBefore >= 10 ? true : undefined), { timeoutMs: 240_000, intervalMs: 100 });
			// Stop the victim at a moment it holds the lock and has sends in flight; otherwise let it go on and try again.
			await waitFor(
				'the victim stopped inside owner assignment with a send in flight',
				async () => {
					trap.ports = victimPorts(redisPort);
					trap.token = '';
					trap.armed = true;
					await sleep(50);
					if (trap.armed || trap.token === '') {
						trap.armed = false;
						if (trap.token === '') return undefined;
					}
					const holder = await probe.get(lockKey);
					const mine = holder === trap.token;
					const smtpPorts = victimPorts(smtp!.port);
					const inFlight = smtp!.held().filter((h) => smtpPorts.has(h.port));
					if (mine && inFlight.length > 0) {
						interrupted = inFlight.flatMap((h) => h.to);
						stoppedAt = Date.now();
						return true;
					}
					process.kill(-victimPid, 'SIGCONT');
					return undefined;
				},
				{ timeoutMs: 180_000, intervalMs: 1 },
			);
			process.stderr.write(`[e2e] worker-kill: victim stopped inside owner assignment with ${interrupted.length} send(s) in flight\n`);
			// Past the lock's lease (5 s): the surviving worker's leads must get their owners without the dead holder.
			await sleep(8_000);
			process.kill(-victimPid, 'SIGKILL');
		} finally {
			smtp!.holdReplies(0);
			monitor.disconnect();
			monitorClient.disconnect();
		}
		await cluster!.addWorker('worker-3');

		const responses = await Promise.all(pending);
		const seconds = (Date.now() - started) / 1000;
		const answered = responses.filter((r) => r.status === 200).length;

		// Executions: the victim's own may fail; none that a surviving worker ran may. Attribution is by the survivors'
		// logs: a killed process loses the log lines it had not written out yet, a live one does not.
		const byStatus = await finishedExecutionsInDb(cluster!, intake, 500 + calls, 300_000);
		const survivorExecutions = new Set(
			cluster!.workers
				.filter((w) => w !== victim)
				.flatMap((w) => (readFileSync(w.proc.logPath, 'utf8').match(/Worker started execution (\d+)/g) ?? []).map((m) => m.split(' ').pop())),
		);
		const failedRows = await cluster!.postgres.query(`select id from execution_entity where "workflowId" = '${intake}' and status not in ('success', 'new', 'running', 'waiting')`);
		const collateral = failedRows.filter((id) => survivorExecutions.has(id.trim()));
		// A live worker's lead that met the dead holder's lock would go to Review with the lock's reason (the router
		// continues on error): none may.
		const lockReviews = responses.filter((r) => r.status === 200 && /stayed held/.test(JSON.stringify(r.body)));

		// Recipients: each got at most one email over the whole run.
		const perRecipient = new Map<string, number>();
		for (const m of smtp!.messages) for (const to of m.envelope.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
		const duplicates = [...perRecipient.values()].filter((n) => n > 1).length;
		const killRecipients = [...perRecipient.keys()].filter((to) => to.startsWith('kill-') && !to.startsWith('kill-lead-')).length;

		// Once the claims' lease has passed, a lead naming an interrupted recipient is told `unknown`, not "already sent".
		await sleep(Math.max(0, stoppedAt + CLAIM_LEASE_S * 1000 - Date.now()) + 2_000);
		const followUps = await Promise.all(
			interrupted.map((to, i) => {
				const k = Number(/^kill-(\d+)@/.exec(to)?.[1]);
				return postWebhook(url, { ...engineerLead, id: `KF-${i}`, email: `kill-follow-${i}@client.example`, name: `Follow ${i}`, candidates: [candidate(k)] }, { [HEADER]: secret }, 120_000);
			}),
		);
		expect(followUps.map((r) => r.status)).toEqual(interrupted.map(() => 200));
		await finishedExecutionsInDb(cluster!, intake, 500 + calls + interrupted.length, 120_000);
		const executions = await client.executions(intake, true);
		const followStatuses = new Map<string, string>();
		for (const e of executions) {
			for (const output of nodeOutput(e, 'Outreach to Candidates')) {
				for (const item of output) {
					if (interrupted.includes(String(item.email))) {
						const status = String((item.outreach as { status: string }).status);
						if (status === 'unknown' || !followStatuses.has(String(item.email))) followStatuses.set(String(item.email), status);
					}
				}
			}
		}

		const failed = failedRows.length;
		process.stderr.write(
			`[e2e] worker-kill: ${calls} leads in ${seconds.toFixed(1)} s; answered 200: ${answered}, other: ${calls - answered}; ` +
				`executions ${JSON.stringify(byStatus)}; failed ${failed} (victim's own ${failed - collateral.length}, collateral ${collateral.length}); ` +
				`delivered ${killRecipients}/${distinct}; duplicated ${duplicates}; interrupted ${interrupted.length}, reported unknown ${[...followStatuses.values()].filter((s) => s === 'unknown').length}\n`,
		);
		expect(interrupted.length).toBeGreaterThan(0);
		expect(duplicates).toBe(0);
		expect(collateral).toEqual([]);
		expect(lockReviews).toEqual([]);
		// Every caller got an answer; an error only from the victim's own executions.
		expect(calls - answered).toBeLessThanOrEqual(failed - collateral.length);
		for (const to of interrupted) expect([to, followStatuses.get(to)]).toEqual([to, 'unknown']);
		await probe.quit();
	}, 20 * 60_000);
});
