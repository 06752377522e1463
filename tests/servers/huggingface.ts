/**
 * A Hugging Face Hub-shaped server on 127.0.0.1 serving data in the layout of
 * FORMAT.md's huggingface.json: `/api/{models,datasets,spaces}?author=`
 * (`limit` and a `cursor` paginated through `Link: <...>; rel="next"`, `[]`
 * for an unknown author, as the Hub answers), `/api/models/{id}`,
 * `/api/spaces/{id}`, `/{id}/raw/main/README.md`,
 * `/api/users/{name}/overview` (404 for an unknown user) and
 * `/api/whoami-v2` (401 without a token); `RateLimit` and
 * `RateLimit-Policy` headers on every answer, ETags.
 */
import type { IncomingMessage } from 'node:http';

import { ApiTestServer, type ApiAnswer } from './api-server';

export interface HfFixtureAuthor {
	models?: Array<Record<string, unknown>>;
	datasets?: Array<Record<string, unknown>>;
	spaces?: Array<Record<string, unknown>>;
	modelInfo?: Record<string, unknown>;
	readme?: Record<string, string>;
	spaceInfo?: Record<string, unknown>;
}

export interface HfServerOptions {
	authors: Record<string, HfFixtureAuthor>;
	/** Page size when the client asks for none (the Hub's default differs per endpoint; tests set it small to page). */
	maxPerPage?: number;
	delayMs?: number;
	/** The token whoami-v2 accepts. */
	token?: string;
}

const NOT_FOUND = { status: 404, body: { error: 'Repository not found' } };

export class HuggingFaceTestServer extends ApiTestServer {
	constructor(readonly options: HfServerOptions) {
		super(options.delayMs ?? 0);
	}

	get baseUrl(): string {
		return this.url;
	}

	protected pattern(path: string): string {
		if (/^\/api\/(models|datasets|spaces)$/.test(path)) return path + '?author=';
		if (/^\/api\/models\/.+/.test(path)) return '/api/models/{id}';
		if (/^\/api\/spaces\/.+/.test(path)) return '/api/spaces/{id}';
		if (/\/raw\/main\/README\.md$/.test(path)) return '/{id}/raw/main/README.md';
		if (/^\/api\/users\/[^/]+\/overview$/.test(path)) return '/api/users/{name}/overview';
		return path;
	}

	/** Requests about one author (lists with author=, repositories under the name, the overview). */
	requestsFor(name: string): number {
		return this.requests.filter((r) => r.query.get('author') === name || r.path.includes(`/${name}/`) || r.path.endsWith(`/${name}/overview`)).length;
	}

	private rateHeaders(): Record<string, string> {
		return { ratelimit: '"api";r=499;t=240', 'ratelimit-policy': '"fixed window";"api";q=500;w=300' };
	}

	private withHeaders(answer: ApiAnswer): ApiAnswer {
		return { ...answer, headers: { ...this.rateHeaders(), ...(answer.headers ?? {}) } };
	}

	protected route(path: string, query: URLSearchParams, req: IncomingMessage): ApiAnswer {
		return this.withHeaders(this.answer(path, query, req));
	}

	private findRepo(kind: 'models' | 'spaces', id: string): Record<string, unknown> | undefined {
		const owner = id.split('/')[0];
		const a = this.options.authors[owner];
		if (!a) return undefined;
		const info = kind === 'models' ? a.modelInfo?.[id] : a.spaceInfo?.[id];
		if (info && typeof info === 'object') return info as Record<string, unknown>;
		return (a[kind] ?? []).find((r) => r.id === id);
	}

	private answer(path: string, query: URLSearchParams, req: IncomingMessage): ApiAnswer {
		let m: RegExpExecArray | null;
		if (path === '/api/whoami-v2') {
			const auth = req.headers.authorization;
			return auth && (this.options.token === undefined || auth === `Bearer ${this.options.token}`)
				? { status: 200, body: { type: 'user', name: 'token-owner', auth: { accessToken: { role: 'read' } } } }
				: { status: 401, body: { error: 'Invalid credentials in Authorization header' } };
		}
		if ((m = /^\/api\/(models|datasets|spaces)$/.exec(path))) {
			const kind = m[1] as 'models' | 'datasets' | 'spaces';
			const author = query.get('author') ?? '';
			const all = this.options.authors[author]?.[kind] ?? [];
			const limit = Math.max(1, Math.min(this.options.maxPerPage ?? 1000, Number(query.get('limit') ?? 1000) || 1000));
			const offset = query.get('cursor') ? Number(Buffer.from(query.get('cursor') as string, 'base64url').toString()) || 0 : 0;
			const page = all.slice(offset, offset + limit);
			const headers: Record<string, string> = {};
			if (offset + limit < all.length) {
				const q = new URLSearchParams(query);
				q.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
				headers.link = `<${this.url}${path}?${q.toString()}>; rel="next"`;
			}
			return { status: 200, body: page, headers };
		}
		if ((m = /^\/api\/(models|spaces)\/(.+)$/.exec(path))) {
			const repo = this.findRepo(m[1] as 'models' | 'spaces', decodeURIComponent(m[2]));
			return repo ? { status: 200, body: repo } : NOT_FOUND;
		}
		if ((m = /^\/(.+)\/raw\/main\/README\.md$/.exec(path))) {
			const id = decodeURIComponent(m[1]);
			const text = this.options.authors[id.split('/')[0]]?.readme?.[id];
			return typeof text === 'string' ? { status: 200, body: text } : { status: 404, body: 'Entry not found' };
		}
		if ((m = /^\/api\/users\/([^/]+)\/overview$/.exec(path))) {
			const name = decodeURIComponent(m[1]);
			const a = this.options.authors[name];
			return a
				? { status: 200, body: { user: name, fullname: name, type: 'user', numModels: a.models?.length ?? 0, numDatasets: a.datasets?.length ?? 0, numSpaces: a.spaces?.length ?? 0 } }
				: { status: 404, body: { error: 'User not found' } };
		}
		if (/^\/api\/organizations\/[^/]+\/overview$/.test(path)) return { status: 404, body: { error: 'Organization not found' } };
		return { status: 404, body: { error: 'Not Found' } };
	}
}
