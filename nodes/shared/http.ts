import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, IDataObject } from 'n8n-workflow';

import { ServiceError } from '../../core/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../../core/http';

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
			out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		}
	}
	return out;
}

/**
 * A core HttpClient backed by n8n's own request helpers, so the node's
 * credential (`credentialType`), proxies and n8n's settings apply. Statuses come
 * back as data; only "no answer" (refused, timed out) throws, as a retryable
 * ServiceError that names the service but never the credential.
 */
export function n8nHttpClient(ctx: IExecuteFunctions, service: string, credentialType?: string): HttpClient {
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			const options: IHttpRequestOptions = {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: req.body as IDataObject | undefined,
				json: true,
				timeout: req.timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			};
			let response: IN8nHttpFullResponse;
			let timer: NodeJS.Timeout | undefined;
			try {
				const pending = (credentialType
					? ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)
					: ctx.helpers.httpRequest(options)) as Promise<IN8nHttpFullResponse>;
				// An abandoned request may still fail later; that must not become an unhandled rejection.
				if (req.timeoutMs) pending.catch(() => undefined);
				// n8n's request helpers do not apply `timeout` on every transport
				// (seen with n8n-core 2.41): the deadline is enforced here as well.
				response = req.timeoutMs
					? await Promise.race([
							pending,
							new Promise<never>((_resolve, reject) => {
								timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), req.timeoutMs);
							}),
						])
					: await pending;
			} catch (error) {
				const code = (error as { code?: string }).code;
				const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String((error as Error).message));
				// The transports decide on retries from ServiceError.retryable; the runner
				// turns whatever still fails into a NodeApiError with the item index.
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				throw new ServiceError(service, timedOut ? `no answer within ${req.timeoutMs ?? 'the'} ms` : `request failed (${code ?? 'no answer'})`, {
					retryable: true,
					// A request that timed out may still have been acted on; a GET changes nothing.
					outcomeUnknown: timedOut && req.method !== 'GET',
					hint: `Check that ${service} is reachable from n8n at the configured URL.`,
				});
			} finally {
				if (timer) clearTimeout(timer);
			}
			return { status: response.statusCode, headers: lowerCaseHeaders(response.headers), body: response.body };
		},
	};
}
