/**
 * The common part of the loopback servers for read-only public APIs (the
 * Hugging Face Hub, Semantic Scholar): listens on 127.0.0.1 (port 0), records
 * every request, answers ETags with If-None-Match -> 304, and takes injected
 * faults (a status, a 429 with Retry-After or only a RateLimit header, a slow
 * answer). Subclasses route paths to answers in the real API's shapes.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ApiFault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'rate429'; retryAfter?: string; rateLimit?: string }
	| { kind: 'slow'; delayMs: number };

export interface ApiAnswer {
	status: number;
	/** An object is sent as JSON, a string as text. */
	body: unknown;
	headers?: Record<string, string>;
}

export interface ApiRequest {
	method: string;
	/** Path without the query. */
	path: string;
	query: URLSearchParams;
	status: number;
	authorization?: string;
	apiKey?: string;
	ifNoneMatch?: string;
}

export abstract class ApiTestServer {
	url = '';
	readonly requests: ApiRequest[] = [];
	private server?: Server;
	private readonly sockets = new Set<Socket>();
	private readonly faults: Array<{ match: RegExp; fault: ApiFault; times: number }> = [];

	constructor(protected readonly delayMs = 0) {}

	async start(): Promise<this> {
		this.server = createServer((req, res) => void this.handle(req, res));
		this.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
		return this;
	}

	async close(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	/** The next `times` requests whose path (with query) matches `match` get `fault`. */
	inject(match: RegExp, fault: ApiFault, times = 1): void {
		this.faults.push({ match, fault, times });
	}

	reset(): void {
		this.requests.length = 0;
		this.faults.length = 0;
	}

	/** Requests by path pattern (see `pattern`). */
	counts(): Record<string, number> {
		const out: Record<string, number> = {};
		for (const r of this.requests) {
			const key = this.pattern(r.path);
			out[key] = (out[key] ?? 0) + 1;
		}
		return out;
	}

	protected abstract route(path: string, query: URLSearchParams, req: IncomingMessage): ApiAnswer;

	/** A path's pattern for counts (`/api/models/{id}`). */
	protected pattern(path: string): string {
		return path;
	}

	private takeFault(target: string): ApiFault | undefined {
		const i = this.faults.findIndex((f) => f.match.test(target) && f.times > 0);
		if (i < 0) return undefined;
		const f = this.faults[i];
		if (--f.times <= 0) this.faults.splice(i, 1);
		return f.fault;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const full = new URL(req.url ?? '/', this.url);
		const record: ApiRequest = {
			method: req.method ?? 'GET',
			path: full.pathname,
			query: full.searchParams,
			status: 0,
			authorization: req.headers.authorization,
			apiKey: req.headers['x-api-key'] as string | undefined,
			ifNoneMatch: req.headers['if-none-match'] as string | undefined,
		};
		this.requests.push(record);
		const send = (answer: ApiAnswer): void => {
			record.status = answer.status;
			if (res.destroyed) return;
			const isText = typeof answer.body === 'string';
			res.writeHead(answer.status, { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...answer.headers });
			res.end(answer.status === 304 || answer.body === undefined ? undefined : isText ? (answer.body as string) : JSON.stringify(answer.body));
		};
		if (this.delayMs) await sleep(this.delayMs);
		const fault = this.takeFault(full.pathname + full.search);
		if (fault) {
			if (fault.kind === 'slow') await sleep(fault.delayMs);
			else if (fault.kind === 'status') return send({ status: fault.status, body: fault.body ?? { error: 'Internal Error' }, headers: fault.headers });
			else {
				const headers: Record<string, string> = {};
				if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
				if (fault.rateLimit !== undefined) headers.ratelimit = fault.rateLimit;
				return send({ status: 429, body: { message: 'Too Many Requests. Please wait and try again.' }, headers });
			}
		}
		if (req.method !== 'GET') return send({ status: 405, body: { error: 'Method Not Allowed' } });
		const answer = this.route(full.pathname, full.searchParams, req);
		if (answer.status !== 200) return send(answer);
		const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
		const etag = `W/"${createHash('sha1').update(text).digest('hex')}"`;
		const headers = { etag, ...answer.headers };
		if (req.headers['if-none-match'] === etag) return send({ status: 304, body: undefined, headers });
		return send({ ...answer, headers });
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
