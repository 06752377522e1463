import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

import { ServiceError } from '../core/errors';
import { type Address, headerText } from '../core/outreach/headers';
import type { ComposedMessage } from '../core/outreach/message';

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

/** Turns a nodemailer failure into a ServiceError a user can act on, without the credential. */
export function smtpError(error: unknown, settings: SmtpSettings): ServiceError {
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
	return new ServiceError(SERVICE, message, {
		status,
		// The connection dropped or timed out while the message was being handed over,
		// with no reply: the server may have accepted it.
		outcomeUnknown: status === undefined && e.command === 'DATA',
		// 4xx replies are temporary by definition (RFC 5321); no answer may be temporary too.
		retryable: connection || (status !== undefined && status >= 400 && status < 500),
		hint: connection
			? `Check that ${settings.host}:${settings.port} accepts SMTP connections from here (and the TLS setting).`
			: status !== undefined && status >= 500
				? 'The server refused this message permanently; check the recipient and sender addresses.'
				: undefined,
	});
}

/** The nodemailer options for `settings`: no file or URL access (message parts are text only). */
function transportOptions(settings: SmtpSettings, pool: boolean): SMTPTransport.Options & { pool?: boolean; maxConnections?: number } {
	return {
		host: settings.host,
		port: settings.port,
		secure: settings.secure ?? false,
		requireTLS: settings.requireTls ?? false,
		ignoreTLS: settings.ignoreTls ?? false,
		tls: { rejectUnauthorized: !settings.allowUnauthorizedCerts },
		auth: settings.user ? { user: settings.user, pass: settings.password ?? '' } : undefined,
		connectionTimeout: settings.connectionTimeoutMs ?? 10_000,
		greetingTimeout: settings.greetingTimeoutMs ?? 10_000,
		socketTimeout: settings.socketTimeoutMs ?? 30_000,
		disableFileAccess: true,
		disableUrlAccess: true,
		logger: false,
		debug: false,
		...(pool ? { pool: true, maxConnections: 2 } : {}),
	};
}

/**
 * An SMTP connection (pooled) for one run: `send` delivers one composed
 * message; `close` ends the connections. Every header value comes from the
 * composed message, already folded to one line.
 */
export class SmtpMailer {
	private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

	constructor(
		private readonly settings: SmtpSettings,
		private readonly from: Sender,
	) {
		this.transporter = nodemailer.createTransport(transportOptions(settings, true) as SMTPTransport.Options);
	}

	async send(message: ComposedMessage): Promise<{ messageId: string | null }> {
		try {
			const info = await this.transporter.sendMail({
				from: { name: this.from.name ? headerText(this.from.name, 200) : '', address: this.from.address.address },
				to: { name: message.toName ?? '', address: message.to.address },
				replyTo: this.from.replyTo ? this.from.replyTo.address : undefined,
				subject: message.subject,
				text: message.text,
				html: message.html ?? undefined,
				headers: message.headers,
			});
			return { messageId: info.messageId ?? null };
		} catch (error) {
			throw smtpError(error, this.settings);
		}
	}

	close(): void {
		this.transporter.close();
	}
}

/** Connects, greets and (when configured) logs in, then disconnects: the credential test. */
export async function verifySmtp(settings: SmtpSettings): Promise<void> {
	const transporter = nodemailer.createTransport(transportOptions(settings, false) as SMTPTransport.Options);
	try {
		await transporter.verify();
	} catch (error) {
		throw smtpError(error, settings);
	} finally {
		transporter.close();
	}
}

/**
 * Reads `smtp://[user:password@]host[:port]` (`smtps://` for TLS from the
 * first byte; `?ignoreTLS=true` / `?requireTLS=true`) into settings.
 */
export function smtpSettingsFromUrl(url: string): SmtpSettings {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new Error('--smtp-url is not a URL (expected smtp://HOST:PORT)');
	}
	if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('--smtp-url must start with smtp:// or smtps://');
	const secure = parsed.protocol === 'smtps:';
	return {
		host: parsed.hostname.replace(/^\[|\]$/g, ''),
		port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
		secure,
		ignoreTls: parsed.searchParams.get('ignoreTLS') === 'true',
		requireTls: parsed.searchParams.get('requireTLS') === 'true',
		user: parsed.username ? decodeURIComponent(parsed.username) : undefined,
		password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
	};
}
