import { ServiceError } from '../core/errors';
import type { HttpClient } from '../core/http';

export interface WebhookMessage {
	campaign: string;
	recipient: { email: string; name: string | null };
	subject: string;
	text: string;
	html: string | null;
	unsubscribeUrl: string | null;
}

const SERVICE = 'Webhook';

/**
 * POSTs one message as JSON. `idempotencyKey` goes in an `Idempotency-Key`
 * header so a receiver can drop a repeat; the credential's header (n8n) or
 * `headers` (elsewhere) authenticates. A 2xx answer is sent; its `id` or
 * `messageId`, when present, becomes the message id. Errors name the host
 * only: a webhook URL's path or query often holds a secret.
 */
export async function postWebhook(
	http: HttpClient,
	url: string,
	message: WebhookMessage,
	options: { idempotencyKey: string; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ messageId: string | null }> {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw new ServiceError(SERVICE, 'the webhook URL is not a URL', { hint: 'Set Webhook URL to an http(s) address.' });
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new ServiceError(SERVICE, 'the webhook URL must be http(s)');
	const response = await http.request({
		method: 'POST',
		url: target.href,
		headers: { 'Idempotency-Key': options.idempotencyKey, ...options.headers },
		body: message,
		timeoutMs: options.timeoutMs ?? 15_000,
	});
	if (response.status < 200 || response.status >= 300) {
		const status = response.status;
		throw new ServiceError(SERVICE, `${target.host} answered ${status}`, {
			status,
			retryable: status === 408 || status === 429 || status >= 500,
			hint: status === 401 || status === 403 ? 'Check the header name and value in the webhook credential.' : undefined,
		});
	}
	const body = response.body as { id?: unknown; messageId?: unknown } | null;
	const id = body && typeof body === 'object' ? (body.messageId ?? body.id) : undefined;
	return { messageId: typeof id === 'string' || typeof id === 'number' ? String(id) : options.idempotencyKey };
}
