/**
 * HTTP faults against real servers on 127.0.0.1, through the nodes (n8n-core's
 * engine and request helpers) and the CLI's client: a redirect to another
 * origin (two loopback ports are two origins), a body that trickles, a huge
 * body, garbage where JSON should be. For each: every item is accounted for,
 * no credential reaches the other origin, and no secret is in any output.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { axiosHttpClient } from '../../cli/http';
import { ServiceError } from '../../core/errors';
import { closeStateConnections } from '../../nodes/shared/state';
import { chain, runWorkflow, type WorkflowJson } from '../helpers/engine';
import { startHttpRecorder, type HttpRecorder } from '../servers/http-recorder';

const GITHUB_TOKEN = 'ghp_faultSECRET0123456789abcdefABCDEF';
const LLM_KEY = 'sk-fault-llm-key-0123456789abcdef';
const SLACK_TOKEN = 'xoxb-fault-slack-token-0123456789';
const WEBHOOK_KEY = 'whk-fault-secret-value-0123456789';
const SECRETS = [GITHUB_TOKEN, LLM_KEY, SLACK_TOKEN, WEBHOOK_KEY];

/** A server whose every answer is scripted by the test (trickle, huge, garbage). */
async function startScripted(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; stop(): Promise<void> }> {
	const server: Server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** How long a trickling answer takes to finish: the baseline the deadlines are compared with. */
const TRICKLE_MS = 50 * 200;

/** Answers with headers at once, then one byte every 200 ms for TRICKLE_MS (bounded), never finishing in time. */
function trickle(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/json' });
	res.write('{"choices": [');
	let n = 0;
	const timer = setInterval(() => {
		if (res.destroyed || ++n > 50) {
			clearInterval(timer);
			if (!res.destroyed) res.end(']}');
			return;
		}
		res.write(' ');
	}, 200);
	res.on('close', () => clearInterval(timer));
}

/** 11 MB of JSON, written in 1 MB chunks. */
function huge(res: ServerResponse): void {
	res.writeHead(200, { 'content-type': 'application/json' });
	const chunk = Buffer.alloc(1024 * 1024, 0x20);
	res.write('[');
	let i = 0;
	const more = (): void => {
		while (i < 11 && !res.destroyed) {
			i++;
			if (!res.write(chunk)) return void res.once('drain', more);
		}
		if (!res.destroyed) res.end(']');
	};
	more();
}

function leaked(value: unknown): string[] {
	const text = JSON.stringify(value);
	return SECRETS.flatMap((s) => [s, Buffer.from(s).toString('base64')]).filter((form) => text.includes(form));
}

function report(fault: string, counts: Record<string, number>): void {
	// The figures the issue asks for, printed per fault.
	console.log(`fault ${fault}: ${Object.entries(counts).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

let origin: HttpRecorder;
let elsewhere: HttpRecorder;
beforeAll(async () => {
	origin = await startHttpRecorder();
	elsewhere = await startHttpRecorder();
});
afterAll(async () => {
	await closeStateConnections();
	await origin.stop();
	await elsewhere.stop();
});
beforeEach(() => {
	origin.requests.length = 0;
	elsewhere.requests.length = 0;
});

/** Every request elsewhere got, with any of the credentials in its headers or body. */
function credentialsElsewhere(): number {
	return elsewhere.requests.filter((r) => leaked({ h: r.headers, b: r.rawBody }).length > 0 || r.headers.authorization || r.headers['x-api-key']).length;
}

function node(name: string, type: string, parameters: IDataObject, credentials: Record<string, { id: string; name: string }>): WorkflowJson {
	return {
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{ name, type, parameters: parameters as WorkflowJson['nodes'][number]['parameters'], credentials, continueOnFail: true },
		],
		connections: chain('Start', name),
	};
}

const allItems = (outputs: INodeExecutionData[][]) => outputs.flat();

describe('a redirect to another origin never takes the credentials along (node path)', () => {
	beforeEach(() => {
		// Every answer of the configured host sends the client to the other one.
		origin.setDefault((req) => ({ status: req.method === 'GET' ? 302 : 307, headers: { location: `${elsewhere.url}${req.path}` }, body: '' }));
		elsewhere.setDefault({ status: 200, body: { ok: true, ts: '1.2', id: 'stolen', login: 'x', choices: [] } });
	});

	it('GitHub (Candidate Enricher)', async () => {
		const items = [{ id: 'g1', githubUsername: 'talmasri' }, { id: 'g2', githubUsername: 'ydemirci' }];
		const result = await runWorkflow(node('Enrich', 'n8n-nodes-talent-pipeline.candidateEnricher', { operation: 'enrichAndVet' }, { talentPipelineGithubApi: { id: '1', name: 'GitHub' } }), {
			items,
			credentials: { talentPipelineGithubApi: { server: origin.url, token: GITHUB_TOKEN } },
		});
		const out = allItems(result.output('Enrich'));
		report('github-redirect', { items: items.length, out: out.length, requestsElsewhere: elsewhere.requests.length, credentialsElsewhere: credentialsElsewhere(), secretsLeaked: leaked(out).length });
		expect(out).toHaveLength(items.length);
		expect(elsewhere.requests).toHaveLength(0);
		expect(leaked(out)).toEqual([]);
		for (const item of out) expect(JSON.stringify(item.json)).toMatch(/another origin/);
	});

	it('LLM (Lead Classifier): falls back to the rules and says why', async () => {
		const items = [{ id: 'l1', message: 'We need an ML engineer to put our demand forecasting model into production on AWS.' }];
		const result = await runWorkflow(node('Classify', 'n8n-nodes-talent-pipeline.leadClassifier', { mode: 'llm' }, { talentPipelineLlmApi: { id: '1', name: 'LLM' } }), {
			items,
			credentials: { talentPipelineLlmApi: { baseUrl: origin.url, apiKey: LLM_KEY, model: 'm' } },
		});
		const out = allItems(result.output('Classify'));
		report('llm-redirect', { items: items.length, out: out.length, requestsElsewhere: elsewhere.requests.length, credentialsElsewhere: credentialsElsewhere(), secretsLeaked: leaked(out).length });
		expect(out).toHaveLength(1);
		expect(origin.requests[0].headers.authorization).toBe(`Bearer ${LLM_KEY}`);
		expect(elsewhere.requests).toHaveLength(0);
		expect(JSON.stringify(out[0].json)).toMatch(/llm\.fallback.*another origin/);
		expect(leaked(out)).toEqual([]);
	});

	it.each([
		['Slack', { channel: 'slack', slackMode: 'api', slackChannel: 'C1' }],
		['webhook', { channel: 'webhook', webhookUrl: '' }],
	])('%s (Outreach): the item fails on Not Sent, nothing reaches the other host', async (name, params) => {
		const items = [1, 2, 3].map((i) => ({ id: `o${i}`, email: `o${i}@example.com`, name: `O ${i}` }));
		const parameters: IDataObject = {
			...params,
			...(params.channel === 'webhook' ? { webhookUrl: `${origin.url}/hook` } : {}),
			campaign: `redirect-${name}-${Date.now()}`,
			subject: 'Hello',
			text: 'Hi {{recipient.name}}',
			recipientEmailField: 'email',
			recipientNameField: 'name',
		};
		const result = await runWorkflow(
			node('Outreach', 'n8n-nodes-talent-pipeline.outreach', parameters, {
				talentPipelineSlackApi: { id: '2', name: 'Slack' },
				talentPipelineWebhookApi: { id: '3', name: 'Webhook' },
			}),
			{
				items,
				credentials: {
					talentPipelineSlackApi: { accessToken: SLACK_TOKEN, webhookUrl: '', baseUrl: `${origin.url}/api` },
					talentPipelineWebhookApi: { headerName: 'X-Api-Key', headerValue: WEBHOOK_KEY },
				},
			},
		);
		const [sent, notSent] = result.output('Outreach');
		report(`${name.toLowerCase()}-redirect`, { items: items.length, sent: sent.length, notSent: notSent.length, requestsElsewhere: elsewhere.requests.length, credentialsElsewhere: credentialsElsewhere(), secretsLeaked: leaked([sent, notSent]).length });
		expect(sent.length + notSent.length).toBe(items.length);
		expect(sent).toHaveLength(0);
		expect(origin.requests.length).toBeGreaterThan(0);
		expect(elsewhere.requests).toHaveLength(0);
		expect(JSON.stringify(notSent.map((i) => i.json))).toMatch(/another origin/);
		expect(leaked([sent, notSent])).toEqual([]);
	});
});

describe('a webhook credential with an invalid header name', () => {
	it('is reported as an invalid header, not as "no answer", and nothing is sent', async () => {
		const items = [{ id: 'w1', email: 'w1@example.com', name: 'W' }];
		const result = await runWorkflow(
			node(
				'Outreach',
				'n8n-nodes-talent-pipeline.outreach',
				{ channel: 'webhook', webhookUrl: `${origin.url}/hook`, campaign: `bad-header-${Date.now()}`, subject: 'Hello', text: 'Hi', recipientEmailField: 'email', recipientNameField: 'name' },
				{ talentPipelineWebhookApi: { id: '3', name: 'Webhook' } },
			),
			{ items, credentials: { talentPipelineWebhookApi: { headerName: 'X Key: 1', headerValue: WEBHOOK_KEY } } },
		);
		const [sent, notSent] = result.output('Outreach');
		const reason = String((notSent[0]?.json.outreach as { reason?: unknown } | undefined)?.reason ?? JSON.stringify(notSent[0]?.json));
		report('webhook-invalid-header', { items: 1, sent: sent.length, notSent: notSent.length, requests: origin.requests.length });
		expect(sent).toHaveLength(0);
		expect(origin.requests).toHaveLength(0);
		expect(reason).toMatch(/header/i);
		expect(reason).not.toMatch(/no answer/);
		expect(reason).not.toContain(WEBHOOK_KEY);
	});
});

describe('slow, huge and garbage answers are bounded service errors', () => {
	it('LLM: a trickling body stops at the LLM timeout, and the rules verdict stands', async () => {
		const server = await startScripted((_req, res) => trickle(res));
		try {
			const items = [{ id: 't1', message: 'We need an ML engineer for demand forecasting in production.' }];
			const started = Date.now();
			const result = await runWorkflow(node('Classify', 'n8n-nodes-talent-pipeline.leadClassifier', { mode: 'llm', options: { llmTimeout: 500 } }, { talentPipelineLlmApi: { id: '1', name: 'LLM' } }), {
				items,
				credentials: { talentPipelineLlmApi: { baseUrl: server.url, apiKey: LLM_KEY, model: 'm' } },
			});
			const elapsed = Date.now() - started;
			const out = allItems(result.output('Classify'));
			report('llm-trickle', { items: items.length, out: out.length, elapsedMs: elapsed, secretsLeaked: leaked(out).length });
			expect(out).toHaveLength(1);
			expect(JSON.stringify(out[0].json)).toMatch(/llm\.fallback/);
			// The deadline (0.5 s) ended it, not the server: well under the trickle's own length.
			expect(elapsed).toBeLessThan(TRICKLE_MS / 2);
		} finally {
			await server.stop();
		}
	});

	it.each([
		['an 11 MB answer', huge, /larger than 10 MB/],
		['an HTML page', (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Welcome to nginx</body></html>'), /not GitHub's.*HTML/],
		['garbage', (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('\u0000\u0001{{{not json'), /not GitHub's/],
		['another API\'s JSON', (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok","data":[]}'), /not GitHub's/],
	])('GitHub: %s is a GitHub error, never not_found', async (fault, answer, message) => {
		const server = await startScripted((_req, res) => answer(res));
		try {
			const items = [{ id: 'h1', githubUsername: 'talmasri' }, { id: 'h2', githubUsername: 'ydemirci' }];
			const result = await runWorkflow(node('Enrich', 'n8n-nodes-talent-pipeline.candidateEnricher', { operation: 'enrichAndVet' }, { talentPipelineGithubApi: { id: '1', name: 'GitHub' } }), {
				items,
				credentials: { talentPipelineGithubApi: { server: server.url, token: GITHUB_TOKEN } },
			});
			const out = allItems(result.output('Enrich'));
			const text = JSON.stringify(out.map((i) => i.json));
			report(`github-${fault.replace(/\W+/g, '-')}`, { items: items.length, out: out.length, notFound: (text.match(/"not_found"/g) ?? []).length, secretsLeaked: leaked(out).length });
			expect(out).toHaveLength(items.length);
			expect(text).not.toMatch(/"not_found"|no_public_work/);
			expect(text).toMatch(message);
			expect(leaked(out)).toEqual([]);
		} finally {
			await server.stop();
		}
	});
});

describe('the CLI client is bounded the same way', () => {
	it('refuses a cross-origin redirect, stops a trickle at the deadline, refuses 11 MB', async () => {
		origin.setDefault((req) => ({ status: 307, headers: { location: `${elsewhere.url}${req.path}` }, body: '' }));
		const http = axiosHttpClient('Webhook');
		await expect(http.request({ method: 'POST', url: `${origin.url}/hook`, headers: { 'X-Api-Key': WEBHOOK_KEY }, body: { a: 1 } })).rejects.toThrow(/another origin/);
		expect(elsewhere.requests).toHaveLength(0);

		const slow = await startScripted((_req, res) => trickle(res));
		const big = await startScripted((_req, res) => huge(res));
		try {
			const started = Date.now();
			const error = await http.request({ method: 'GET', url: slow.url, timeoutMs: 600 }).catch((e: unknown) => e);
			const elapsed = Date.now() - started;
			expect(error).toBeInstanceOf(ServiceError);
			expect((error as Error).message).toMatch(/too slowly/);
			expect(elapsed).toBeLessThan(TRICKLE_MS / 2);
			await expect(http.request({ method: 'GET', url: big.url, timeoutMs: 20_000 })).rejects.toThrow(/larger than 10 MB/);
			report('cli-client', { redirectsFollowedElsewhere: elsewhere.requests.length, trickleStoppedAfterMs: elapsed });
		} finally {
			await slow.stop();
			await big.stop();
		}
	});

	it('follows a same-origin redirect with the credential', async () => {
		origin.enqueue({ status: 301, headers: { location: '/moved' }, body: '' });
		origin.setDefault({ status: 200, body: { ok: true } });
		const res = await axiosHttpClient('GitHub').request({ method: 'GET', url: `${origin.url}/start`, headers: { authorization: `Bearer ${GITHUB_TOKEN}` } });
		expect(res.status).toBe(200);
		expect(origin.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
			['/start', `Bearer ${GITHUB_TOKEN}`],
			['/moved', `Bearer ${GITHUB_TOKEN}`],
		]);
	});
});
