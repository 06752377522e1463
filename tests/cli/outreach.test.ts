import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { verifyUnsubscribe } from '../../core/outreach/unsubscribe';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'tests/fixtures/outreach');

interface CliResult {
	code: number;
	lines: Array<Record<string, unknown>>;
	stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'cli/talent-pipeline.ts'), 'outreach', ...args],
			{ cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				const lines = stdout
					.split('\n')
					.filter(Boolean)
					.map((l) => JSON.parse(l) as Record<string, unknown>);
				resolve({ code, lines, stderr });
			},
		);
	});
}

describe('talent-pipeline outreach', () => {
	let smtp: TestSmtpServer;
	let dir: string;
	beforeAll(async () => {
		smtp = await startSmtpServer();
		dir = mkdtempSync(path.join(tmpdir(), 'tp-cli-outreach-'));
	});
	afterAll(async () => {
		await smtp.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	const common = () => [
		'--input',
		path.join(FIXTURES, 'items.jsonl'),
		'--template',
		path.join(FIXTURES, 'template.json'),
		'--suppression',
		path.join(FIXTURES, 'suppression.txt'),
		'--smtp-url',
		smtp.url,
		'--from',
		'desk@agency.test',
	];

	it('sends through a local SMTP server with the guards, one line per input line, in order', async () => {
		const state = path.join(dir, 'state-1.json');
		const first = await cli([...common(), '--state', state]);
		expect(first.code).toBe(1); // a malformed line and a bad address
		expect(first.lines.map((l) => l.status ?? 'error')).toEqual(['sent', 'suppressed', 'error', 'failed', 'sent']);
		expect(first.lines[0]).toMatchObject({ id: 'A', email: 'ann@example.com', reason: null, nextAllowedAt: null });
		expect(first.lines[0].messageId).toMatch(/^<.+>$/);
		expect(first.lines[2]).toEqual({ line: 3, error: expect.stringMatching(/invalid JSON/) });
		expect(first.lines[3]).toMatchObject({ id: 'C', reason: expect.stringMatching(/^email: /) });

		const ann = smtp.messages.find((m) => m.envelope.to.includes('ann@example.com'));
		const head = (ann?.raw ?? '').split(/\r?\n\r?\n/)[0];
		expect(head).toMatch(/^List-Unsubscribe: <https:\/\/agency\.test\/unsubscribe\?e=ann%40example\.com>\r?$/m);
		expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
		expect(ann?.parsed.html).toContain('Hi Ann &lt;b&gt;Lee&lt;/b&gt;');
		const dee = smtp.messages.find((m) => m.envelope.to.includes('Dee@example.com'));
		expect(dee?.envelope.to).toEqual(['Dee@example.com']);
		expect(dee?.parsed.headers.has('bcc')).toBe(false);

		const before = smtp.messages.length;
		const second = await cli([...common(), '--state', state]);
		expect(second.lines.map((l) => l.status ?? 'error')).toEqual(['skipped_duplicate', 'suppressed', 'error', 'failed', 'skipped_duplicate']);
		expect(smtp.messages.length).toBe(before);
	});

	it('signs each unsubscribe link with the secret from TALENT_PIPELINE_UNSUBSCRIBE_SECRET (never a flag)', async () => {
		const secret = 'cli-unsubscribe-secret-0123456789';
		const input = path.join(dir, 'signed.jsonl');
		writeFileSync(input, JSON.stringify({ id: 'S1', email: 'sig@example.com', name: 'Sig', recipient: { email: 'victim@example.com' } }) + '\n');
		const args = ['--input', input, '--template', path.join(FIXTURES, 'template.json'), '--smtp-url', smtp.url, '--from', 'desk@agency.test', '--state', path.join(dir, 'state-signed.json')];
		const run = await cli(args, { TALENT_PIPELINE_UNSUBSCRIBE_SECRET: secret });
		expect(run.lines.map((l) => l.status)).toEqual(['sent']);
		const mail = smtp.messages.find((m) => m.envelope.to.includes('sig@example.com'));
		const head = (mail?.raw ?? '').split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
		const url = new URL(/^List-Unsubscribe: <([^>]+)>/m.exec(head)?.[1] ?? 'https://missing.invalid/');
		expect(url.searchParams.get('e')).toBe('sig@example.com');
		expect(verifyUnsubscribe([secret], url.searchParams.get('token'))).toMatchObject({ ok: true, address: 'sig@example.com' });
	});

	it('two runs at once sharing one state file send each recipient exactly once', async () => {
		const input = path.join(dir, 'many.jsonl');
		writeFileSync(input, Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `M${i}`, email: `many${i}@example.com`, name: `M${i}` })).join('\n'));
		const state = path.join(dir, 'state-shared.json');
		const args = ['--input', input, '--template', path.join(FIXTURES, 'template.json'), '--smtp-url', smtp.url, '--from', 'desk@agency.test', '--state', state];
		const before = smtp.messages.length;
		const [a, b, c] = await Promise.all([cli(args), cli(args), cli(args)]);
		expect([a.code, b.code, c.code]).toEqual([0, 0, 0]);
		const received = smtp.messages.slice(before).flatMap((m) => m.envelope.to);
		expect(received).toHaveLength(40);
		expect(new Set(received).size).toBe(40);
		const sent = [a, b, c].flatMap((r) => r.lines).filter((l) => l.status === 'sent');
		expect(sent).toHaveLength(40);
	});

	it('a failed send releases its claim so the next run sends it', async () => {
		const input = path.join(dir, 'retry.jsonl');
		writeFileSync(input, [{ id: 'R1', email: 'retry1@example.com' }, { id: 'R2', email: 'retry2@example.com' }].map((o) => JSON.stringify(o)).join('\n'));
		const state = path.join(dir, 'state-retry.json');
		const args = ['--input', input, '--template', path.join(FIXTURES, 'template.json'), '--smtp-url', smtp.url, '--from', 'desk@agency.test', '--state', state];
		smtp.failNext(1, 451);
		const first = await cli(args);
		expect(first.code).toBe(1);
		expect(first.lines.map((l) => l.status)).toEqual(['failed', 'sent']);
		expect(first.lines[0].reason).toMatch(/SMTP: .*451/);
		const second = await cli(args);
		expect(second.lines.map((l) => l.status)).toEqual(['sent', 'skipped_duplicate']);
		expect(smtp.messages.filter((m) => m.envelope.to.includes('retry1@example.com'))).toHaveLength(1);
	});

	it('--dry-run renders without SMTP or state', async () => {
		const result = await cli(['--input', path.join(FIXTURES, 'items.jsonl'), '--template', path.join(FIXTURES, 'template.json'), '--dry-run']);
		expect(result.lines.map((l) => l.status ?? 'error')).toEqual(['dry_run', 'dry_run', 'error', 'failed', 'dry_run']);
	});

	it('holds items outside a window with nextAllowedAt', async () => {
		const input = path.join(dir, 'window.jsonl');
		writeFileSync(input, JSON.stringify({ id: 'W', email: 'w@example.com' }));
		const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
		const otherDay = names[(new Date().getUTCDay() + 3) % 7]; // never today (UTC)
		const result = await cli([
			'--input', input, '--template', path.join(FIXTURES, 'template.json'), '--dry-run',
			'--window', '00:00-24:00', '--days', otherDay, '--time-zone', 'UTC',
		]);
		expect(result.lines[0]).toMatchObject({ status: 'outside_window', nextAllowedAt: expect.stringMatching(/T00:00:00\.000Z$/) });
	});

	it.each([
		[['--input', 'x.jsonl'], /--template/],
		[['--template', path.join(FIXTURES, 'template.json')], /--smtp-url/],
		[['--template', path.join(FIXTURES, 'items.jsonl')], /not valid JSON/],
		[['--template', path.join(FIXTURES, 'template.json'), '--dry-run', '--window', '18:00-09:00'], /sendWindow\.end/],
		[['--bogus'], /unknown option/],
	])('refuses %j with exit 2', async (args, message) => {
		const result = await cli(args);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
	});
});
