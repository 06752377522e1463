/**
 * A loopback server speaking OpenAI's chat-completions protocol, for the
 * Hybrid and LLM modes. Each request is answered by `behaviour`, which the test
 * sets: a verdict, a delay, an HTTP error or a malformed body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type LlmBehaviour =
	| { kind: 'verdict'; verdict: Record<string, unknown> }
	| { kind: 'content'; content: string }
	| { kind: 'status'; status: number }
	| { kind: 'malformed' }
	| { kind: 'delay'; ms: number; then: LlmBehaviour };

export interface RecordedLlmRequest {
	path: string;
	authorization?: string;
	body: { model?: string; messages?: Array<{ role: string; content: string }>; response_format?: unknown };
}

export interface LlmServer {
	baseUrl: string;
	requests: RecordedLlmRequest[];
	behaviour: LlmBehaviour | ((req: RecordedLlmRequest) => LlmBehaviour);
	close(): Promise<void>;
}

export async function startLlmServer(): Promise<LlmServer> {
	const timers = new Set<NodeJS.Timeout>();
	const state: LlmServer = {
		baseUrl: '',
		requests: [],
		behaviour: { kind: 'status', status: 500 },
		close: async () => {},
	};

	const answer = (res: http.ServerResponse, b: LlmBehaviour): void => {
		switch (b.kind) {
			case 'delay': {
				const t = setTimeout(() => {
					timers.delete(t);
					if (!res.destroyed) answer(res, b.then);
				}, b.ms);
				timers.add(t);
				return;
			}
			case 'status':
				res.writeHead(b.status, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: 'server error' } }));
				return;
			case 'malformed':
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end('{"choices": [ {"message": ');
				return;
			default: {
				const content = b.kind === 'verdict' ? JSON.stringify(b.verdict) : b.content;
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						id: 'chatcmpl-test',
						object: 'chat.completion',
						created: 0,
						model: 'test-model',
						choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
					}),
				);
			}
		}
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			let body: RecordedLlmRequest['body'] = {};
			try {
				body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
			} catch {
				// recorded as empty
			}
			const recorded: RecordedLlmRequest = { path: req.url ?? '', authorization: req.headers.authorization, body };
			state.requests.push(recorded);
			if (req.url?.endsWith('/models')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ data: [{ id: 'test-model' }] }));
				return;
			}
			const b = typeof state.behaviour === 'function' ? state.behaviour(recorded) : state.behaviour;
			answer(res, b);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	state.baseUrl = `http://127.0.0.1:${port}/v1`;
	state.close = async () => {
		for (const t of timers) clearTimeout(t);
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return state;
}
