/**
 * The HTTP client the domain core and transports are given. Inside n8n it wraps
 * `this.helpers.httpRequestWithAuthentication` (so credentials, proxies and
 * n8n's settings apply); outside n8n (the CLI, benchmarks) it wraps axios.
 * Implementations never throw on an HTTP status: they return it, and the
 * transport decides what it means. They throw only when no answer came
 * (connection refused, timeout), as a ServiceError with retryable = true.
 */
import { ServiceError } from './errors';
import { startDeadline, type Deadline } from './timers';

export interface HttpRequest {
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	url: string;
	headers?: Record<string, string>;
	/** JSON body; serialised by the client. */
	body?: unknown;
	/** Milliseconds before the request is abandoned. */
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	/** Header names in lower case. */
	headers: Record<string, string>;
	/** Parsed JSON when the answer was JSON, otherwise the raw text. */
	body: unknown;
}

export interface HttpClient {
	request(req: HttpRequest): Promise<HttpResponse>;
}

/** The largest answer body read, in the nodes and the CLI alike: a larger one is refused, not buffered. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Same-origin redirects followed per request. */
export const MAX_REDIRECTS = 3;

/**
 * The error for a request refused before anything was sent, because a header name or value is invalid. The
 * nodes' and the CLI's clients both report it this way (the runner turns it into a NodeApiError in n8n).
 */
export function invalidHeaderError(service: string, hint: string): ServiceError {
	return new ServiceError(service, 'a request header has an invalid name or value; nothing was sent', { hint });
}

/** What a client knows about a request that got no answer. */
export interface NoAnswer {
	service: string;
	method: HttpRequest['method'];
	timeoutMs: number;
	timedOut: boolean;
	/** The socket or client error code, when there was one. */
	code?: string;
	hint?: string;
}

/**
 * The error for a request no answer came to: retryable, since a later attempt may get through (the transports
 * decide on retries from `retryable`), and `outcomeUnknown` when a request other than a GET timed out, because
 * the service may have acted on it; a GET changes nothing.
 */
export function noAnswerError(failure: NoAnswer): ServiceError {
	const { service, timedOut, timeoutMs, code } = failure;
	return new ServiceError(service, timedOut ? `no answer within ${timeoutMs} ms` : `request failed (${code ?? 'no answer'})`, {
		retryable: true,
		outcomeUnknown: timedOut && failure.method !== 'GET',
		hint: failure.hint,
	});
}

/** What a client's single-hop sender needs to read a body within bounds. */
export interface BodyLimits {
	/** Names the remote in errors. */
	service: string;
	maxBytes?: number;
	/** Epoch ms by which the whole body must have arrived (the request's total deadline). */
	deadlineAt?: number;
}

/** A readable body stream: what node:http, axios (`responseType: 'stream'`) and n8n (`encoding: 'stream'`) return. */
export interface BodyStream extends AsyncIterable<Uint8Array | string> {
	destroy?(error?: Error): void;
}

/**
 * Reads a body stream whole, refusing one larger than `maxBytes` and one that
 * has not finished by `deadlineAt` (a server trickling one byte a second never
 * trips a socket idle timeout). Either way the stream is destroyed, so the
 * connection is not left open.
 */
export async function readBoundedBody(stream: BodyStream, limits: BodyLimits): Promise<Buffer> {
	const maxBytes = limits.maxBytes ?? MAX_BODY_BYTES;
	const chunks: Buffer[] = [];
	let size = 0;
	let timer: Deadline | undefined;
	let timedOut = false;
	const iterator = stream[Symbol.asyncIterator]();
	const expired =
		limits.deadlineAt === undefined
			? undefined
			: new Promise<'expired'>((resolve) => {
					timer = startDeadline(limits.deadlineAt! - Date.now(), () => {
						timedOut = true;
						resolve('expired');
					});
				});
	try {
		for (;;) {
			const next = expired ? await Promise.race([iterator.next(), expired]) : await iterator.next();
			if (next === 'expired' || timedOut) {
				throw new ServiceError(limits.service, 'the answer did not arrive in time (it came too slowly)', {
					retryable: true,
					hint: `Check that ${limits.service} is reachable and answering normally.`,
				});
			}
			if (next.done) break;
			const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value);
			size += chunk.length;
			if (size > maxBytes) {
				throw new ServiceError(limits.service, `the answer is larger than ${Math.round(maxBytes / (1024 * 1024))} MB`, { retryable: false });
			}
			chunks.push(chunk);
		}
	} catch (error) {
		stream.destroy?.();
		if (error instanceof ServiceError) throw error;
		throw new ServiceError(limits.service, 'the answer was cut off', { retryable: true });
	} finally {
		timer?.cancel();
	}
	return Buffer.concat(chunks);
}

/** A body as the transports read it: parsed JSON when the answer says JSON (and is), otherwise text. */
export function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	const text = raw.toString('utf8');
	if (/json/i.test(contentType ?? '') && text.trim() !== '') {
		try {
			return JSON.parse(text);
		} catch {
			// Left as text: the transport reports malformed JSON.
		}
	}
	return text;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function originOf(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return '(not a URL)';
	}
}

/**
 * Wraps a client that does not follow redirects itself. Same-origin redirects
 * are followed (at most MAX_REDIRECTS); a redirect to another origin is
 * refused with a ServiceError that says so, because the request carries the
 * credential (a token, an API key, a webhook header) and, for a POST, the
 * message: neither may go to a host the user did not configure. A POST is
 * followed only on 307/308, which keep the method and body (301/302/303 would
 * turn it into a GET and the message would silently not be delivered).
 */
export function sameOriginRedirects(client: HttpClient, service: string): HttpClient {
	return {
		async request(req: HttpRequest): Promise<HttpResponse> {
			let current = req;
			for (let hop = 0; ; hop++) {
				const res = await client.request(current);
				const location = res.headers.location;
				if (!REDIRECTS.has(res.status) || !location) return res;
				let target: URL;
				try {
					target = new URL(location, current.url);
				} catch {
					throw new ServiceError(service, `answered ${res.status} with a redirect that is not a URL`, { status: res.status });
				}
				const from = originOf(current.url);
				if (target.origin !== from) {
					throw new ServiceError(service, `answered ${res.status} with a redirect to another origin (${target.origin}); not followed, so the credentials stay with ${from}`, {
						status: res.status,
						hint: 'Set the URL to the final address of the service, on the host that should receive the credential.',
					});
				}
				if (current.method !== 'GET' && res.status !== 307 && res.status !== 308) {
					throw new ServiceError(service, `answered ${res.status} to a ${current.method}; not followed (it would be re-sent as a GET without its body)`, { status: res.status });
				}
				if (hop + 1 > MAX_REDIRECTS) throw new ServiceError(service, `more than ${MAX_REDIRECTS} redirects`, { status: res.status });
				current = { ...current, url: target.href };
			}
		},
	};
}

/** The deadline of a request that names none: headers and the whole body within it. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Header names in lower case, repeated values joined. */
export function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (headers && typeof headers === 'object') {
		for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
			if (v === undefined || v === null) continue;
			out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
		}
	}
	return out;
}

/** True for the errors Node raises before sending when a header name or value is not valid HTTP. */
export function isInvalidHeaderError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
	const message = String((error as Error | null)?.message ?? '');
	return (
		code === 'ERR_INVALID_HTTP_TOKEN' ||
		code === 'ERR_INVALID_CHAR' ||
		cause === 'ERR_INVALID_HTTP_TOKEN' ||
		cause === 'ERR_INVALID_CHAR' ||
		/Header name must be a valid HTTP token|Invalid character in header|not a valid HTTP header name/i.test(message)
	);
}
