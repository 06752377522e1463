import { ServiceError } from '../core/errors';
import type { HttpClient } from '../core/http';

/** One chat message of the OpenAI-compatible chat-completions protocol. */
export interface ChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

export interface ChatCompletionRequest {
	/** e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama), a vLLM or gateway URL. */
	baseUrl: string;
	model: string;
	messages: ChatMessage[];
	/** When set, the answer is constrained to this JSON schema (`response_format: json_schema`, strict). */
	jsonSchema?: { name: string; schema: Record<string, unknown> };
	timeoutMs?: number;
	temperature?: number;
	maxTokens?: number;
}

const SERVICE = 'LLM';

/** Joins a base URL and a path without doubling or dropping the slash. */
export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/**
 * Calls `POST {baseUrl}/chat/completions` once and returns the first choice's
 * text. Not retried: a chat completion is not idempotent in cost, and every
 * caller in this package has a deterministic fallback. Errors are ServiceErrors
 * that name the status but never the API key (the credential adds it).
 */
export async function chatCompletion(http: HttpClient, req: ChatCompletionRequest): Promise<string> {
	const body: Record<string, unknown> = {
		model: req.model,
		messages: req.messages,
		temperature: req.temperature ?? 0,
	};
	if (req.maxTokens !== undefined) body.max_tokens = req.maxTokens;
	if (req.jsonSchema) {
		body.response_format = {
			type: 'json_schema',
			json_schema: { name: req.jsonSchema.name, strict: true, schema: req.jsonSchema.schema },
		};
	}
	const res = await http.request({
		method: 'POST',
		url: joinUrl(req.baseUrl, 'chat/completions'),
		headers: { 'content-type': 'application/json', accept: 'application/json' },
		body,
		timeoutMs: req.timeoutMs,
	});
	if (res.status === 401 || res.status === 403) {
		throw new ServiceError(SERVICE, `the LLM server refused the credential (HTTP ${res.status})`, {
			status: res.status,
			hint: 'Check the API key and base URL of the LLM credential.',
		});
	}
	if (res.status < 200 || res.status >= 300) {
		throw new ServiceError(SERVICE, `the LLM server answered HTTP ${res.status}`, {
			status: res.status,
			retryable: res.status === 429 || res.status >= 500,
			hint: res.status === 429 ? 'The LLM server is rate limiting; lower the batch size or wait.' : undefined,
		});
	}
	let payload = res.body;
	if (typeof payload === 'string') {
		try {
			payload = JSON.parse(payload);
		} catch {
			throw new ServiceError(SERVICE, 'the LLM server answered with something that is not JSON', { status: res.status });
		}
	}
	const content = (payload as { choices?: Array<{ message?: { content?: unknown } }> })?.choices?.[0]?.message?.content;
	if (typeof content !== 'string') {
		throw new ServiceError(SERVICE, 'the LLM answer has no choices[0].message.content', { status: res.status });
	}
	return content;
}
