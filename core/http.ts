/**
 * The HTTP client the domain core and transports are given. Inside n8n it wraps
 * `this.helpers.httpRequestWithAuthentication` (so credentials, proxies and
 * n8n's settings apply); outside n8n (the CLI, benchmarks) it wraps axios.
 * Implementations never throw on an HTTP status: they return it, and the
 * transport decides what it means. They throw only when no answer came
 * (connection refused, timeout), as a ServiceError with retryable = true.
 */
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
