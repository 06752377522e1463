/**
 * Errors raised by the pure domain core. They carry what an n8n adapter or the
 * CLI needs to tell the user what went wrong, without importing n8n-workflow:
 * the node runner turns them into NodeOperationError / NodeApiError.
 */

/** Bad input: names the offending field (a dotted path such as `message` or `roster[2].email`). */
export class InputError extends Error {
	readonly field: string;
	readonly description?: string;

	constructor(field: string, message: string, description?: string) {
		super(message);
		this.name = 'InputError';
		this.field = field;
		this.description = description;
	}
}

/**
 * A remote service answered with an error or did not answer. `hint` says what a
 * user can do about it. Never put a secret (token, password, API key) in any field.
 */
export class ServiceError extends Error {
	readonly service: string;
	readonly status?: number;
	readonly hint?: string;
	/** True when the request may succeed if tried again (timeouts, 429, 5xx). */
	readonly retryable: boolean;
	/**
	 * True when the request may have reached the service although no answer came
	 * (a timeout after sending): a message may have been delivered.
	 */
	readonly outcomeUnknown: boolean;

	constructor(
		service: string,
		message: string,
		options: { status?: number; hint?: string; retryable?: boolean; outcomeUnknown?: boolean } = {},
	) {
		super(message);
		this.name = 'ServiceError';
		this.service = service;
		this.status = options.status;
		this.hint = options.hint;
		this.retryable = options.retryable ?? false;
		this.outcomeUnknown = options.outcomeUnknown ?? false;
	}
}

/** Turns zod-style issues into one message that names the field path. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out === '' ? String(part) : `.${String(part)}`;
	}
	return out === '' ? '(root)' : out;
}
