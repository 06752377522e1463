import type { IExecuteFunctions, IHttpRequestOptions, IN8nHttpFullResponse, IDataObject } from 'n8n-workflow';

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
} from '../../core/http';
import { Redactor } from '../../core/redact';
import { startDeadline, type Deadline } from '../../core/timers';

/** Credential fields that hold secrets (the `password` fields of this package's HTTP credentials). */
const SECRET_FIELDS = ['token', 'apiKey', 'accessToken', 'webhookUrl', 'headerValue', 'password'];

/** The secret values of a credential, for redaction; none when the node has no such credential. */
async function credentialSecrets(ctx: IExecuteFunctions, credentialType: string | undefined): Promise<string[]> {
	if (!credentialType) return [];
	try {
		const data = await ctx.getCredentials(credentialType);
		return SECRET_FIELDS.map((f) => data[f]).filter((v): v is string => typeof v === 'string' && v !== '');
	} catch {
		return [];
	}
}

function isStream(body: unknown): body is BodyStream {
	return !!body && typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/**
 * A core HttpClient backed by n8n's own request helpers, so the node's
 * credential (`credentialType`), proxies and n8n's settings apply. Statuses come
 * back as data; only "no answer" (refused, timed out) throws, as a retryable
 * ServiceError that names the service but never the credential.
 *
 * Bounded as the CLI's client is: one deadline (`timeoutMs`) for the headers
 * and the whole body, bodies over 10 MB refused while streaming, and n8n's own
 * redirect following off: redirects go through sameOriginRedirects, so the
 * credential n8n adds is never sent to another origin. The credential's secret
 * values are removed from every answer body (a server that echoes the token).
 */
export function n8nHttpClient(ctx: IExecuteFunctions, service: string, credentialType?: string): HttpClient {
	let redactor: Promise<Redactor> | undefined;
	const oneHop: HttpClient = {
		async request(req: HttpRequest): Promise<HttpResponse> {
			redactor ??= credentialSecrets(ctx, credentialType).then((secrets) => new Redactor(secrets));
			const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
			const deadlineAt = Date.now() + timeoutMs;
			const options: IHttpRequestOptions = {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: req.body as IDataObject | undefined,
				json: true,
				timeout: timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				disableFollowRedirect: true,
				sendCredentialsOnCrossOriginRedirect: false,
				encoding: 'stream',
			};
			let response: IN8nHttpFullResponse;
			let timer: Deadline | undefined;
			let abandoned = false;
			try {
				const pending = (credentialType
					? ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, options)
					: ctx.helpers.httpRequest(options)) as Promise<IN8nHttpFullResponse>;
				// An abandoned request may still answer later: close its body, and never let it become an unhandled rejection.
				pending.then(
					(late) => {
						if (abandoned && isStream(late.body)) late.body.destroy?.();
					},
					() => undefined,
				);
				// n8n's request helpers do not apply `timeout` on every transport
				// (seen with n8n-core 2.41): the deadline is enforced here as well.
				response = await Promise.race([
					pending,
					new Promise<never>((_resolve, reject) => {
						timer = startDeadline(timeoutMs, () => {
							abandoned = true;
							reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
						});
					}),
				]);
			} catch (error) {
				const redacted = (await redactor).redactError(error);
				if (isInvalidHeaderError(redacted) || isInvalidHeaderError((redacted as { cause?: unknown }).cause)) {
					throw invalidHeaderError(
						service,
						`Check the header name and value in the ${service} credential (a header name is a single word such as X-Api-Key).`,
					);
				}
				const code = (error as { code?: string }).code;
				const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String((error as Error).message));
				// The transports decide on retries from ServiceError.retryable; the runner
				// turns whatever still fails into a NodeApiError with the item index.
				throw noAnswerError({
					service,
					method: req.method,
					timeoutMs,
					timedOut,
					code,
					hint: `Check that ${service} is reachable from n8n at the configured URL.`,
				});
			} finally {
				timer?.cancel();
			}
			const headers = lowerCaseHeaders(response.headers);
			let body: unknown = response.body;
			if (isStream(body)) body = parseBody(await readBoundedBody(body, { service, maxBytes: MAX_BODY_BYTES, deadlineAt }), headers['content-type']);
			return { status: response.statusCode, headers, body: (await redactor).redactValue(body) };
		},
	};
	return sameOriginRedirects(oneHop, service);
}
