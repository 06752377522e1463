/**
 * SMTP faults, against a real (misbehaving) SMTP server on 127.0.0.1, through the Outreach node in n8n-core's
 * engine and through the CLI. Each fault runs a campaign of five recipients twice against the faulty server, then
 * once against the server behaving again, and counts what the mailboxes hold:
 *
 * - delivered: recipients with at least one copy;
 * - duplicated: copies beyond the first (must be 0);
 * - lost: recipients with no copy whose claim was kept, so no later run can reach them (must be 0 for every
 *   definite refusal; an uncertain outcome may lose only what the server silently dropped, and this server keeps
 *   every message it read to the end);
 * - accounted: every input item left the node exactly once, on one output, paired with its own input.
 *
 * The figures are printed (one line per fault) and asserted.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { outreach as outreachCommand } from '../../cli/commands/outreach';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { OutreachResult } from '../../core/outreach/schema';
import { runCommand } from '../helpers/cli';
import { chain, runWorkflow, type WorkflowJson } from '../helpers/engine';
import { startFaultySmtpServer, type FaultySmtpServer, type SmtpFault } from '../servers/smtp-faults';

const TYPE = 'n8n-nodes-talent-pipeline.outreach';
const RECIPIENTS = 5;
/** Short bounds so a stalled server costs a fraction of a second per message, not the 60 s default. */
const MESSAGE_TIMEOUT_MS = 400;
const USER = 'fault-bot';
const PASSWORD = 'Fault-Pa55word-0123';
/** Every form the password takes on the wire: raw, base64, the AUTH PLAIN blob. */
const SECRET_FORMS = [PASSWORD, Buffer.from(PASSWORD).toString('base64'), Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64')];

interface Figures {
	fault: string;
	delivered: number;
	duplicated: number;
	lost: number;
	accounted: boolean;
	/** Outputs (node) or lines (CLI) that contain the SMTP password in any form. */
	secrets: number;
	statuses: Record<string, number>;
}

let server: FaultySmtpServer;
let dir: string;
const figures: Figures[] = [];
let counter = 0;

beforeAll(async () => {
	server = await startFaultySmtpServer();
	dir = mkdtempSync(path.join(tmpdir(), 'tp-smtp-faults-'));
});
afterAll(async () => {
	await server.stop();
	rmSync(dir, { recursive: true, force: true });
	process.stdout.write(
		`\nSMTP faults (${RECIPIENTS} recipients, 2 runs against the fault + 1 against a healthy server):\n` +
			figures
				.map(
					(f) =>
						`  ${f.fault.padEnd(40)} delivered ${f.delivered}  duplicated ${f.duplicated}  lost ${f.lost}  secrets ${f.secrets}  every item accounted for: ${f.accounted ? 'yes' : 'NO'}  ${JSON.stringify(f.statuses)}\n`,
				)
				.join(''),
	);
});

function recipients(campaign: string): IDataObject[] {
	return Array.from({ length: RECIPIENTS }, (_, i) => ({ id: `R-${i}`, email: `${campaign}-${i}@example.com`, name: `Recipient ${i}` }));
}

function workflow(id: string, campaign: string, options: IDataObject = { messageTimeoutMs: MESSAGE_TIMEOUT_MS }): WorkflowJson {
	return {
		id,
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Outreach',
				type: TYPE,
				continueOnFail: true,
				parameters: {
					channel: 'smtp',
					fromEmail: 'talent@agency.test',
					campaign,
					subject: 'Hello {{name}}',
					text: 'Hi {{name}}',
					recipientEmailField: 'email',
					options,
				} as INodeParameters & IDataObject,
				credentials: { talentPipelineSmtp: { id: '1', name: 'SMTP' } },
			},
		],
		connections: chain('Start', 'Outreach'),
	};
}

/** One node run: every item's status, after checking each input left exactly once. */
interface RunFigures {
	statuses: string[];
	accounted: boolean;
	secrets: number;
}

const leaks = (texts: string[]): number => texts.filter((t) => SECRET_FORMS.some((s) => t.includes(s))).length;

async function nodeRun(id: string, campaign: string, port = server.port, options?: IDataObject): Promise<RunFigures> {
	const items = recipients(campaign);
	const result = await runWorkflow(workflow(id, campaign, options), {
		items,
		credentials: { talentPipelineSmtp: { host: server.host, port, security: 'none', user: USER, password: PASSWORD } },
	});
	expect(result.error).toBeUndefined();
	const [sent, notSent] = result.output('Outreach');
	const all: INodeExecutionData[] = [...sent, ...notSent];
	const indexes = all.map((i) => (i.pairedItem as { item: number }).item).sort((a, b) => a - b);
	const accounted = all.length === items.length && indexes.every((v, i) => v === i);
	const statuses: string[] = new Array(items.length);
	for (const item of all) statuses[(item.pairedItem as { item: number }).item] = OutreachResult.parse(item.json.outreach).status;
	return { statuses, accounted, secrets: leaks(all.map((i) => JSON.stringify(i))) };
}

/** One CLI run: every line's status (the CLI writes one line per input line, in order). */
async function cliRun(campaign: string, statePath: string): Promise<RunFigures> {
	const input = path.join(dir, `${campaign}.jsonl`);
	writeFileSync(input, recipients(campaign).map((r) => JSON.stringify(r)).join('\n') + '\n');
	const template = path.join(dir, `${campaign}.json`);
	writeFileSync(template, JSON.stringify({ campaign, subject: 'Hello {{name}}', text: 'Hi {{name}}' }));
	const run = await runCommand<{ id: string; status: string }>(outreachCommand, [
		'--template',
		template,
		'--input',
		input,
		'--smtp-url',
		`smtp://${USER}:${PASSWORD}@${server.host}:${server.port}?ignoreTLS=true`,
		'--from',
		'talent@agency.test',
		'--state',
		statePath,
	]);
	const accounted = run.lines.length === RECIPIENTS && run.lines.every((l, i) => l.id === `R-${i}`);
	return { statuses: run.lines.map((l) => l.status), accounted, secrets: leaks([run.stdout, run.stderr]) };
}

function count(statuses: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
	return out;
}

/**
 * Two runs against `fault`, one against a healthy server; returns the figures. A recipient is lost when its
 * mailbox is empty and the last run did not send to it (its claim is held although nothing arrived).
 */
async function exercise(
	label: string,
	fault: SmtpFault,
	code: number | undefined,
	via: 'node' | 'cli',
	/** Send the faulty runs to this port instead (a closed one: connection refused). */
	faultPort?: number,
): Promise<Figures & { runs: string[][] }> {
	const campaign = `f${counter++}`;
	const id = `wf-fault-${campaign}`;
	const statePath = path.join(dir, `${campaign}.state.json`);
	let port: number | undefined = faultPort;
	const once = () => (via === 'node' ? nodeRun(id, campaign, port) : cliRun(campaign, statePath));
	const runs: string[][] = [];
	let accounted = true;
	let secrets = 0;
	server.setFault(fault, code);
	for (let i = 0; i < 2; i++) {
		const r = await once();
		runs.push(r.statuses);
		accounted &&= r.accounted;
		secrets += r.secrets;
	}
	server.setFault('ok');
	port = undefined;
	const last = await once();
	runs.push(last.statuses);
	accounted &&= last.accounted;
	secrets += last.secrets;

	const addresses = recipients(campaign).map((r) => String(r.email));
	const copies = addresses.map((a) => server.mailbox.get(a) ?? 0);
	const f: Figures & { runs: string[][] } = {
		fault: `${via}: ${label}`,
		delivered: copies.filter((c) => c > 0).length,
		duplicated: copies.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
		lost: copies.filter((c) => c === 0).length,
		accounted,
		secrets,
		statuses: count(runs.flat()),
		runs,
	};
	figures.push(f);
	return f;
}

const REFUSALS: Array<[string, SmtpFault, number]> = [
	['451 after the final dot', 'reply-after-dot', 451],
	['550 after the final dot', 'reply-after-dot', 550],
	['421 after the final dot', 'reply-after-dot', 421],
	['451 to RCPT TO', 'reply-to-rcpt', 451],
	['550 to DATA', 'reply-to-data', 550],
];

describe.each(['node', 'cli'] as const)('SMTP faults through the %s', (via) => {
	it('drop after the final dot: two runs put one copy in each mailbox, reported as unknown, never resent', async () => {
		const logins = server.logins;
		const f = await exercise('drop after the final dot', 'drop-after-dot', undefined, via);
		// The runs logged in, so "secrets 0" is checked against a password that was in use.
		expect(server.logins).toBeGreaterThan(logins);
		expect(f.runs[0]).toEqual(Array(RECIPIENTS).fill('unknown'));
		expect(f.runs[1]).toEqual(Array(RECIPIENTS).fill('skipped_duplicate'));
		expect(f.runs[2]).toEqual(Array(RECIPIENTS).fill('skipped_duplicate'));
		expect(f).toMatchObject({ delivered: RECIPIENTS, duplicated: 0, lost: 0, secrets: 0, accounted: true });
	});

	it.each(REFUSALS)('%s: a definite refusal gives the claim back, so the healthy run sends each once', async (label, fault, code) => {
		const f = await exercise(label, fault, code, via);
		expect(f.runs[0]).toEqual(Array(RECIPIENTS).fill('failed'));
		expect(f.runs[1]).toEqual(Array(RECIPIENTS).fill('failed'));
		expect(f.runs[2]).toEqual(Array(RECIPIENTS).fill('sent'));
		expect(f).toMatchObject({ delivered: RECIPIENTS, duplicated: 0, lost: 0, secrets: 0, accounted: true });
	});

});

// The CLI has no option for the message timeout (its default is 60 s), so the waits are tried through the node only.
describe('SMTP stalls through the node', () => {
	const via = 'node' as const;
	it('stall after the final dot: bounded by the message timeout, unknown, never resent', async () => {
		const started = Date.now();
		const f = await exercise('stall after the final dot', 'stall-after-dot', undefined, via);
		expect(f.runs[0]).toEqual(Array(RECIPIENTS).fill('unknown'));
		expect(f.runs[1]).toEqual(Array(RECIPIENTS).fill('skipped_duplicate'));
		expect(f).toMatchObject({ delivered: RECIPIENTS, duplicated: 0, lost: 0, secrets: 0, accounted: true });
		// 5 stalls of MESSAGE_TIMEOUT_MS each, not 5 socket timeouts of 30 s (a generous bound, not a speed claim).
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('a server that never greets is a definite failure, bounded by the message timeout', async () => {
		const f = await exercise('no greeting', 'no-greeting', undefined, via);
		expect(f.runs[0]).toEqual(Array(RECIPIENTS).fill('failed'));
		expect(f.runs[2]).toEqual(Array(RECIPIENTS).fill('sent'));
		expect(f).toMatchObject({ delivered: RECIPIENTS, duplicated: 0, lost: 0, secrets: 0, accounted: true });
	});

	it('connection refused is a definite failure: the claim is given back', async () => {
		const closed = await startFaultySmtpServer();
		const port = closed.port;
		await closed.stop();
		const f = await exercise('connection refused', 'ok', undefined, via, port);
		expect(f.runs[0]).toEqual(Array(RECIPIENTS).fill('failed'));
		expect(f.runs[2]).toEqual(Array(RECIPIENTS).fill('sent'));
		expect(f).toMatchObject({ delivered: RECIPIENTS, duplicated: 0, lost: 0, secrets: 0, accounted: true });
	});

	it("a stall with the default message timeout is cut by the run's time budget; the items after it are not started", async () => {
		const campaign = `f${counter++}`;
		const id = `wf-fault-${campaign}`;
		server.setFault('stall-after-dot');
		const started = Date.now();
		const stalled = await nodeRun(id, campaign, server.port, { runTimeoutMs: 500 });
		const elapsed = Date.now() - started;
		server.setFault('ok');
		const healthy = await nodeRun(id, campaign, server.port, { runTimeoutMs: 500 });
		const copies = recipients(campaign).map((r) => server.mailbox.get(String(r.email)) ?? 0);
		figures.push({
			fault: 'node: stall, cut by a 500 ms run budget',
			delivered: copies.filter((c) => c > 0).length,
			duplicated: copies.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
			lost: copies.filter((c) => c === 0).length,
			accounted: stalled.accounted && healthy.accounted,
			secrets: stalled.secrets + healthy.secrets,
			statuses: count([...stalled.statuses, ...healthy.statuses]),
		});
		expect(stalled.statuses).toEqual(['unknown', 'over_cap', 'over_cap', 'over_cap', 'over_cap']);
		expect(healthy.statuses).toEqual(['skipped_duplicate', 'sent', 'sent', 'sent', 'sent']);
		expect(copies).toEqual([1, 1, 1, 1, 1]);
		expect(stalled.secrets + healthy.secrets).toBe(0);
		// Bounded by the 500 ms budget, not by the 60 s message timeout or the 30 s socket timeout.
		expect(elapsed).toBeLessThan(10_000);
	});
});
