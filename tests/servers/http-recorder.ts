/**
 * A node:http server on 127.0.0.1 that records each request (method, path,
 * headers, parsed JSON body) and answers with what the test scripts:
 * a fixed answer, a queue of answers, or a function.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: unknown;
	rawBody: string;
}

export interface Answer {
	status?: number;
	headers?: Record<string, string>;
	/** An object is sent as JSON; a string as text. */
	body?: unknown;
}

export interface HttpRecorder {
	url: string;
	requests: RecordedRequest[];
	/** The answer for requests when the queue is empty (default 200 `{ ok: true }`). */
	setDefault(answer: Answer | ((req: RecordedRequest) => Answer)): void;
	/** Answers used once each, in order, before the default. */
	enqueue(...answers: Answer[]): void;
	stop(): Promise<void>;
}

export async function startHttpRecorder(): Promise<HttpRecorder> {
	const requests: RecordedRequest[] = [];
	const queue: Answer[] = [];
	let fallback: Answer | ((req: RecordedRequest) => Answer) = { status: 200, body: { ok: true } };

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: unknown = rawBody;
			try {
				body = rawBody ? JSON.parse(rawBody) : undefined;
			} catch {
				// keep the text
			}
			const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, rawBody };
			requests.push(recorded);
			const answer = queue.shift() ?? (typeof fallback === 'function' ? fallback(recorded) : fallback);
			const isText = typeof answer.body === 'string';
			res.writeHead(answer.status ?? 200, {
				'content-type': isText ? 'text/plain' : 'application/json',
				...answer.headers,
			});
			res.end(answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		setDefault(answer) {
			fallback = answer;
		},
		enqueue(...answers) {
			queue.push(...answers);
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
