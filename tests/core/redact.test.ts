import { redact, Redactor, secretForms, smtpAuthSecrets } from '../../core/redact';

const TOKEN = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const PASSWORD = 'correct horse battery staple!';

describe('redact', () => {
	it.each([
		['raw', (s: string) => `bad credentials for ${s}`],
		['base64', (s: string) => `echo ${Buffer.from(s).toString('base64')}`],
		['base64url', (s: string) => `echo ${Buffer.from(s).toString('base64url')}`],
		['URL-encoded', (s: string) => `https://x.example/?k=${encodeURIComponent(s)}`],
		['JSON-escaped', (s: string) => JSON.stringify({ echo: s })],
		['inside a base64 blob at offset 1', (s: string) => Buffer.from(`x${s}yz`).toString('base64')],
		['inside a base64 blob at offset 2', (s: string) => Buffer.from(`xy${s}z`).toString('base64')],
	])('removes a known secret: %s', (_name, wrap) => {
		for (const secret of [PASSWORD, 'pässwörd-mit-ümlaut', 's3cr3t/+=value']) {
			const text = wrap(secret);
			const out = redact(text, [secret]);
			expect(out).toContain('***');
			expect(out).not.toContain(secret);
			expect(out).not.toContain(Buffer.from(secret).toString('base64').replace(/=+$/, ''));
		}
	});

	it('removes the SMTP AUTH PLAIN and AUTH LOGIN forms of a password', () => {
		const plain = Buffer.from(`\0mailer@example.com\0${PASSWORD}`).toString('base64');
		const login = Buffer.from(PASSWORD).toString('base64');
		const r = new Redactor(smtpAuthSecrets('mailer@example.com', PASSWORD));
		expect(r.redact(`535 5.7.8 rejected ${plain}`)).toBe('535 5.7.8 rejected ***');
		expect(r.redact(`535 you sent ${login}`)).toBe('535 you sent ***');
		// Without knowing the password: the AUTH command's argument is secret by shape.
		expect(redact(`500 unrecognised: AUTH PLAIN ${plain}`)).toBe('500 unrecognised: AUTH PLAIN ***');
	});

	it('removes secret shapes without being told the secret', () => {
		expect(redact('401: you sent Authorization: Bearer xoxb-1234-5678-abcdefgh')).toBe('401: you sent Authorization: Bearer ***');
		expect(redact('echo: xoxb-1234-5678-abcdefgh')).toBe('echo: ***');
		expect(redact(`token ${TOKEN} is bad`)).toBe('token *** is bad');
		expect(redact('key sk-proj-abcdefghijklmnop1234')).toBe('key ***');
		expect(redact('connect smtp://mailer:hunter2@smtp.example.com:587 failed')).toBe('connect smtp://***@smtp.example.com:587 failed');
		expect(redact('Authorization: Basic dXNlcjpwYXNz')).toBe('Authorization: Basic ***');
	});

	it('leaves prose alone', () => {
		for (const text of ['Bearer token required', 'Basic information is missing', 'the token expired', 'see https://example.com/a@b']) {
			expect(redact(text)).toBe(text);
		}
	});

	it('knows the parts of a URL with credentials', () => {
		const url = 'smtp://mailer:p%40ss-w0rd!@127.0.0.1:2525';
		const r = new Redactor([url]);
		expect(r.redact('login p@ss-w0rd! refused')).toBe('login *** refused');
		expect(r.redact(`url ${url}`)).not.toContain('p%40ss');
		expect(secretForms('abc')).toEqual([]);
	});

	it('redacts values and errors in place', () => {
		const r = new Redactor([PASSWORD]);
		expect(r.redactValue({ a: [PASSWORD, 1], b: { c: `x ${PASSWORD}` } })).toEqual({ a: ['***', 1], b: { c: 'x ***' } });
		const e = Object.assign(new Error(`failed: ${PASSWORD}`), { response: `535 ${PASSWORD}` });
		r.redactError(e);
		expect(e.message).toBe('failed: ***');
		expect(e.stack).not.toContain(PASSWORD);
		expect((e as unknown as { response: string }).response).toBe('535 ***');
	});
});
