import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { outreach } from '../../cli/commands/outreach';
import { runCommand } from '../helpers/cli';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';

const FIXTURES = path.resolve(__dirname, '../fixtures/outreach');
const PASSWORD = 'smtp-PASS-w0rd-secret';

describe('CLI secrets come from a file or the environment, never a flag value ps shows', () => {
	let smtp: TestSmtpServer;
	let dir: string;
	let input: string;
	beforeAll(async () => {
		smtp = await startSmtpServer({ auth: { user: 'mailer', password: PASSWORD } });
		dir = mkdtempSync(path.join(tmpdir(), 'tp-cli-secrets-'));
		input = path.join(dir, 'items.jsonl');
	});
	afterAll(async () => {
		await smtp.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	const url = (password: string) => `smtp://mailer:${encodeURIComponent(password)}@${smtp.host}:${smtp.port}`;
	const args = (state: string, ...more: string[]) => ['--input', input, '--template', path.join(FIXTURES, 'template.json'), '--from', 'desk@agency.test', '--state', path.join(dir, state), ...more];

	it('outreach reads --smtp-url-file and TP_SMTP_URL; the old --smtp-url with a password warns', async () => {
		// The first record starts with a UTF-8 byte order mark.
		writeFileSync(input, '\uFEFF{"id":"S1","email":"s1@example.com"}\n');
		const file = path.join(dir, 'smtp-url.txt');
		writeFileSync(file, `${url(PASSWORD)}\n`, { mode: 0o600 });
		const fromFile = await runCommand(outreach, args('a.json', '--smtp-url-file', file));
		expect(fromFile.lines.map((l) => l.status)).toEqual(['sent']);
		expect(fromFile.stderr).toBe('');

		process.env.TP_SMTP_URL = url(PASSWORD);
		try {
			const fromEnv = await runCommand(outreach, args('b.json'));
			expect(fromEnv.lines.map((l) => l.status)).toEqual(['sent']);
		} finally {
			delete process.env.TP_SMTP_URL;
		}

		const legacy = await runCommand(outreach, args('c.json', '--smtp-url', url(PASSWORD)));
		expect(legacy.lines.map((l) => l.status)).toEqual(['sent']);
		expect(legacy.stderr).toMatch(/warning: --smtp-url puts a secret in the process list/);
		expect(smtp.logins).toEqual(['mailer', 'mailer', 'mailer']);
		for (const run of [fromFile, legacy]) expect(run.stdout + run.stderr).not.toContain(PASSWORD);
	});

	it('a wrong password is reported without the password in any form', async () => {
		writeFileSync(input, '{"id":"S2","email":"s2@example.com"}\n');
		const wrong = 'WRONG-smtp-pass-123';
		const file = path.join(dir, 'wrong.txt');
		writeFileSync(file, url(wrong));
		const run = await runCommand(outreach, args('d.json', '--smtp-url-file', file));
		expect(run.code).toBe(1);
		expect(run.lines[0]).toMatchObject({ id: 'S2', status: 'failed' });
		const all = run.stdout + run.stderr;
		for (const form of [wrong, Buffer.from(wrong).toString('base64'), Buffer.from(`\0mailer\0${wrong}`).toString('base64')]) expect(all).not.toContain(form);
	});

	it('a missing SMTP URL names the file flag and the variable', async () => {
		const run = await runCommand(outreach, args('e.json'));
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/--smtp-url-file FILE or TP_SMTP_URL/);
	});
});
