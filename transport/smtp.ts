import { PassThrough } from 'node:stream';

import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import { ServiceError } from '../core/errors';
import { type Address, headerText } from '../core/outreach/headers';
import type { ComposedMessage } from '../core/outreach/message';
import { type SendContext, UncertainDelivery } from '../core/outreach/run';
import { startDeadline, type Deadline } from '../core/timers';

/** How to reach an SMTP server (the `talentPipelineSmtp` credential, or the CLI's --smtp-url). */
export interface SmtpSettings {
	host: string;
	port: number;
	/** TLS from the first byte (port 465). Without it, STARTTLS is used when the server offers it. */
	secure?: boolean;
	/** Refuse to send unless the connection is upgraded with STARTTLS. */
	requireTls?: boolean;
	/** Never upgrade with STARTTLS (a local relay without TLS). */
	ignoreTls?: boolean;
	/** Accept a certificate that does not validate (a self-signed test relay). */
	allowUnauthorizedCerts?: boolean;
	user?: string;
	password?: string;
	connectionTimeoutMs?: number;
	greetingTimeoutMs?: number;
	socketTimeoutMs?: number;
	/** Bound on one message (see SMTP_LIMITS.messageTimeoutMs). */
	messageTimeoutMs?: number;
	/** Connections open at once per run. */
	maxConnections?: number;
}

export interface Sender {
	address: Address;
	name?: string | null;
	replyTo?: Address | null;
}

const SERVICE = 'SMTP';

/** Removes the password (and its base64, which AUTH PLAIN/LOGIN send) from any text bound for a user. */
function redact(text: string, settings: SmtpSettings): string {
	let out = text;
	const secrets = [settings.password, settings.password && Buffer.from(settings.password).toString('base64')];
	for (const secret of secrets) if (secret && secret.length >= 3) out = out.split(secret).join('***');
	return out;
}

/** What the client had done when a send failed: decides whether the server may hold the message. */
export interface SendPhase {
	/** The whole message, final dot included, was written to the server (the DATA command had been accepted). */
	handedOver: boolean;
}

/**
 * Turns a nodemailer failure into a ServiceError a user can act on, without the credential.
 *
 * Only an answer from the server is a definite refusal: a 4xx/5xx reply (to MAIL, RCPT, DATA or after the final
 * dot), a refused connection, a greeting that never came. A connection lost, reset or timed out after the whole
 * message was handed over has no answer, and the server may have queued the message: nodemailer reports that as a
 * plain connection error (command `CONN`), so the phase comes from `SmtpMailer`, which watched the message go out.
 */
export function smtpError(error: unknown, settings: SmtpSettings, phase: SendPhase = { handedOver: false }): ServiceError {
	const e = error as { message?: string; code?: string; responseCode?: number; command?: string };
	const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
	const message = redact(headerText(String(e.message ?? error), 500), settings);
	const connection = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED'].includes(e.code ?? '');
	if (e.code === 'EAUTH') {
		return new ServiceError(SERVICE, `authentication failed: ${message}`, {
			status,
			hint: 'Check the user and password of the SMTP credential.',
		});
	}
	// An envelope error (MAIL FROM, RCPT TO, DATA refused) comes before any of the message was sent.
	if (status === undefined && phase.handedOver && e.code !== 'EENVELOPE') {
		return new ServiceError(SERVICE, `${message} after the whole message was handed over, before the server confirmed it`, {
			outcomeUnknown: true,
			hint: "The server may have accepted the message. Look for its Message-ID in the recipient's mailbox or the server's log before sending it again.",
		});
	}
	return new ServiceError(SERVICE, message, {
		status,
		// 4xx replies are temporary by definition (RFC 5321); no answer may be temporary too.
		retryable: connection || (status !== undefined && status >= 400 && status < 500),
		hint: connection
			? `Check that ${settings.host}:${settings.port} accepts SMTP connections from here (and the TLS setting).`
			: status !== undefined && status >= 500
				? 'The server refused this message permanently; check the recipient and sender addresses.'
				: undefined,
	});
}

/** Defaults of the SMTP bounds (README, Limits). */
export const SMTP_LIMITS = {
	connectionTimeoutMs: 10_000,
	greetingTimeoutMs: 10_000,
	socketTimeoutMs: 30_000,
	/** One message, from taking a connection (connect, greet, log in when new) to the server's answer to the final dot. */
	messageTimeoutMs: 60_000,
	maxConnections: 2,
} as const;

/** The nodemailer options for `settings` (the credential test's transport). */
function transportOptions(settings: SmtpSettings): SMTPTransport.Options {
	return { ...connectionOptions(settings), auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined, disableFileAccess: true, disableUrlAccess: true, debug: false };
}

function connectionOptions(settings: SmtpSettings): SMTPConnection.Options {
	return {
		host: settings.host,
		port: settings.port,
		secure: settings.secure ?? false,
		requireTLS: settings.requireTls ?? false,
		ignoreTLS: settings.ignoreTls ?? false,
		tls: { rejectUnauthorized: !settings.allowUnauthorizedCerts },
		connectionTimeout: settings.connectionTimeoutMs ?? SMTP_LIMITS.connectionTimeoutMs,
		greetingTimeout: settings.greetingTimeoutMs ?? SMTP_LIMITS.greetingTimeoutMs,
		socketTimeout: settings.socketTimeoutMs ?? SMTP_LIMITS.socketTimeoutMs,
		logger: false,
	};
}

/** A live connection and whether it is still usable. */
interface Connection {
	smtp: SMTPConnection;
	alive: boolean;
}

/**
 * SMTP connections for one run (at most `maxConnections`, reused): `send` delivers one composed message; `close`
 * ends the connections. Every header value comes from the composed message, already folded to one line.
 *
 * nodemailer's SMTPConnection is driven directly (not its pooled transport) so that the mailer knows whether the
 * message had been handed over when a connection failed: that, not the error's name, decides whether a failure is
 * definite (the claim is given back) or uncertain (the claim is kept: never twice).
 */
export class SmtpMailer {
	private readonly idle: Connection[] = [];
	private readonly waiting: Array<() => void> = [];
	private open = 0;
	private closed = false;

	constructor(
		private readonly settings: SmtpSettings,
		private readonly from: Sender,
	) {}

	private get maxConnections(): number {
		return Math.max(1, positiveOr(this.settings.maxConnections, SMTP_LIMITS.maxConnections));
	}

	/** A connected (and logged-in) connection; waits while `maxConnections` are busy. */
	private async acquire(onOpen: (connection: Connection) => void = () => undefined): Promise<Connection> {
		while (this.open >= this.maxConnections && this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
		const reused = this.idle.pop();
		if (reused) return reused;
		this.open++;
		const smtp = new SMTPConnection(connectionOptions(this.settings));
		const connection: Connection = { smtp, alive: true };
		onOpen(connection);
		smtp.on('error', () => (connection.alive = false));
		smtp.on('end', () => (connection.alive = false));
		try {
			await new Promise<void>((resolve, reject) => smtp.connect((err) => (err ? reject(err) : resolve())));
			if (this.settings.user) {
				const user = this.settings.user;
				await new Promise<void>((resolve, reject) => smtp.login({ user, pass: this.settings.password ?? '' }, (err) => (err ? reject(err) : resolve())));
			}
			return connection;
		} catch (error) {
			this.discard(connection);
			throw error;
		}
	}

	private releaseConnection(connection: Connection): void {
		if (connection.alive && !this.closed) this.idle.push(connection);
		else this.discard(connection);
		this.waiting.shift()?.();
	}

	private discard(connection: Connection): void {
		connection.alive = false;
		connection.smtp.close();
		this.open--;
		this.waiting.shift()?.();
	}

	async send(message: ComposedMessage, limits: Pick<SendContext, 'deadlineMs'> = {}): Promise<{ messageId: string | null }> {
		const mail = new MailComposer({
			from: { name: this.from.name ? headerText(this.from.name, 200) : '', address: this.from.address.address },
			to: { name: message.toName ?? '', address: message.to.address },
			replyTo: this.from.replyTo ? this.from.replyTo.address : undefined,
			subject: message.subject,
			text: message.text,
			html: message.html ?? undefined,
			headers: message.headers,
			disableFileAccess: true,
			disableUrlAccess: true,
		}).compile();
		const messageId = mail.messageId();
		const raw = await mail.build();
		const phase: SendPhase = { handedOver: false };
		const budget = positiveOr(this.settings.messageTimeoutMs, SMTP_LIMITS.messageTimeoutMs);
		const deadline = Math.min(Date.now() + budget, limits.deadlineMs ?? Infinity);
		// Once the time is up nothing more may go out for this message: a connection that comes later is
		// handed back unused, one in use is closed at once.
		const state: { timedOut: boolean; connection?: Connection } = { timedOut: false };
		let timer: Deadline | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = startDeadline(deadline - Date.now(), () => {
				state.timedOut = true;
				if (state.connection) state.connection.alive = false;
				state.connection?.smtp.close();
				const what = deadline === limits.deadlineMs ? "within the run's time budget" : `within ${budget} ms`;
				reject(Object.assign(new Error(`No answer ${what}`), { code: 'ETIMEDOUT' }));
			});
		});
		const attempt = (async () => {
			// A connection still being set up when the time is up is closed too.
			const connection = await this.acquire((opening) => {
				state.connection = opening;
			});
			if (state.timedOut) {
				this.releaseConnection(connection);
				return;
			}
			state.connection = connection;
			try {
				await this.transmit(connection, mail.getEnvelope(), raw, phase);
			} finally {
				this.releaseConnection(connection);
			}
		})();
		try {
			await Promise.race([attempt, timeout]);
			return { messageId };
		} catch (error) {
			const failure = smtpError(error, this.settings, phase);
			throw failure.outcomeUnknown ? new UncertainDelivery(failure, messageId) : failure;
		} finally {
			timer?.cancel();
			// The loser of the race settles later; nobody waits for it.
			attempt.catch(() => undefined);
		}
	}

	/** One SMTP transaction on `connection`; marks `phase.handedOver` once the whole message has been written. */
	private transmit(connection: Connection, envelope: SMTPConnection.Envelope, raw: Buffer, phase: SendPhase): Promise<void> {
		const { smtp } = connection;
		return new Promise<void>((resolve, reject) => {
			const source = new PassThrough();
			// SMTPConnection pipes the message only after the server accepted DATA (354); the source ends once
			// every byte, and the final dot after it, went to the socket.
			source.once('end', () => (phase.handedOver = true));
			const onError = (err: Error): void => {
				connection.alive = false;
				reject(err);
			};
			const onEnd = (): void => {
				connection.alive = false;
				reject(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' }));
			};
			smtp.once('error', onError);
			smtp.once('end', onEnd);
			smtp.send(envelope, source, (err) => {
				smtp.removeListener('error', onError);
				smtp.removeListener('end', onEnd);
				if (err) {
					// A refused envelope or message leaves the session in an unknown state: start afresh next time.
					connection.alive = false;
					smtp.close();
					reject(err);
				} else resolve();
			});
			source.end(raw);
		});
	}

	close(): void {
		this.closed = true;
		for (const connection of this.idle.splice(0)) {
			connection.alive = false;
			connection.smtp.quit();
		}
	}
}

function positiveOr(value: number | undefined, fallback: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Connects, greets and (when configured) logs in, then disconnects: the credential test. */
export async function verifySmtp(settings: SmtpSettings): Promise<void> {
	const transporter = nodemailer.createTransport(transportOptions(settings));
	try {
		await transporter.verify();
	} catch (error) {
		throw smtpError(error, settings);
	} finally {
		transporter.close();
	}
}
