/**
 * A Semantic Scholar Graph API v1-shaped server on 127.0.0.1 serving data in
 * the layout of FORMAT.md's scholar.json: `/graph/v1/author/search?query=`
 * (`{ total, offset, data }`, namesakes included, an empty result for an
 * unknown name), `/graph/v1/author/{id}` (404 `{ error }` for an unknown id)
 * and `/graph/v1/author/{id}/papers` (`{ offset, next?, data }`). An optional
 * API key is checked (403 for a wrong one, as the API answers).
 */
import type { IncomingMessage } from 'node:http';

import { ApiTestServer, type ApiAnswer } from './api-server';

export interface ScholarFixture {
	authorSearch?: Record<string, { total?: number; offset?: number; data: unknown[] }>;
	authors?: Record<string, unknown>;
	papers?: Record<string, { offset?: number; next?: number; data: unknown[] }>;
}

export interface ScholarServerOptions {
	data: ScholarFixture;
	/** When set, requests with another x-api-key get 403. */
	apiKey?: string;
	delayMs?: number;
}

const norm = (s: string): string => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

export class ScholarTestServer extends ApiTestServer {
	constructor(readonly options: ScholarServerOptions) {
		super(options.delayMs ?? 0);
	}

	get baseUrl(): string {
		return this.url;
	}

	protected pattern(path: string): string {
		if (path === '/graph/v1/author/search') return path;
		if (/^\/graph\/v1\/author\/[^/]+\/papers$/.test(path)) return '/graph/v1/author/{id}/papers';
		if (/^\/graph\/v1\/author\/[^/]+$/.test(path)) return '/graph/v1/author/{id}';
		return path;
	}

	protected route(path: string, query: URLSearchParams, req: IncomingMessage): ApiAnswer {
		const key = req.headers['x-api-key'];
		if (this.options.apiKey !== undefined && key !== undefined && key !== this.options.apiKey) return { status: 403, body: { message: 'Forbidden' } };
		const data = this.options.data;
		let m: RegExpExecArray | null;
		if (path === '/graph/v1/author/search') {
			const q = query.get('query') ?? '';
			if (q.trim() === '') return { status: 400, body: { error: 'Missing required parameter: query' } };
			const found = data.authorSearch?.[q] ?? Object.entries(data.authorSearch ?? {}).find(([k]) => norm(k) === norm(q))?.[1];
			const list = found?.data ?? [];
			const limit = Math.max(1, Math.min(1000, Number(query.get('limit') ?? 100) || 100));
			const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
			const page = list.slice(offset, offset + limit);
			const body: Record<string, unknown> = { total: found?.total ?? list.length, offset, data: page };
			if (offset + limit < list.length) body.next = offset + limit;
			return { status: 200, body };
		}
		if ((m = /^\/graph\/v1\/author\/([^/]+)\/papers$/.exec(path))) {
			const id = decodeURIComponent(m[1]);
			const papers = data.papers?.[id];
			if (!papers && !data.authors?.[id]) return { status: 404, body: { error: 'Author not found' } };
			const list = papers?.data ?? [];
			const limit = Math.max(1, Math.min(1000, Number(query.get('limit') ?? 100) || 100));
			const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
			const body: Record<string, unknown> = { offset, data: list.slice(offset, offset + limit) };
			if (offset + limit < list.length) body.next = offset + limit;
			return { status: 200, body };
		}
		if ((m = /^\/graph\/v1\/author\/([^/]+)$/.exec(path))) {
			const author = data.authors?.[decodeURIComponent(m[1])];
			return author ? { status: 200, body: author } : { status: 404, body: { error: 'Author not found' } };
		}
		return { status: 404, body: { error: 'Not found' } };
	}
}
