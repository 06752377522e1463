import { createServer } from 'node:net';

import { ServiceError } from '../../core/errors';
import { parseAddress } from '../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage } from '../../core/outreach/message';
import { SmtpMailer, smtpError, verifySmtp } from '../../transport/smtp';
import { startSmtpServer, type TestSmtpServer } from '../servers/smtp';

const PASSWORD = 's3cret-Pa55word!';

const template = compileOutreachTemplate({
	campaign: 'spring',
	subject: 'A role for {{name}}',
	text: 'Hi {{name}}, about {{brief.problem}}',
	html: '<p>Hi {{name}}</p><p>{{brief.problem}}</p>',
	unsubscribeUrl: 'https://example.com/unsubscribe?e={{recipient.email}}',
});

function compose(email: string, item: Record<string, unknown>) {
	return composeMessage(template, item, { address: parseAddress(email, 'email'), name: String(item.name ?? '') }, 'smtp');
}

/** The header section of a raw message (up to the first empty line). */
function headerBlock(raw: string): string {
	return raw.split(/\r?\n\r?\n/)[0];
}

const from = { address: parseAddress('talent@agency.test', 'from'), name: 'Talent Desk' };

describe('SMTP transport against a real SMTP server', () => {
	let plain: TestSmtpServer;
	let authed: TestSmtpServer;
	beforeAll(async () => {
		plain = await startSmtpServer();
		authed = await startSmtpServer({ auth: { user: 'bot', password: PASSWORD } });
	});
	afterAll(async () => {
		await plain.stop();
		await authed.stop();
	});

	it('delivers one message per recipient with RFC 8058 unsubscribe headers and escaped HTML', async () => {
		const mailer = new SmtpMailer({ host: plain.host, port: plain.port }, from);
		const before = plain.messages.length;
		const result = await mailer.send(compose('ann@example.com', { name: 'Ann <b>&</b>', brief: { problem: 'RAG <script>alert(1)</script>' } }));
		mailer.close();
		expect(result.messageId).toMatch(/^<.+@.+>$/);
		const [mail] = plain.messages.slice(before);
		expect(mail.envelope).toEqual({ from: 'talent@agency.test', to: ['ann@example.com'] });
		const head = headerBlock(mail.raw);
		expect(head).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
		expect(head).toMatch(/^List-Unsubscribe: <https:\/\/example\.com\/unsubscribe\?e=ann%40example\.com>\r?$/m);
		expect(mail.parsed.subject).toBe('A role for Ann <b>&</b>');
		expect(mail.parsed.html).toContain('<p>Hi Ann &lt;b&gt;&amp;&lt;/b&gt;</p>');
		expect(mail.parsed.html).not.toContain('<script>');
		expect(mail.parsed.text).toContain('RAG <script>alert(1)</script>');
		expect(mail.parsed.messageId).toBe(result.messageId);
	});

	it('never turns a line break in a name or subject into a header', async () => {
		const mailer = new SmtpMailer({ host: plain.host, port: plain.port }, { ...from, name: 'Desk\r\nX-From-Injected: 1' });
		const before = plain.messages.length;
		await mailer.send(compose('bob@example.com', { name: 'Bob\r\nBcc: evil@attacker.test\r\nX-Injected: yes', brief: { problem: 'p' } }));
		mailer.close();
		const [mail] = plain.messages.slice(before);
		expect(mail.envelope.to).toEqual(['bob@example.com']);
		expect(mail.parsed.headers.has('bcc')).toBe(false);
		expect(mail.parsed.headers.has('x-injected')).toBe(false);
		expect(mail.parsed.headers.has('x-from-injected')).toBe(false);
		expect(headerBlock(mail.raw)).not.toMatch(/^(Bcc|X-Injected|X-From-Injected):/im);
		expect(mail.parsed.subject).toBe('A role for Bob Bcc: evil@attacker.test X-Injected: yes');
	});

	it('logs in when the server requires it, and a wrong password never shows in the error', async () => {
		const ok = new SmtpMailer({ host: authed.host, port: authed.port, user: 'bot', password: PASSWORD }, from);
		await ok.send(compose('c@example.com', { name: 'C', brief: { problem: 'p' } }));
		ok.close();
		expect(authed.logins).toContain('bot');

		const wrong = 'wr0ng-Pa55word!';
		const bad = new SmtpMailer({ host: authed.host, port: authed.port, user: 'bot', password: wrong }, from);
		const error = await bad.send(compose('c@example.com', { name: 'C', brief: { problem: 'p' } })).catch((e: unknown) => e);
		bad.close();
		expect(error).toBeInstanceOf(ServiceError);
		expect((error as ServiceError).message).toMatch(/authentication failed/);
		expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(wrong);
		expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(Buffer.from(wrong).toString('base64'));
	});

	it('reports 4xx as retryable and 5xx as permanent, with the reply code', async () => {
		const mailer = new SmtpMailer({ host: plain.host, port: plain.port }, from);
		plain.failNext(1, 451);
		const temporary = (await mailer.send(compose('d@example.com', { name: 'D', brief: { problem: 'p' } })).catch((e: unknown) => e)) as ServiceError;
		plain.failNext(1, 550);
		const permanent = (await mailer.send(compose('d@example.com', { name: 'D', brief: { problem: 'p' } })).catch((e: unknown) => e)) as ServiceError;
		mailer.close();
		expect(temporary).toMatchObject({ service: 'SMTP', status: 451, retryable: true });
		expect(permanent).toMatchObject({ service: 'SMTP', status: 550, retryable: false });
	});

	it('reports a server that is not there as retryable', async () => {
		const port = await new Promise<number>((resolve) => {
			const s = createServer();
			s.listen(0, '127.0.0.1', () => {
				const p = (s.address() as { port: number }).port;
				s.close(() => resolve(p));
			});
		});
		const error = (await verifySmtp({ host: '127.0.0.1', port, connectionTimeoutMs: 2_000 }).catch((e: unknown) => e)) as ServiceError;
		expect(error).toBeInstanceOf(ServiceError);
		expect(error.retryable).toBe(true);
	});

	it('verifies a login for the credential test', async () => {
		await expect(verifySmtp({ host: authed.host, port: authed.port, user: 'bot', password: PASSWORD })).resolves.toBeUndefined();
		const error = (await verifySmtp({ host: authed.host, port: authed.port, user: 'bot', password: 'nope-nope' }).catch((e: unknown) => e)) as Error;
		expect(error.message).not.toContain('nope-nope');
	});

	it('sends over implicit TLS', async () => {
		const tls = await startSmtpServer({ secure: true });
		try {
			const mailer = new SmtpMailer({ host: tls.host, port: tls.port, secure: true, allowUnauthorizedCerts: true }, from);
			await mailer.send(compose('e@example.com', { name: 'E', brief: { problem: 'p' } }));
			mailer.close();
			expect(tls.messages).toHaveLength(1);
		} finally {
			await tls.stop();
		}
	});
});

describe('smtpError: definite refusal or unknown outcome', () => {
	const settings = { host: '127.0.0.1', port: 2525, password: PASSWORD };
	const err = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.message ?? 'failed')), fields);
	it.each([
		['a drop after the whole message was handed over', err({ code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }), true, true],
		['a timeout after the whole message was handed over', err({ code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }), true, true],
		['a drop before the message was handed over', err({ code: 'ECONNECTION', command: 'CONN' }), false, false],
		['a greeting that never came', err({ code: 'ETIMEDOUT', command: 'CONN', message: 'Greeting never received' }), false, false],
		['a refused connection', err({ code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:2525' }), false, false],
		['451 after the final dot', err({ code: 'EMESSAGE', command: 'DATA', responseCode: 451 }), true, false],
		['550 after the final dot', err({ code: 'EMESSAGE', command: 'DATA', responseCode: 550 }), true, false],
		['421 closing the connection after the dot', err({ code: 'ECONNECTION', command: 'CONN', responseCode: 421 }), true, false],
		['an envelope error without a reply code', err({ code: 'EENVELOPE', command: 'API', message: 'No recipients defined' }), true, false],
	])('%s', (_label, error, handedOver, unknown) => {
		const result = smtpError(error, settings, { handedOver });
		expect(result.outcomeUnknown).toBe(unknown);
		expect(result.message).not.toContain(PASSWORD);
	});
});
