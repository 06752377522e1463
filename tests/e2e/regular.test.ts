/**
 * Regular mode: one n8n 2.x process with embedded SQLite, this package installed as a community package from
 * its packed tarball, the example workflows of workflows/ imported and activated through the public API.
 * Leads are POSTed to the webhook; the test checks the answers, the executions, the emails a real SMTP server
 * on loopback received, and the GitHub look-ups a loopback GitHub answered.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { GithubTestServer, type GithubFixtureUser } from '../servers/github';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';
import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, nodeOutput, startN8n, waitForExecutions, type N8nInstance, type WorkflowBody } from './helpers/n8n';
import { waitFor } from './helpers/proc';
import { dataTableRows, HEADER_NAME, provisionExamples, type Provisioned } from './helpers/provision';
import { bindCredentials, loadWorkflowFile, postWebhook, waitForWebhook, withFreshWebhookIds, withParameters } from './helpers/workflows';

const PKG = 'n8n-nodes-talent-pipeline';
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const users = (JSON.parse(readFileSync(path.join(FIXTURES, 'github', 'github.json'), 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
const leads = new Map(
	readFileSync(path.join(FIXTURES, 'leads', 'dev-sample.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((line) => JSON.parse(line) as Record<string, unknown>)
		.map((lead) => [String(lead.id), lead]),
);
const candidates = readFileSync(path.join(FIXTURES, 'candidates', 'candidates.jsonl'), 'utf8')
	.split('\n')
	.filter(Boolean)
	.map((line) => JSON.parse(line) as Record<string, unknown>);

/** A lead of the fixtures as the form posts it (labels stripped). */
function formLead(id: string): Record<string, unknown> {
	const lead = leads.get(id);
	if (!lead) throw new Error(`no fixture lead ${id}`);
	const { labels: _labels, ...fields } = lead;
	return fields;
}

const ALWAYS_OPEN = { window: { timeZone: 'UTC', timeZoneField: 'timeZone', start: '00:00', end: '24:00', days: [1, 2, 3, 4, 5, 6, 7] } };

let work: string;
let n8n: N8nInstance | undefined;
let smtp: TestSmtpServer | undefined;
let github: GithubTestServer | undefined;
let client: N8nClient;
let setup: Provisioned;
const secret = randomBytes(16).toString('hex');

beforeAll(async () => {
	work = makeWorkDir('regular');
	smtp = await startSmtpServer();
	github = await new GithubTestServer({ users }).start();
	n8n = await startN8n({ workDir: work, tarball: packedTarball() });
	client = new N8nClient(n8n.baseUrl);
	await client.bootstrap();
	setup = await provisionExamples(client, {
		headerSecret: secret,
		smtp: { host: smtp.host, port: smtp.port, security: 'none' },
		githubServer: github.baseUrl,
		adjust: (file, wf) => {
			// Office hours would make the test depend on the clock: the intake sends at any time here.
			if (file === 'lead-intake.json') return withParameters(wf, { 'Outreach to Candidates': { sendWindow: ALWAYS_OPEN } });
			// The follow-up runs every 5 s (not 15 min) and sends whenever a row is due.
			if (file === 'outreach-follow-up.json') {
				return withParameters(wf, {
					'Every 15 Minutes': { rule: { interval: [{ field: 'seconds', secondsInterval: 5 }] } },
					'Outreach to Candidates': { sendWindow: ALWAYS_OPEN },
				});
			}
			return wf;
		},
	});
}, 5 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await smtp?.stop();
	await github?.close();
	removeWorkDir(work);
}, 60_000);

const recipientsOf = (subject: RegExp) =>
	smtp!.messages.filter((m) => subject.test(m.parsed.subject ?? '')).flatMap((m) => m.envelope.to.map((t) => t.toLowerCase()));

describe('regular mode: the package inside a real n8n', () => {
	test('n8n loads all four nodes under the package name, with their icons, the single-output ones as tools', async () => {
		const types = await client.nodeTypes();
		for (const [name, displayName] of [
			['leadClassifier', 'Lead Classifier'],
			['briefRouter', 'Brief Router'],
			['candidateEnricher', 'Candidate Enricher'],
			['outreach', 'Outreach'],
		]) {
			const type = types.get(`${PKG}.${name}`);
			expect(type?.displayName).toBe(displayName);
			expect(JSON.stringify(type?.iconUrl ?? type?.icon)).toContain(`${name}.svg`);
			// usableAsTool makes n8n add a `...Tool` variant of the node for AI agents; an agent only ever sees a
			// tool's first output, so the Brief Router (5 outputs) and Outreach (2) are no tools.
			expect(types.has(`${PKG}.${name}Tool`)).toBe(name === 'leadClassifier' || name === 'candidateEnricher');
		}
	});

	test('the three example workflows import, and the two with webhooks are active', async () => {
		const list = await client.listWorkflows();
		const byName = new Map(list.map((w) => [w.name, w]));
		expect(byName.get('Talent Pipeline: Lead intake')?.active).toBe(true);
		expect(byName.get('Talent Pipeline: Candidate vetting')?.active).toBe(true);
		expect(byName.get('Talent Pipeline: Outreach follow-up')?.active).toBe(false);
	});

	test('lead intake: every route answers with its decision and does its side effect', async () => {
		const url = `${n8n!.baseUrl}/webhook/talent-pipeline/lead`;
		const ids = ['D-001', 'D-014', 'D-027', 'D-006', 'D-003', 'D-013'];
		const answers = new Map<string, Record<string, unknown>>();
		// One at a time, so the emails can be told apart by order where they share a recipient.
		for (const id of ids) {
			const res = await postWebhook(url, formLead(id), { [HEADER_NAME]: secret });
			expect(res.status).toBe(200);
			answers.set(id, res.body as Record<string, unknown>);
		}
		expect(answers.get('D-001')).toMatchObject({ output: 'engineer', disposition: 'lead', track: 'engineer' });
		expect(answers.get('D-014')).toMatchObject({ output: 'consultant', track: 'consultant' });
		expect(answers.get('D-006')).toMatchObject({ output: 'rejected', disposition: 'job_seeker' });
		expect(answers.get('D-003')).toMatchObject({ output: 'rejected', disposition: 'spam' });
		expect(answers.get('D-013')).toMatchObject({ output: 'rejected', disposition: 'vendor' });
		for (const id of ['D-001', 'D-014']) {
			const answer = answers.get(id) as { owner: { email: string }; slaDueAt: string; problem: string };
			expect(answer.owner.email).toMatch(/@agency\.example$/);
			expect(Number.isNaN(Date.parse(answer.slaDueAt))).toBe(false);
			expect(answer.problem.length).toBeGreaterThan(10);
		}

		const intake = setup.workflows['lead-intake.json'].id;
		const executions = await waitForExecutions(client, intake, ids.length, 60_000);
		expect(executions.map((e) => e.status)).toEqual(Array(ids.length).fill('success'));

		// Consultant: the owner got one notification naming the company.
		const consultant = answers.get('D-014') as { owner: { email: string } };
		await waitFor('the owner notification', async () => (recipientsOf(/^New consultant lead/).length >= 1 ? true : undefined), { timeoutMs: 20_000 });
		expect(recipientsOf(/^New consultant lead/)).toEqual([consultant.owner.email]);

		// Engineer and hybrid: the top 3 candidates of the pool each got one email (at most once per campaign).
		const sentToCandidates = executions.flatMap((e) => nodeOutput(e, 'Outreach to Candidates')[0] ?? []);
		expect(sentToCandidates.length).toBeGreaterThanOrEqual(3);
		const candidateMail = recipientsOf(/^A new AI project/);
		expect(new Set(candidateMail).size).toBe(candidateMail.length);
		expect(candidateMail.sort()).toEqual(sentToCandidates.map((i) => String(i.email).toLowerCase()).sort());
		// ...after GitHub look-ups answered by the loopback server: each candidate of the pool looked up once per
		// run (the pool is vetted once, then matched to the brief), here two runs: D-001 and D-027.
		expect(github!.requests.some((r) => /\/repos$/.test(r.path))).toBe(true);
		const profileLookups = new Map<string, number>();
		for (const r of github!.requests) {
			const login = /^\/users\/([^/?]+)$/.exec(r.path)?.[1];
			if (login) profileLookups.set(login, (profileLookups.get(login) ?? 0) + 1);
		}
		const pipelineRuns = ids.filter((id) => ['engineer', 'hybrid'].includes(String(answers.get(id)?.output))).length;
		expect(pipelineRuns).toBeGreaterThanOrEqual(1);
		expect(profileLookups.size).toBeGreaterThanOrEqual(3);
		for (const count of profileLookups.values()) expect(count).toBe(pipelineRuns);

		// Rejected: the job seeker got the talent-pool reply; spam and the vendor got nothing.
		const jobSeeker = String(formLead('D-006').email).toLowerCase();
		expect(recipientsOf(/^Thanks for getting in touch/)).toEqual([jobSeeker]);
		const everyone = smtp!.messages.flatMap((m) => m.envelope.to.map((t) => t.toLowerCase()));
		for (const id of ['D-003', 'D-013']) {
			const email = formLead(id).email;
			if (typeof email === 'string' && email) expect(everyone).not.toContain(email.toLowerCase());
		}
		// Every email came from the talent desk, with a Message-ID.
		for (const m of smtp!.messages) {
			expect(m.envelope.from).toBe('talent-desk@agency.example');
			expect(m.parsed.messageId).toBeTruthy();
		}
	});

	test('lead intake: the same lead posted again notifies nobody twice', async () => {
		const before = smtp!.messages.length;
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/talent-pipeline/lead`, formLead('D-014'), { [HEADER_NAME]: secret });
		expect(res.status).toBe(200);
		const intake = setup.workflows['lead-intake.json'].id;
		await waitForExecutions(client, intake, 7, 30_000);
		expect(smtp!.messages.length).toBe(before);
	});

	test('candidate vetting: a batch comes back as scorecards and lands in the data table', async () => {
		const batch = candidates.slice(0, 4).map(({ labels: _labels, ...c }) => c);
		batch.push({ name: 'No Evidence', email: 'none@example.test' });
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/talent-pipeline/vet`, { candidates: batch }, { [HEADER_NAME]: secret });
		expect(res.status).toBe(200);
		const cards = res.body as Array<Record<string, unknown>>;
		expect(cards).toHaveLength(batch.length);
		for (const card of cards.slice(0, 4)) {
			expect(['ai_consultant', 'ml_engineer', 'llm_engineer', 'mlops_engineer', 'research_scientist']).toContain(card.roleFit);
			expect(['strong', 'some', 'none']).toContain(card.productionEvidence);
			expect(typeof card.score).toBe('number');
		}
		expect(cards[4]).toMatchObject({ candidate: 'No Evidence' });
		expect(String(cards[4].redFlags)).toContain('no_public_work');
		const rows = await waitFor(
			'scorecard rows',
			async () => {
				const r = await dataTableRows(client, setup.tables.candidate_scorecards);
				return r.length >= batch.length ? r : undefined;
			},
			{ timeoutMs: 20_000 },
		);
		expect(rows.map((r) => r.email).sort()).toEqual(batch.map((c) => String(c.email)).sort());
	});

	test('outreach follow-up: emails held back by the send window go out once it opens, exactly once', async () => {
		// A copy of the intake whose window opens about a minute from now (UTC, that day only).
		const opens = new Date(Math.ceil((Date.now() + 50_000) / 60_000) * 60_000);
		const hhmm = opens.toISOString().slice(11, 16);
		const weekday = ((opens.getUTCDay() + 6) % 7) + 1;
		let copy: WorkflowBody = loadWorkflowFile('lead-intake.json');
		copy = withParameters({ ...copy, name: 'Lead intake (deferred)' }, {
			'Lead Form': { path: 'talent-pipeline/lead-deferred' },
			'Outreach to Candidates': { sendWindow: { window: { timeZone: 'UTC', timeZoneField: 'timeZone', start: hhmm, end: '24:00', days: [weekday] } } },
		});
		// Candidates in zones far from UTC would open at other times: pin them all to UTC for this check.
		copy = withParameters(copy, { 'Candidate Pool': { jsCode: String((copy.nodes.find((n) => n.name === 'Candidate Pool')?.parameters as { jsCode: string }).jsCode).replace(/"timeZone": "[^"]+"/g, '"timeZone": "UTC"') } });
		const wf = await client.createWorkflow(bindCredentials(withFreshWebhookIds(copy), setup.credentials));
		await client.activateWorkflow(wf.id);
		const url = `${n8n!.baseUrl}/webhook/talent-pipeline/lead-deferred`;
		await waitForWebhook(url);

		const res = await postWebhook(url, formLead('D-018'), { [HEADER_NAME]: secret });
		expect(res.status).toBe(200);
		expect(['engineer', 'hybrid']).toContain((res.body as { output: string }).output);
		const [execution] = await waitForExecutions(client, wf.id, 1, 30_000);
		const held = nodeOutput(execution, 'Outreach to Candidates')[1] ?? [];
		expect(held.length).toBe(3);
		for (const item of held) {
			const outreach = item.outreach as { status: string; nextAllowedAt: string };
			expect(outreach.status).toBe('outside_window');
			expect(Date.parse(outreach.nextAllowedAt)).toBe(opens.getTime());
		}
		const table = setup.tables.outreach_deferred;
		expect((await dataTableRows(client, table)).length).toBe(3);

		const before = new Set(smtp!.messages);
		const followUp = setup.workflows['outreach-follow-up.json'].id;
		await client.activateWorkflow(followUp);
		try {
			await waitFor('the deferred emails', async () => ((await dataTableRows(client, table)).length === 0 ? true : undefined), { timeoutMs: 150_000, intervalMs: 1000 });
		} finally {
			await client.deactivateWorkflow(followUp);
		}
		const late = smtp!.messages.filter((m) => !before.has(m)).flatMap((m) => m.envelope.to.map((t) => t.toLowerCase()));
		expect(late.sort()).toEqual(held.map((i) => String(i.email).toLowerCase()).sort());
		expect(Date.now()).toBeGreaterThanOrEqual(opens.getTime());
	});

	test('lead intake: a lead that cannot be read gets a 422 naming the field, and a person gets a short mail', async () => {
		const before = smtp!.messages.length;
		const huge = 'x'.repeat(1_000_000);
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/talent-pipeline/lead`, { ...formLead('D-001'), id: 'BAD-1', message: { text: huge } }, { [HEADER_NAME]: secret });
		expect(res.status).toBe(422);
		expect(res.body).toMatchObject({ field: expect.stringMatching(/message/), message: expect.stringMatching(/Item 0: field '[^']*message'/) });
		const mail = await waitFor(
			'the reviewer mail',
			async () => smtp!.messages.slice(before).find((m) => /^Lead to review/.test(m.parsed.subject ?? '')),
			{ timeoutMs: 30_000 },
		);
		expect(mail.envelope.to).toEqual(['review@agency.example']);
		const text = String(mail.parsed.text ?? '');
		expect(text).toMatch(/Error: Item 0: field '[^']*message'/);
		expect(text).toContain('more characters]');
		expect(text.length).toBeLessThan(5000);
		// Six leads, the repeat and this one: every execution of the intake succeeded, this one included.
		const executions = await waitForExecutions(client, setup.workflows['lead-intake.json'].id, 8, 60_000);
		expect(executions.map((e) => e.status)).toEqual(Array(8).fill('success'));
	});

	test('the webhook refuses a call without the header secret', async () => {
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/talent-pipeline/lead`, formLead('D-001'), { [HEADER_NAME]: 'wrong' });
		expect(res.status).toBe(403);
	});
});
