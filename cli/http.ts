import axios from 'axios';

import { ServiceError } from '../core/errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../core/http';

/**
 * The CLI's HttpClient: axios, statuses returned as data, "no answer" as a
 * retryable ServiceError. `service` names the remote in error messages.
 */
export function axiosHttpClient(service = 'HTTP'): HttpClient {
	// Bounded memory: an answer or a request body larger than this is refused, not buffered.
	const instance = axios.create({
		validateStatus: () => true,
		maxRedirects: 3,
		proxy: false,
		maxContentLength: 10 * 1024 * 1024,
		maxBodyLength: 2 * 1024 * 1024,
	});
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			try {
				const res = await instance.request({
					method: req.method,
					url: req.url,
					headers: req.headers,
					data: req.body,
					timeout: req.timeoutMs,
					responseType: 'text',
					transformResponse: (x: unknown) => x,
				});
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
				let body: unknown = res.data;
				if (typeof body === 'string' && /json/i.test(headers['content-type'] ?? '')) {
					try {
						body = JSON.parse(body);
					} catch {
						// Leave malformed JSON as text: the transport reports it.
					}
				}
				return { status: res.status, headers, body };
			} catch (error) {
				const code = (error as { code?: string }).code;
				if (/maxContentLength|maxBodyLength/.test(String((error as Error).message))) {
					throw new ServiceError(service, 'the answer is larger than 10 MB', { retryable: false });
				}
				const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
				throw new ServiceError(service, timedOut ? `no answer within ${req.timeoutMs} ms` : `request failed (${code ?? 'no answer'})`, {
					retryable: true,
					outcomeUnknown: timedOut && req.method !== 'GET',
				});
			}
		},
	};
}
