import { ServiceError } from '../core/errors';
import type { HttpClient, HttpResponse } from '../core/http';
import { redact } from '../core/redact';

export const SLACK_API_BASE_URL = 'https://slack.com/api';

export type SlackTarget =
	/** chat.postMessage with a bot token (the n8n credential adds it; pass `token` outside n8n). */
	| { mode: 'api'; baseUrl?: string; channel: string; token?: string }
	/** An incoming webhook: the URL itself is the secret, so it never appears in errors. */
	| { mode: 'webhook'; webhookUrl: string };

const SERVICE = 'Slack';
const TIMEOUT_MS = 15_000;

function retryable(status: number): boolean {
	return status === 429 || status === 408 || status >= 500;
}

function httpError(response: HttpResponse, what: string): ServiceError {
	const detail = typeof response.body === 'string' ? response.body.slice(0, 100) : (response.body as { error?: string } | null)?.error;
	const retryAfter = response.headers['retry-after'];
	// Slack (or a proxy in front of it) may echo the request: the detail is redacted before it is quoted.
	return new ServiceError(SERVICE, `${what} answered ${response.status}${detail ? ` (${redact(String(detail))})` : ''}`, {
		status: response.status,
		retryable: retryable(response.status),
		hint:
			response.status === 429
				? `Slack is rate limiting${retryAfter ? `; retry after ${retryAfter} s` : ''}.`
				: response.status === 404 || response.status === 403
					? 'Check the incoming webhook URL or the bot token in the Slack credential.'
					: undefined,
	});
}

/**
 * Posts `text` to Slack. Statuses and Slack's own `ok: false` become
 * ServiceErrors (rate limits and 5xx retryable). Returns the message `ts` for
 * chat.postMessage; an incoming webhook gives no id.
 */
export async function postSlackMessage(http: HttpClient, target: SlackTarget, text: string): Promise<{ messageId: string | null }> {
	if (target.mode === 'webhook') {
		let url: URL;
		try {
			url = new URL(target.webhookUrl);
		} catch {
			throw new ServiceError(SERVICE, 'the incoming webhook URL is not a URL', { hint: 'Set the webhook URL in the Slack credential.' });
		}
		if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ServiceError(SERVICE, 'the incoming webhook URL must be http(s)');
		const response = await http.request({ method: 'POST', url: url.href, body: { text }, timeoutMs: TIMEOUT_MS });
		if (response.status < 200 || response.status >= 300) throw httpError(response, 'the incoming webhook');
		return { messageId: null };
	}
	if (!target.channel || target.channel.trim() === '') throw new ServiceError(SERVICE, 'no channel to post to');
	const base = (target.baseUrl ?? SLACK_API_BASE_URL).replace(/\/+$/, '');
	const response = await http.request({
		method: 'POST',
		url: `${base}/chat.postMessage`,
		headers: target.token ? { Authorization: `Bearer ${target.token}` } : undefined,
		body: { channel: target.channel.trim(), text, unfurl_links: false, unfurl_media: false },
		timeoutMs: TIMEOUT_MS,
	});
	if (response.status < 200 || response.status >= 300) throw httpError(response, 'chat.postMessage');
	const body = response.body as { ok?: boolean; error?: string; ts?: string } | null;
	if (!body || typeof body !== 'object' || body.ok !== true) {
		const error = body && typeof body === 'object' ? redact(String(body.error ?? 'unknown_error')).slice(0, 100) : 'not a JSON answer';
		throw new ServiceError(SERVICE, `chat.postMessage failed: ${error}`, {
			retryable: error === 'ratelimited' || error === 'internal_error' || error === 'service_unavailable',
			hint:
				error === 'not_in_channel' || error === 'channel_not_found'
					? 'Invite the Slack app to the channel, or check the channel id.'
					: error === 'invalid_auth' || error === 'not_authed'
						? 'Check the bot token in the Slack credential.'
						: undefined,
		});
	}
	return { messageId: typeof body.ts === 'string' ? body.ts : null };
}
