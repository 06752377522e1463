import type { SmtpSettings } from '../transport/smtp';

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
