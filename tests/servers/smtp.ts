/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that records every message it
 * accepts: envelope, raw source and the parsed message (mailparser). It can
 * require a login, fail the next N messages with a given reply code, and hold
 * its answer to DATA (a slow server: the sender is inside its send meanwhile).
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
	envelope: { from: string; to: string[] };
	raw: string;
	parsed: ParsedMail;
}

export interface TestSmtpServer {
	host: string;
	port: number;
	url: string;
	messages: ReceivedMail[];
	/** Reject the next `count` messages (after DATA) with `code` (4xx temporary, 5xx permanent). */
	failNext(count: number, code?: number): void;
	/** Answer each message's DATA only after `ms` (0 = at once); the message counts as received when answered. */
	holdReplies(ms: number): void;
	/** The connections whose DATA answer is being held now: client port and recipients. */
	held(): Array<{ port: number; to: string[] }>;
	/** Logins seen (user names only). */
	logins: string[];
	stop(): Promise<void>;
}

export interface SmtpServerOptions {
	/** Require this login. */
	auth?: { user: string; password: string };
	/** Implicit TLS with smtp-server's built-in self-signed certificate. */
	secure?: boolean;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
	const messages: ReceivedMail[] = [];
	const logins: string[] = [];
	const failure = { count: 0, code: 451 };
	const hold = { ms: 0 };
	const held = new Map<string, { port: number; to: string[] }>();

	const config: SMTPServerOptions = {
		secure: options.secure ?? false,
		authOptional: !options.auth,
		allowInsecureAuth: true,
		disabledCommands: options.secure ? [] : ['STARTTLS'],
		logger: false,
		size: 5 * 1024 * 1024,
		onAuth(auth, _session, callback) {
			if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) {
				logins.push(auth.username ?? '');
				callback(null, { user: auth.username });
			} else {
				callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
			}
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				if (failure.count > 0) {
					failure.count--;
					callback(Object.assign(new Error(failure.code >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: failure.code }));
					return;
				}
				const raw = Buffer.concat(chunks).toString('utf8');
				const port = session.remotePort;
				if (hold.ms > 0) held.set(session.id, { port, to: session.envelope.rcptTo.map((r) => r.address) });
				const answerAfter = hold.ms > 0 ? new Promise<void>((resolve) => setTimeout(resolve, hold.ms)) : Promise.resolve();
				answerAfter.then(() => {
					held.delete(session.id);
					return simpleParser(raw);
				}).then(
					(parsed) => {
						messages.push({
							envelope: {
								from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
								to: session.envelope.rcptTo.map((r) => r.address),
							},
							raw,
							parsed,
						});
						callback();
					},
					(error: Error) => callback(error),
				);
			});
		},
	};
	const server = new SMTPServer(config);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	server.on('error', () => undefined);
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		host: '127.0.0.1',
		port,
		url: `${options.secure ? 'smtps' : 'smtp'}://127.0.0.1:${port}`,
		messages,
		logins,
		failNext(count: number, code = 451) {
			failure.count = count;
			failure.code = code;
		},
		holdReplies(ms: number) {
			hold.ms = ms;
		},
		held: () => [...held.values()],
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
