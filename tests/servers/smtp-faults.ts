/**
 * A raw SMTP server on 127.0.0.1 (node:net) that misbehaves on purpose, for the fault suite. It speaks just enough
 * ESMTP for nodemailer (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and fails in one chosen way:
 *
 * - `drop-after-dot`: reads the whole message, puts it in the mailbox (the server took it), then closes the
 *   connection without answering the final dot: the classic "was it delivered?" case;
 * - `stall-after-dot`: puts the message in the mailbox and never answers the dot;
 * - `reply-after-dot`: answers the dot with `code` (421, 451, 550) and keeps nothing;
 * - `reply-to-rcpt` / `reply-to-data`: answers RCPT TO or DATA with `code`;
 * - `no-greeting`: accepts the connection and never greets;
 * - `ok`: behaves.
 *
 * It offers AUTH PLAIN and accepts any login (the suite checks that no credential reaches an output).
 * `mailbox` counts the copies each recipient holds. Every socket is destroyed by `stop`.
 */
import { createServer, type Socket } from 'node:net';

export type SmtpFault = 'ok' | 'drop-after-dot' | 'stall-after-dot' | 'reply-after-dot' | 'reply-to-rcpt' | 'reply-to-data' | 'no-greeting';

export interface FaultySmtpServer {
	host: string;
	port: number;
	/** Copies per recipient address (lower case). */
	mailbox: Map<string, number>;
	/** Change the fault for the connections and messages that follow. */
	setFault(fault: SmtpFault, code?: number): void;
	/** Messages whose final dot the server read. */
	dots: number;
	/** AUTH commands seen. */
	logins: number;
	stop(): Promise<void>;
}

const REPLY_TEXT: Record<number, string> = {
	421: '4.3.2 Service shutting down, closing channel',
	451: '4.3.0 Temporary failure, try again later',
	550: '5.1.1 Mailbox unavailable',
};

export async function startFaultySmtpServer(initial: SmtpFault = 'ok', initialCode = 451): Promise<FaultySmtpServer> {
	const mailbox = new Map<string, number>();
	const sockets = new Set<Socket>();
	const config = { fault: initial, code: initialCode };
	const state = { dots: 0, logins: 0 };

	const reply = (socket: Socket, code: number): void => {
		socket.write(`${code} ${REPLY_TEXT[code] ?? 'Refused'}\r\n`);
		if (code === 421) socket.end();
	};

	const server = createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		if (config.fault === 'no-greeting') return;
		socket.write('220 faults.test ESMTP\r\n');
		let buffer = '';
		let inData = false;
		let rcpt: string[] = [];
		socket.on('data', (chunk: Buffer) => {
			buffer += chunk.toString('latin1');
			for (;;) {
				if (inData) {
					const end = buffer.indexOf('\r\n.\r\n');
					if (end === -1) return;
					buffer = buffer.slice(end + 5);
					inData = false;
					state.dots++;
					const recipients = rcpt;
					rcpt = [];
					if (config.fault === 'reply-after-dot') {
						reply(socket, config.code);
						continue;
					}
					for (const to of recipients) mailbox.set(to, (mailbox.get(to) ?? 0) + 1);
					if (config.fault === 'drop-after-dot') {
						socket.destroy();
						return;
					}
					if (config.fault === 'stall-after-dot') return;
					socket.write('250 2.0.0 Queued\r\n');
					continue;
				}
				const eol = buffer.indexOf('\r\n');
				if (eol === -1) return;
				const line = buffer.slice(0, eol);
				buffer = buffer.slice(eol + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') socket.write('250-faults.test\r\n250-8BITMIME\r\n250-AUTH PLAIN\r\n250 SMTPUTF8\r\n');
				else if (verb === 'AUTH') {
					state.logins++;
					socket.write('235 2.7.0 Authentication successful\r\n');
				}
				else if (verb === 'HELO' || verb === 'NOOP') socket.write('250 OK\r\n');
				else if (verb === 'MAIL') {
					rcpt = [];
					socket.write('250 2.1.0 OK\r\n');
				} else if (verb === 'RCPT') {
					if (config.fault === 'reply-to-rcpt') reply(socket, config.code);
					else {
						const match = /<([^>]*)>/.exec(line);
						rcpt.push((match ? match[1] : '').toLowerCase());
						socket.write('250 2.1.5 OK\r\n');
					}
				} else if (verb === 'DATA') {
					if (config.fault === 'reply-to-data') reply(socket, config.code);
					else {
						inData = true;
						socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
					}
				} else if (verb === 'RSET') {
					rcpt = [];
					socket.write('250 OK\r\n');
				} else if (verb === 'QUIT') {
					socket.end('221 Bye\r\n');
					return;
				} else socket.write('502 5.5.2 Command not recognized\r\n');
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		host: '127.0.0.1',
		port,
		mailbox,
		get dots() {
			return state.dots;
		},
		get logins() {
			return state.logins;
		},
		setFault(fault: SmtpFault, code = 451) {
			config.fault = fault;
			config.code = code;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
