import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { OutreachResult } from '../../../core/outreach/schema';
import { Outreach } from '../../../nodes/Outreach/Outreach.node';
import { closeStateConnections } from '../../../nodes/shared/state';
import { chain, runWorkflow, type WorkflowJson } from '../../helpers/engine';
import { startHttpRecorder, type HttpRecorder } from '../../servers/http-recorder';
import { startRedis, type RedisServer } from '../../servers/redis';
import { startSmtpServer, type TestSmtpServer } from '../../servers/smtp';

const TYPE = 'n8n-nodes-talent-pipeline.outreach';
const SMTP_PASSWORD = 'smtp-Pa55-word-XYZ';
const SLACK_TOKEN = 'xoxb-secret-slack-token';
const WEBHOOK_KEY = 'whk-secret-value-777';

let smtp: TestSmtpServer;
let http: HttpRecorder;
let redis: RedisServer;
let workflowCounter = 0;

beforeAll(async () => {
	smtp = await startSmtpServer({ auth: { user: 'bot', password: SMTP_PASSWORD } });
	http = await startHttpRecorder();
	redis = await startRedis();
});
afterAll(async () => {
	await closeStateConnections();
	await smtp.stop();
	await http.stop();
	await redis.stop();
});

const smtpCredentials = () => ({ host: smtp.host, port: smtp.port, security: 'none', user: 'bot', password: SMTP_PASSWORD });

const BASE: IDataObject = {
	channel: 'smtp',
	fromEmail: 'talent@agency.test',
	fromName: 'Talent Desk',
	subject: 'A {{brief.track|project}} role for you, {{candidate.name|there}}',
	text: 'Hi {{candidate.name|there}}, a client needs help: {{brief.problem}}',
	html: '<p>Hi {{candidate.name|there}}</p><p>{{brief.problem}}</p>',
	unsubscribeUrl: 'https://agency.test/unsubscribe?e={{recipient.email}}',
	recipientEmailField: 'candidate.email',
	recipientNameField: 'candidate.name',
};

function workflow(parameters: IDataObject, options: { id?: string; continueOnFail?: boolean } = {}): WorkflowJson {
	return {
		id: options.id ?? `wf-outreach-${workflowCounter++}`,
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Outreach',
				type: TYPE,
				parameters: { ...BASE, ...parameters } as INodeParameters & IDataObject,
				continueOnFail: options.continueOnFail,
				credentials: {
					talentPipelineSmtp: { id: '1', name: 'SMTP' },
					talentPipelineSlackApi: { id: '2', name: 'Slack' },
					talentPipelineWebhookApi: { id: '3', name: 'Webhook' },
					talentPipelineRedis: { id: '4', name: 'Redis' },
				},
			},
		],
		connections: chain('Start', 'Outreach'),
	};
}

const credentials = () => ({
	talentPipelineSmtp: smtpCredentials(),
	talentPipelineSlackApi: { accessToken: SLACK_TOKEN, webhookUrl: `${http.url}/services/T1/B1/HOOKSECRET`, baseUrl: `${http.url}/api` },
	talentPipelineWebhookApi: { headerName: 'X-Api-Key', headerValue: WEBHOOK_KEY },
	talentPipelineRedis: { host: redis.host, port: redis.port, database: 0, prefix: 'tp-test:' },
});

function candidate(i: number, extra: IDataObject = {}): IDataObject {
	return {
		id: `C-${i}`,
		candidate: { name: `Cand ${i}`, email: `cand${i}@example.com` },
		brief: { problem: 'Ship a RAG assistant to production', track: 'engineer' },
		...extra,
	};
}

function outreachOf(item: INodeExecutionData): OutreachResult {
	return OutreachResult.parse(item.json.outreach);
}

async function run(wf: WorkflowJson, items: IDataObject[]) {
	const result = await runWorkflow(wf, { items, credentials: credentials() });
	const [sent, notSent] = result.error ? [[], []] : result.output('Outreach');
	return { result, sent, notSent };
}

function mailsTo(address: string) {
	return smtp.messages.filter((m) => m.envelope.to.includes(address));
}

describe('Outreach node in n8n-core', () => {
	it('a subject written as an n8n expression is evaluated for each item, never item 0 for everyone', async () => {
		const { sent } = await run(
			workflow({ campaign: 'expr-subject', subject: '={{ "Role for " + $json.candidate.name }}' }),
			[candidate(601), candidate(602)],
		);
		expect(sent).toHaveLength(2);
		expect(mailsTo('cand601@example.com')[0].parsed.subject).toBe('Role for Cand 601');
		expect(mailsTo('cand602@example.com')[0].parsed.subject).toBe('Role for Cand 602');
	});

	it('n8n expressions in every template field render per item, their values escaped for the part they land in', async () => {
		const hostile = '<script>alert(1)</script>';
		const { sent, notSent } = await run(
			workflow({
				channel: 'dry_run',
				campaign: 'expr-all',
				subject: '=Role for {{ $json.candidate.name }}',
				text: '=Hi {{ $json.candidate.name.split(" ")[0] }}, {{ $json.brief.problem }}',
				html: '=<p>Hi <b>{{ $json.candidate.name }}</b></p><a href="https://agency.test/c/{{ $json.id }}">{{ $json.brief.track }}</a>',
				unsubscribeUrl: '=https://agency.test/u?e={{ $json.candidate.email }}&n={{ $json.candidate.name }}',
			}),
			[candidate(1, { candidate: { name: hostile, email: 'x1@example.com' } }), candidate(2, { id: '2" onmouseover="alert(2)' })],
		);
		expect(notSent).toHaveLength(0);
		const [first, second] = sent.map((item) => outreachOf(item).preview);
		expect(first?.html).toBe('<p>Hi <b>&lt;script&gt;alert(1)&lt;/script&gt;</b></p><a href="https://agency.test/c/C-1">engineer</a>');
		expect(first?.html).not.toContain('<script>');
		expect(first?.subject).toBe(`Role for ${hostile}`);
		expect(first?.text).toBe('Hi <script>alert(1)</script>, Ship a RAG assistant to production');
		expect(first?.unsubscribeUrl).toBe(`https://agency.test/u?e=x1%40example.com&n=${encodeURIComponent(hostile)}`);
		// An item value cannot close the attribute it is inserted into.
		expect(second?.html).toBe('<p>Hi <b>Cand 2</b></p><a href="https://agency.test/c/2&quot; onmouseover=&quot;alert(2)">engineer</a>');
		expect(second?.subject).toBe('Role for Cand 2');
	});

	it("the package's {{path|default}} placeholders mean the same in expression mode as in fixed text", async () => {
		const items = [candidate(1), { id: 'C-2', candidate: { email: 'c2@example.com' }, brief: { problem: 'p' } }];
		const fixed = await run(workflow({ channel: 'dry_run', campaign: 'ph', subject: 'Hi {{candidate.name|there}}', text: 'Hi {{ candidate.name | there }}' }), items);
		const expression = await run(
			workflow({ channel: 'dry_run', campaign: 'ph', subject: '=Hi {{candidate.name|there}}', text: '=Hi {{ candidate.name | there }}, {{ $json.id }}' }),
			items,
		);
		const subjects = (r: typeof fixed) => r.sent.map((i) => outreachOf(i).preview?.subject);
		expect(subjects(fixed)).toEqual(['Hi Cand 1', 'Hi there']);
		expect(subjects(expression)).toEqual(['Hi Cand 1', 'Hi there']);
		expect(expression.sent.map((i) => outreachOf(i).preview?.text)).toEqual(['Hi Cand 1, C-1', 'Hi there, C-2']);
	});

	it('an expression that fails fails its item, naming the template field', async () => {
		const { notSent } = await run(
			workflow({ channel: 'dry_run', campaign: 'bad-expr', subject: "=Hi {{ $('No Such Node').item.json.name }}" }, { continueOnFail: true }),
			[candidate(1)],
		);
		expect(notSent).toHaveLength(1);
		expect(notSent[0].json.error).toMatchObject({ field: 'subject', itemIndex: 0 });
	});

	it('a campaign that differs between items of one run is refused for that item', async () => {
		const { notSent } = await run(
			workflow({ channel: 'dry_run', campaign: '={{ "c-" + $json.id }}' }, { continueOnFail: true }),
			[candidate(611), candidate(612)],
		);
		expect(notSent).toHaveLength(1);
		expect(notSent[0].json.error).toMatchObject({ field: 'campaign', itemIndex: 1 });
	});

	it('dry run renders each message onto Sent, HTML-escaped, without sending or storing', async () => {
		const before = smtp.messages.length;
		const { result, sent, notSent } = await run(workflow({ channel: 'dry_run', campaign: 'dry' }), [
			candidate(1, { candidate: { name: 'Zoë <img src=x>', email: 'zoe@example.com' } }),
		]);
		expect(result.error).toBeUndefined();
		expect(notSent).toHaveLength(0);
		const outreach = outreachOf(sent[0]);
		expect(outreach).toMatchObject({ status: 'dry_run', channel: 'dry_run', campaign: 'dry', messageId: null });
		expect(outreach.preview?.subject).toBe('A engineer role for you, Zoë <img src=x>');
		expect(outreach.preview?.html).toBe('<p>Hi Zoë &lt;img src=x&gt;</p><p>Ship a RAG assistant to production</p>');
		expect(sent[0].pairedItem).toEqual({ item: 0 });
		expect(smtp.messages.length).toBe(before);
	});

	it('a missing placeholder fails only its item: Not Sent as failed, naming the field and index', async () => {
		const { sent, notSent } = await run(workflow({ channel: 'dry_run', campaign: 'missing' }, { continueOnFail: true }), [
			candidate(1),
			{ id: 'C-2', candidate: { email: 'c2@example.com' } },
		]);
		expect(sent).toHaveLength(1);
		expect(notSent).toHaveLength(1);
		expect(notSent[0].pairedItem).toEqual({ item: 1 });
		const error = notSent[0].json.error as IDataObject;
		expect(error.field).toBe('brief.problem');
		expect(String(error.message)).toMatch(/Item 1.*brief\.problem/);
		expect(outreachOf(notSent[0])).toMatchObject({ status: 'failed', channel: 'dry_run' });
	});

	it('without continueOnFail, a bad item stops the node with an error naming the item', async () => {
		const { result } = await run(workflow({ channel: 'dry_run', campaign: 'stop' }), [candidate(1), { candidate: { email: 'bad address@x' } }]);
		expect(result.error?.message).toMatch(/Item 1/);
	});

	it('sends through SMTP once per recipient with unsubscribe headers; a second run sends nothing', async () => {
		const wf = workflow({ campaign: 'spring-smtp', suppressionList: 'blocked.test' }, { continueOnFail: true });
		const items = [
			candidate(101),
			candidate(102, { candidate: { name: 'Eve\r\nBcc: spy@attacker.test', email: 'EVE102@Example.com' } }),
			candidate(103, { candidate: { name: 'Blocked', email: 'x@mail.blocked.test' } }),
			candidate(104, { candidate: { name: 'Bad', email: 'not-an-address' } }),
		];
		const first = await run(wf, items);
		expect(first.result.error).toBeUndefined();
		expect(first.sent.map((i) => i.json.id)).toEqual(['C-101', 'C-102']);
		expect(first.notSent.map((i) => [i.json.id, outreachOf(i).status])).toEqual([
			['C-103', 'suppressed'],
			['C-104', 'failed'],
		]);
		expect(outreachOf(first.sent[0]).messageId).toMatch(/^<.+>$/);

		const [mail] = mailsTo('cand101@example.com');
		const head = mail.raw.split(/\r?\n\r?\n/)[0];
		expect(head).toMatch(/^List-Unsubscribe: <https:\/\/agency\.test\/unsubscribe\?e=cand101%40example\.com>\r?$/m);
		expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
		const [eve] = mailsTo('EVE102@example.com');
		expect(eve.parsed.headers.has('bcc')).toBe(false);
		expect(eve.envelope.to).toEqual(['EVE102@example.com']);

		const second = await run(wf, items);
		expect(second.sent).toHaveLength(0);
		expect(second.notSent.slice(0, 2).map((i) => outreachOf(i).status)).toEqual(['skipped_duplicate', 'skipped_duplicate']);
		expect(mailsTo('cand101@example.com')).toHaveLength(1);
		expect(mailsTo('EVE102@example.com')).toHaveLength(1);
		expect(JSON.stringify([...first.sent, ...first.notSent, ...second.notSent].map((i) => i.json))).not.toContain(SMTP_PASSWORD);
	});

	it.each(['n8n', 'redis'] as const)(
		'state %s: 100 recipients fired from 20 executions at once arrive exactly once each',
		async (backend) => {
			const campaign = `concurrent-${backend}`;
			const recipients = Array.from({ length: 100 }, (_, i) =>
				candidate(i, { candidate: { name: `R${i}`, email: `${backend}-r${i}@example.com` } }),
			);
			const before = smtp.messages.length;
			// n8n state is per workflow: every execution runs the same workflow. Redis is shared by
			// everything using it, as queue-mode workers do: each execution here is a different workflow.
			const sharedId = `wf-concurrent-${backend}`;
			const runs = await Promise.all(
				Array.from({ length: 20 }, (_, k) =>
					run(workflow({ campaign, stateBackend: backend }, { id: backend === 'n8n' ? sharedId : `${sharedId}-${k}` }), recipients),
				),
			);
			for (const r of runs) expect(r.result.error).toBeUndefined();
			const received = smtp.messages.slice(before).flatMap((m) => m.envelope.to);
			expect(received).toHaveLength(100);
			expect(new Set(received).size).toBe(100);
			const statuses = runs.flatMap((r) => [...r.sent, ...r.notSent]).map((i) => outreachOf(i).status);
			expect(statuses.filter((s) => s === 'sent')).toHaveLength(100);
			expect(statuses.filter((s) => s === 'skipped_duplicate')).toHaveLength(1900);
		},
	);

	it('a failed send releases its claim: the retry sends it, nothing is doubled', async () => {
		const wf = workflow({ campaign: 'retry' }, { continueOnFail: true });
		const items = [candidate(201), candidate(202), candidate(203)];
		smtp.failNext(1, 451);
		const first = await run(wf, items);
		expect(first.notSent).toHaveLength(1);
		expect(outreachOf(first.notSent[0])).toMatchObject({ status: 'failed' });
		expect(outreachOf(first.notSent[0]).reason).toMatch(/451/);
		expect((first.notSent[0].json.error as IDataObject).httpCode).toBe(451);
		const retry = await run(wf, items);
		expect(retry.sent.map((i) => i.json.id)).toEqual(['C-201']);
		for (const i of [201, 202, 203]) expect(mailsTo(`cand${i}@example.com`)).toHaveLength(1);
	});

	it('without continueOnFail a failing send stops the node, and n8n re-running it sends only the rest', async () => {
		const wf = workflow({ campaign: 'retry-throw' });
		const items = [candidate(301), candidate(302)];
		smtp.failNext(1, 421);
		const first = await run(wf, items);
		expect(first.result.error?.message).toMatch(/SMTP/);
		const retry = await run(wf, items);
		expect(retry.sent.map((i) => i.json.id)).toEqual(['C-301', 'C-302']);
		expect(mailsTo('cand301@example.com')).toHaveLength(1);
	});

	it('holds items outside the send window with nextAllowedAt, and enforces consent and the per-run cap', async () => {
		const today = DateTime.utc().weekday;
		const otherDays = [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today);
		const windowed = await run(
			workflow({ campaign: 'window', sendWindow: { window: { start: '00:00', end: '24:00', days: otherDays, timeZone: 'UTC' } } }),
			[candidate(401)],
		);
		const held = outreachOf(windowed.notSent[0]);
		expect(held.status).toBe('outside_window');
		expect(DateTime.fromISO(held.nextAllowedAt ?? '').toUTC().weekday).toBe((today % 7) + 1);

		const guarded = await run(workflow({ campaign: 'consent', options: { requireConsent: true, perRunCap: 1 } }), [
			candidate(402),
			candidate(403, { consent: 'legitimate_interests' }),
			candidate(404, { consent: 'consent' }),
		]);
		expect([...guarded.sent, ...guarded.notSent].map((i) => [i.json.id, outreachOf(i).status])).toEqual([
			['C-403', 'sent'],
			['C-402', 'no_consent'],
			['C-404', 'over_cap'],
		]);
	});

	it('posts to Slack with the bot token, Slack-escaping item data', async () => {
		http.requests.length = 0;
		http.setDefault({ status: 200, body: { ok: true, ts: '1700000000.1' } });
		const { sent } = await run(workflow({ channel: 'slack', slackMode: 'api', slackChannel: 'C123', campaign: 'slack' }), [
			candidate(501, { brief: { problem: '<!channel> urgent & <https://evil.test|click>' } }),
		]);
		expect(outreachOf(sent[0])).toMatchObject({ status: 'sent', channel: 'slack', messageId: '1700000000.1' });
		const [req] = http.requests;
		expect(req.path).toBe('/api/chat.postMessage');
		expect(req.headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
		expect((req.body as IDataObject).text).toBe(
			'Hi Cand 501, a client needs help: &lt;!channel&gt; urgent &amp; &lt;https://evil.test|click&gt;',
		);
	});

	it('posts to a Slack incoming webhook without the bot token', async () => {
		http.requests.length = 0;
		http.setDefault({ status: 200, body: 'ok' });
		const { sent } = await run(workflow({ channel: 'slack', slackMode: 'webhook', campaign: 'slack-hook' }), [candidate(502)]);
		expect(outreachOf(sent[0]).status).toBe('sent');
		expect(http.requests[0].path).toBe('/services/T1/B1/HOOKSECRET');
		expect(http.requests[0].headers.authorization).toBeUndefined();
	});

	it('POSTs JSON to a webhook with the credential header and an idempotency key; a 500 keeps no claim', async () => {
		http.requests.length = 0;
		http.setDefault({ status: 200, body: { id: 'hook-1' } });
		http.enqueue({ status: 500, body: { error: 'down' } });
		const wf = workflow({ channel: 'webhook', webhookUrl: `${http.url}/outreach`, campaign: 'hook' }, { continueOnFail: true });
		const first = await run(wf, [candidate(601)]);
		expect(outreachOf(first.notSent[0]).status).toBe('failed');
		expect(JSON.stringify(first.notSent[0].json)).not.toContain(WEBHOOK_KEY);
		const second = await run(wf, [candidate(601)]);
		expect(outreachOf(second.sent[0])).toMatchObject({ status: 'sent', messageId: 'hook-1' });
		const [, req] = http.requests;
		expect(req.headers['x-api-key']).toBe(WEBHOOK_KEY);
		expect(req.headers['idempotency-key']).toMatch(/^outreach:sent:/);
		expect(req.body).toMatchObject({ campaign: 'hook', recipient: { email: 'cand601@example.com', name: 'Cand 601' } });
	});

	it('a webhook URL written as an expression is read for each item: every recipient goes to its own hook', async () => {
		http.requests.length = 0;
		http.setDefault({ status: 200, body: { id: 'hook-x' } });
		const wf = workflow({ channel: 'webhook', webhookUrl: `={{ "${http.url}/hook/" + $json.id }}`, campaign: 'hook-per-item' });
		const { sent } = await run(wf, [candidate(631), candidate(632), candidate(633)]);
		expect(sent.map((i) => outreachOf(i).status)).toEqual(['sent', 'sent', 'sent']);
		const byPath = Object.fromEntries(http.requests.map((r) => [r.path, (r.body as { recipient: { email: string } }).recipient.email]));
		expect(byPath).toEqual({ '/hook/C-631': 'cand631@example.com', '/hook/C-632': 'cand632@example.com', '/hook/C-633': 'cand633@example.com' });
	});

	it('a once-per-run setting that an expression makes differ per item is refused for that item, not replaced by item 0', async () => {
		const before = smtp.messages.length;
		const { sent, notSent } = await run(
			workflow({ campaign: 'from-per-item', fromEmail: '={{ $json.id === "C-641" ? "a@agency.test" : "b@agency.test" }}' }, { continueOnFail: true }),
			[candidate(641), candidate(642)],
		);
		expect(sent).toHaveLength(1);
		expect(notSent[0].json.error).toMatchObject({ field: 'fromEmail', itemIndex: 1 });
		expect(String((notSent[0].json.error as IDataObject).message)).toMatch(/same for every item/);
		expect(smtp.messages.length).toBe(before + 1);
	});

	it('a webhook credential with an invalid header name fails the item instead of posting without authentication', async () => {
		http.requests.length = 0;
		http.setDefault({ status: 200, body: { id: 'hook-2' } });
		const result = await runWorkflow(
			workflow({ channel: 'webhook', webhookUrl: `${http.url}/outreach`, campaign: 'hook-bad-header' }, { continueOnFail: true }),
			{ items: [candidate(621)], credentials: { ...credentials(), talentPipelineWebhookApi: { headerName: 'X-Key\r\nInjected: 1', headerValue: WEBHOOK_KEY } } },
		);
		const [sent, notSent] = result.output('Outreach');
		expect(sent).toHaveLength(0);
		expect(outreachOf(notSent[0]).status).toBe('failed');
		expect(http.requests).toHaveLength(0);
	});

	it('a wrong SMTP password fails the items without showing the password', async () => {
		const result = await runWorkflow(workflow({ campaign: 'badauth' }, { continueOnFail: true }), {
			items: [candidate(701)],
			credentials: { ...credentials(), talentPipelineSmtp: { ...smtpCredentials(), password: 'WRONG-pass-123' } },
		});
		const [, notSent] = result.output('Outreach');
		expect(outreachOf(notSent[0]).status).toBe('failed');
		expect(outreachOf(notSent[0]).reason).toMatch(/authentication/i);
		expect(JSON.stringify(notSent[0].json)).not.toContain('WRONG-pass-123');
	});

	it('refuses the n8n store in queue mode, where it cannot be atomic across workers', async () => {
		const previous = process.env.EXECUTIONS_MODE;
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const { result } = await run(workflow({ campaign: 'queue' }), [candidate(801)]);
			expect(result.error?.message).toMatch(/stateBackend.*queue mode/);
			expect(mailsTo('cand801@example.com')).toHaveLength(0);
		} finally {
			if (previous === undefined) delete process.env.EXECUTIONS_MODE;
			else process.env.EXECUTIONS_MODE = previous;
		}
	});

	it('reports a template syntax error as a node error naming the parameter', async () => {
		const { result } = await run(workflow({ channel: 'dry_run', campaign: 'syntax', subject: 'Hi {{name' }), [candidate(1)]);
		expect(result.error?.message).toMatch(/template\.subject/);
	});
});

describe('Outreach credential tests', () => {
	const node = new Outreach();
	const tests = node.methods.credentialTest;

	it('SMTP: connects and logs in, or says why not without the password', async () => {
		const ok = await tests.talentPipelineSmtpTest.call({} as never, { id: '1', name: 's', type: 'talentPipelineSmtp', data: smtpCredentials() });
		expect(ok.status).toBe('OK');
		const bad = await tests.talentPipelineSmtpTest.call({} as never, {
			id: '1',
			name: 's',
			type: 'talentPipelineSmtp',
			data: { ...smtpCredentials(), password: 'nope-Pa55' },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).not.toContain('nope-Pa55');
	});

	it('Redis: PINGs a real server, and reports a closed port', async () => {
		const ok = await tests.talentPipelineRedisTest.call({} as never, {
			id: '1',
			name: 'r',
			type: 'talentPipelineRedis',
			data: { host: redis.host, port: redis.port },
		});
		expect(ok.status).toBe('OK');
		const bad = await tests.talentPipelineRedisTest.call({} as never, {
			id: '1',
			name: 'r',
			type: 'talentPipelineRedis',
			data: { host: '127.0.0.1', port: 1, password: 'redis-secret-pw' },
		});
		expect(bad.status).toBe('Error');
		expect(bad.message).not.toContain('redis-secret-pw');
	});
});
