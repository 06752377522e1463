import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../../cli/http';
import { fetchPapers, scholarClient, type ScholarClientOptions } from '../../transport/scholar';
import { ScholarTestServer, type ScholarFixture } from '../servers/scholar';

const data = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/scholar/scholar.json'), 'utf8')) as ScholarFixture;
const KEY = 's2-testKEY-0123456789abcdef';

let server: ScholarTestServer;
const sleeps: number[] = [];

function client(over: Partial<ScholarClientOptions> = {}) {
	return scholarClient({
		http: axiosHttpClient('Semantic Scholar', { secrets: [KEY] }),
		baseUrl: server.baseUrl,
		sleep: async (ms) => {
			sleeps.push(ms);
		},
		random: () => 0.5,
		timeoutMs: 2000,
		...over,
	});
}

beforeAll(async () => {
	server = await new ScholarTestServer({ data, apiKey: KEY }).start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.reset();
	sleeps.length = 0;
});

describe('Semantic Scholar transport', () => {
	it('by Semantic Scholar id: the author and their papers, 2 requests, confidence 1', async () => {
		const outcome = await fetchPapers(client(), { name: 'Tomás Rivera', semanticScholarId: '5500001' });
		if (outcome.status !== 'ok') throw new Error(JSON.stringify(outcome));
		expect(outcome.data.match).toEqual(expect.objectContaining({ method: 'semantic_scholar_id', confidence: 1, votes: true, authorId: '5500001' }));
		expect(outcome.data.papers.map((p) => p.venue)).toEqual(['NeurIPS', 'ICML']);
		expect(server.counts()).toEqual({ '/graph/v1/author/{id}': 1, '/graph/v1/author/{id}/papers': 1 });
	});

	it('an unknown id is not_found (404)', async () => {
		const outcome = await fetchPapers(client(), { semanticScholarId: '999999' });
		expect(outcome).toEqual({ status: 'not_found', url: expect.stringContaining('/graph/v1/author/999999') });
	});

	it('by name and ORCID: the namesake with another ORCID or none is passed over', async () => {
		const outcome = await fetchPapers(client(), { name: 'Mara Okafor', orcid: 'https://orcid.org/0000-0002-1825-0097' });
		if (outcome.status !== 'ok') throw new Error('not ok');
		expect(outcome.data.match).toEqual(expect.objectContaining({ method: 'orcid', authorId: '1741101', namesakes: 2, votes: true }));
		expect(outcome.data.papers).toHaveLength(4);
		const search = server.requests.find((r) => r.path === '/graph/v1/author/search');
		expect(search?.query.get('query')).toBe('Mara Okafor');
		expect(search?.query.get('fields')).toContain('externalIds');
	});

	it('by name and the email domain against the homepage', async () => {
		const outcome = await fetchPapers(client(), { name: 'Mara Okafor', email: 'mokafor@inf.ethz.ch' });
		if (outcome.status !== 'ok') throw new Error('not ok');
		expect(outcome.data.match).toEqual(expect.objectContaining({ method: 'email_domain', authorId: '1741101', votes: true }));
	});

	it('name only with namesakes: recorded as ambiguous, no papers read, votes nothing', async () => {
		const outcome = await fetchPapers(client(), { name: 'Lee Chen', email: 'lee.chen@acme-robotics.example' });
		if (outcome.status !== 'ok') throw new Error('not ok');
		expect(outcome.data.match).toEqual(expect.objectContaining({ method: 'name_only', votes: false, namesakes: 3, authorId: null }));
		expect(outcome.data.papers).toEqual([]);
		expect(server.counts()['/graph/v1/author/{id}/papers']).toBeUndefined();
	});

	it('a name nobody has is not_found; no name, or a name with nothing to tell namesakes apart, is skipped without a request', async () => {
		expect((await fetchPapers(client(), { name: 'Nobody Atall', orcid: '0000-0002-1825-0097' })).status).toBe('not_found');
		expect(await fetchPapers(client(), { email: 'x@y.example' })).toEqual({ status: 'skipped', reason: expect.stringContaining('no name') });
		expect(await fetchPapers(client(), { name: 'Lee Chen', email: 'lee@gmail.com' })).toEqual({ status: 'skipped', reason: expect.stringContaining('tell namesakes apart') });
		expect(server.requests).toHaveLength(1);
	});

	it('429 is retried honouring Retry-After, bounded', async () => {
		server.inject(/^\/graph\/v1\/author\/search/, { kind: 'rate429', retryAfter: '2' });
		expect((await fetchPapers(client(), { name: 'Mara Okafor', orcid: '0000-0002-1825-0097' })).status).toBe('ok');
		expect(Math.max(...sleeps)).toBeGreaterThan(1900);
		server.reset();
		server.inject(/^\/graph\/v1\//, { kind: 'rate429' }, 20);
		const outcome = await fetchPapers(client({ retry: { maxAttempts: 3 } }), { name: 'Mara Okafor', email: 'm@inf.ethz.ch' });
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', httpCode: 429, message: expect.stringContaining('Semantic Scholar: rate limited') }));
		expect(server.requests).toHaveLength(3);
	});

	it('sends the API key as x-api-key; a rejected key is an error without the key', async () => {
		const ok = await fetchPapers(client({ apiKey: KEY }), { semanticScholarId: '5500001' });
		expect(ok.status).toBe('ok');
		expect(server.requests.every((r) => r.apiKey === KEY)).toBe(true);
		server.reset();
		const bad = await fetchPapers(client({ apiKey: 'wrong-key-123456' }), { semanticScholarId: '5500001' });
		expect(bad).toEqual(expect.objectContaining({ status: 'error', httpCode: 403 }));
		expect(JSON.stringify(bad)).not.toContain('wrong-key-123456');
	});

	it('an invalid author id is refused without a request', async () => {
		expect(await fetchPapers(client(), { semanticScholarId: '12/../../x' })).toEqual({ status: 'error', message: 'Semantic Scholar: invalid author id' });
		expect(server.requests).toHaveLength(0);
	});
});
