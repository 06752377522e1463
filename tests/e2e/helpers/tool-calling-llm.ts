/**
 * A loopback server speaking OpenAI's chat-completions protocol the way an
 * agent's model does when it uses a tool: to a request that offers tools and
 * holds no tool result yet, it answers with a call of the first tool offered,
 * with the arguments the test gives; to the request that carries the tool's
 * result, it answers with text quoting it. Every request is recorded, so the
 * test sees the tool schema the agent offered and the answer the tool gave.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatRequest {
	model?: string;
	stream?: boolean;
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: { properties?: Record<string, unknown> } } }>;
	messages?: Array<{ role: string; content: unknown; tool_call_id?: string }>;
}

export interface ToolCallingLlm {
	baseUrl: string;
	requests: Array<{ path: string; body: ChatRequest }>;
	/** The content of every tool result the agent sent back, in order. */
	toolResults: string[];
	close(): Promise<void>;
}

const text = (content: unknown): string =>
	typeof content === 'string' ? content : Array.isArray(content) ? content.map((c) => (c as { text?: string }).text ?? '').join('') : '';

export async function startToolCallingLlm(toolArguments: Record<string, unknown>): Promise<ToolCallingLlm> {
	const state: ToolCallingLlm = { baseUrl: '', requests: [], toolResults: [], close: async () => {} };
	let calls = 0;
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			let body: ChatRequest = {};
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as ChatRequest;
			} catch {
				// recorded as an empty body
			}
			state.requests.push({ path: req.url ?? '', body });
			if (!(req.url ?? '').endsWith('/chat/completions')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-loopback', object: 'model' }] }));
				return;
			}
			const results = (body.messages ?? []).filter((m) => m.role === 'tool').map((m) => text(m.content));
			const tool = body.tools?.[0]?.function.name;
			let message: Record<string, unknown>;
			let finish: string;
			if (results.length === 0 && tool) {
				calls++;
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [{ id: `call_${calls}`, type: 'function', function: { name: tool, arguments: JSON.stringify(toolArguments) } }],
				};
				finish = 'tool_calls';
			} else {
				state.toolResults.push(...results.slice(state.toolResults.length));
				message = { role: 'assistant', content: `The tool answered: ${results.at(-1) ?? '(nothing)'}` };
				finish = 'stop';
			}
			const created = Math.floor(Date.now() / 1000);
			if (body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const delta = message.tool_calls
					? { role: 'assistant', tool_calls: (message.tool_calls as Array<Record<string, unknown>>).map((c, index) => ({ index, ...c })) }
					: { role: 'assistant', content: message.content };
				res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
				res.write(`data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					id: 'chatcmpl-1',
					object: 'chat.completion',
					created,
					model: body.model,
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	state.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return state;
}
