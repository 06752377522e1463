import axios from 'axios';

import { ServiceError } from '../core/errors';
import {
	DEFAULT_TIMEOUT_MS,
	invalidHeaderError,
	isInvalidHeaderError,
	lowerCaseHeaders,
	MAX_BODY_BYTES,
	noAnswerError,
	parseBody,
	readBoundedBody,
	sameOriginRedirects,
	type BodyStream,
	type HttpClient,
	type HttpRequest,
	type HttpResponse,
} from '../core/http';
import { Redactor } from '../core/redact';

export interface AxiosClientOptions {
	/** Secrets this client sends (a token): removed from every answer body it returns. */
	secrets?: string[];
}

/**
 * The CLI's HttpClient: axios, statuses returned as data, "no answer" as a
 * retryable ServiceError. `service` names the remote in error messages.
 * Bounded like the nodes' client: one deadline for the headers and the whole
 * body, at most 10 MB read, redirects followed only within the same origin.
 */
export function axiosHttpClient(service = 'HTTP', options: AxiosClientOptions = {}): HttpClient {
	const redactor = new Redactor(options.secrets ?? []);
	const instance = axios.create({
		validateStatus: () => true,
		// Redirects are followed by sameOriginRedirects, which keeps credentials on their origin.
		maxRedirects: 0,
		proxy: false,
		maxBodyLength: 2 * 1024 * 1024,
	});
	const oneHop: HttpClient = {
		async request(req: HttpRequest): Promise<HttpResponse> {
			const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
			const deadlineAt = Date.now() + timeoutMs;
			const abort = new AbortController();
			const timer = setTimeout(() => abort.abort(), timeoutMs);
			try {
				let res;
				try {
					res = await instance.request({
						method: req.method,
						url: req.url,
						headers: req.headers,
						data: req.body,
						timeout: timeoutMs,
						signal: abort.signal,
						responseType: 'stream',
					});
				} catch (error) {
					if (isInvalidHeaderError(error)) {
						throw invalidHeaderError(service, 'Check the header name and value (a header name is a single word such as X-Api-Key).');
					}
					if (/maxBodyLength/.test(String((error as Error).message))) {
						throw new ServiceError(service, 'the request body is larger than 2 MB', { retryable: false });
					}
					const code = (error as { code?: string }).code;
					const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED' || abort.signal.aborted;
					throw noAnswerError({ service, method: req.method, timeoutMs, timedOut, code });
				}
				// From here the body's own deadline (readBoundedBody) applies.
				clearTimeout(timer);
				const headers = lowerCaseHeaders(res.headers);
				const raw = await readBoundedBody(res.data as BodyStream, { service, maxBytes: MAX_BODY_BYTES, deadlineAt });
				return { status: res.status, headers, body: redactor.redactValue(parseBody(raw, headers['content-type'])) };
			} finally {
				clearTimeout(timer);
			}
		},
	};
	return sameOriginRedirects(oneHop, service);
}
