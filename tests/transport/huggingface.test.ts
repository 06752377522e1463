import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../../cli/http';
import { extractHuggingFaceSignals } from '../../core/candidate/huggingface';
import { ObjectEtagCache } from '../../transport/github';
import { fetchHuggingFace, huggingFaceClient, type HuggingFaceClientOptions } from '../../transport/huggingface';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../servers/huggingface';

const authors = (JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/huggingface/hub.json'), 'utf8')) as { authors: Record<string, HfFixtureAuthor> }).authors;
const NOW = new Date('2026-11-25T00:00:00Z');
const TOKEN = 'hf_testTOKEN0123456789abcdefXYZ';

let server: HuggingFaceTestServer;
const sleeps: number[] = [];

function client(over: Partial<HuggingFaceClientOptions> = {}) {
	return huggingFaceClient({
		http: axiosHttpClient('Hugging Face', { secrets: [TOKEN] }),
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
	server = await new HuggingFaceTestServer({ authors, maxPerPage: 2, token: TOKEN }).start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.reset();
	sleeps.length = 0;
});

describe('Hugging Face transport', () => {
	it.each(Object.keys(authors))('reads %s within the default budget of 16 requests', async (name) => {
		const outcome = await fetchHuggingFace(client(), name);
		expect(outcome.status).toBe('ok');
		expect(server.requests.length).toBeLessThanOrEqual(16);
		expect(server.requests.every((r) => r.method === 'GET')).toBe(true);
	});

	it('reads the lists, then only the infos and cards that decide something', async () => {
		const outcome = await fetchHuggingFace(client(), 'sdiallo');
		if (outcome.status !== 'ok') throw new Error(JSON.stringify(outcome));
		const counts = server.counts();
		expect(counts['/api/models?author=']).toBe(1);
		expect(counts['/api/datasets?author=']).toBe(1);
		expect(counts['/api/spaces?author=']).toBe(1);
		// The list carried files and card data: no info request is needed for the models or the Space.
		expect(counts['/api/models/{id}'] ?? 0).toBe(0);
		expect(counts['/api/spaces/{id}'] ?? 0).toBe(0);
		const model = outcome.data.models.find((m) => m.id === 'sdiallo/invoice-layoutlm');
		expect(model).toEqual(expect.objectContaining({ url: `${server.baseUrl}/sdiallo/invoice-layoutlm`, downloads: 15400, hasCard: true }));
		expect(model?.evalResults[0]).toEqual(expect.objectContaining({ metric: 'F1', value: 0.912, dataset: 'FUNSD' }));
		expect(outcome.data.spaces[0]).toEqual(expect.objectContaining({ url: `${server.baseUrl}/spaces/sdiallo/invoice-extractor-api`, runtimeStage: 'RUNNING' }));
		expect(extractHuggingFaceSignals(outcome.data, NOW).level).toBe('strong');
	});

	it('follows the Link header (rel="next") through every page, within the page cap', async () => {
		const all = await fetchHuggingFace(client(), 'prolific', { maxPages: 5 });
		if (all.status !== 'ok') throw new Error('not ok');
		expect(all.data.models.map((m) => m.id)).toEqual(['prolific/model-0', 'prolific/model-1', 'prolific/model-2', 'prolific/model-3', 'prolific/model-4']);
		expect(server.requests.filter((r) => r.path === '/api/models').map((r) => r.query.get('cursor'))).toEqual([null, expect.any(String), expect.any(String)]);
		server.reset();
		const capped = await fetchHuggingFace(client(), 'prolific', { maxPages: 2 });
		if (capped.status !== 'ok') throw new Error('not ok');
		expect(capped.data.models).toHaveLength(4);
	});

	it('fetches a model info when the list lacks files or card data', async () => {
		const bare = { ...authors.sdiallo, models: authors.sdiallo.models?.map(({ siblings: _s, cardData: _c, ...rest }) => rest) };
		const local = await new HuggingFaceTestServer({ authors: { sdiallo: bare } }).start();
		try {
			const outcome = await fetchHuggingFace(huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: local.baseUrl }), 'sdiallo');
			if (outcome.status !== 'ok') throw new Error('not ok');
			expect(local.counts()['/api/models/{id}']).toBe(2);
			expect(outcome.data.models[0].files).toContain('README.md');
			expect(outcome.data.models[0].evalResults.length).toBeGreaterThan(0);
			// Infos beyond the per-candidate budget are skipped; the lists stand.
			local.reset();
			const bounded = await fetchHuggingFace(huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: local.baseUrl }), 'sdiallo', { maxRequests: 4 });
			expect(bounded.status).toBe('ok');
			expect(local.requests).toHaveLength(4);
			expect(local.counts()['/api/models/{id}']).toBe(1);
		} finally {
			await local.close();
		}
	});

	it('unused models the list shows no card for get an info request (copy or own work?) within the budget', async () => {
		const bare = { jvance: { ...authors.jvance, models: authors.jvance.models?.map(({ siblings: _s, ...rest }) => rest), modelInfo: Object.fromEntries((authors.jvance.models ?? []).map((m) => [m.id as string, m])) } };
		const local = await new HuggingFaceTestServer({ authors: bare }).start();
		try {
			const outcome = await fetchHuggingFace(huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: local.baseUrl }), 'jvance');
			if (outcome.status !== 'ok') throw new Error('not ok');
			expect(local.counts()['/api/models/{id}']).toBe(3);
			expect(extractHuggingFaceSignals(outcome.data, NOW).flags).toEqual(['forks_only']);
		} finally {
			await local.close();
		}
	});

	describe('cards a training script wrote on unused fine-tunes are read: the untouched template is a copy (forks_only)', () => {
		const TEMPLATE = '# model\nThis model is a fine-tuned version of base on an unknown dataset.\n## Model description\nMore information needed\n## Intended uses & limitations\nMore information needed\n';
		const WRITTEN = '# Ticket router\nRoutes support tickets for our helpdesk; trained on 40k labelled tickets from 2025.\n';
		const fineTune = (id: string, tags: string[]) => ({ id, downloads: 5, likes: 0, lastModified: '2026-05-01T00:00:00.000Z', pipeline_tag: 'text-classification', tags: ['transformers', ...tags, 'base_model:finetune:bert-base-uncased'], siblings: [{ rfilename: 'README.md' }, { rfilename: 'model.safetensors' }] });
		const author = (cards: Record<string, string>, tags: string[]): HfFixtureAuthor => ({ models: Object.keys(cards).map((id) => fineTune(id, tags)), readme: cards });
		it.each<[string, HfFixtureAuthor, number, string[]]>([
			['three Trainer cards left as the template: read, forks_only', author({ 'tpl/a': TEMPLATE, 'tpl/b': TEMPLATE, 'tpl/c': TEMPLATE }, ['generated_from_trainer']), 3, ['forks_only']],
			['three Trainer cards the author completed: read, no flag', author({ 'tpl/a': WRITTEN, 'tpl/b': WRITTEN, 'tpl/c': WRITTEN }, ['generated_from_trainer']), 3, []],
			['cards no training script wrote: not read, no flag', author({ 'tpl/a': TEMPLATE, 'tpl/b': TEMPLATE, 'tpl/c': TEMPLATE }, []), 0, []],
		])('%s', async (_name, fixture, cardReads, flags) => {
			const local = await new HuggingFaceTestServer({ authors: { tpl: fixture } }).start();
			try {
				const outcome = await fetchHuggingFace(huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: local.baseUrl }), 'tpl');
				if (outcome.status !== 'ok') throw new Error('not ok');
				expect(local.counts()['/{id}/raw/main/README.md'] ?? 0).toBe(cardReads);
				expect(extractHuggingFaceSignals(outcome.data, NOW).flags).toEqual(flags);
			} finally {
				await local.close();
			}
		});

		it('card checks stay within the per-candidate budget', async () => {
			const cards = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`tpl/m${i}`, TEMPLATE]));
			const local = await new HuggingFaceTestServer({ authors: { tpl: author(cards, ['generated_from_trainer']) } }).start();
			try {
				const outcome = await fetchHuggingFace(huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: local.baseUrl }), 'tpl', { maxRequests: 5 });
				expect(outcome.status).toBe('ok');
				expect(local.requests).toHaveLength(5);
				expect(local.counts()['/{id}/raw/main/README.md']).toBe(2);
			} finally {
				await local.close();
			}
		});
	});

	it('an unknown user: [] from every list, 404 from the overview -> not_found', async () => {
		const outcome = await fetchHuggingFace(client(), 'no-such-person');
		expect(outcome).toEqual({ status: 'not_found', url: `${server.baseUrl}/api/users/no-such-person/overview` });
		expect(server.counts()['/api/users/{name}/overview']).toBe(1);
	});

	it('a 429 is retried after Retry-After, or after the RateLimit header\'s t=', async () => {
		server.inject(/^\/api\/models\?/, { kind: 'rate429', retryAfter: '3' });
		expect((await fetchHuggingFace(client(), 'nkoch')).status).toBe('ok');
		// The waits of requests in flight at the same time all honour the one answer (real clock, so within a few ms).
		expect(Math.max(...sleeps)).toBeGreaterThan(2900);
		expect(Math.max(...sleeps)).toBeLessThanOrEqual(3000);
		sleeps.length = 0;
		server.inject(/^\/api\/spaces\?/, { kind: 'rate429', rateLimit: '"api";r=0;t=7' });
		expect((await fetchHuggingFace(client(), 'nkoch')).status).toBe('ok');
		expect(Math.max(...sleeps)).toBeGreaterThan(6900);
		expect(Math.max(...sleeps)).toBeLessThanOrEqual(7000);
	});

	it('an answer that says the window is spent (RateLimit r=0) holds the next request until the reset', async () => {
		server.inject(/^\/api\/models\?/, { kind: 'status', status: 200, body: [], headers: { ratelimit: '"api";r=0;t=5' } });
		const shared = client();
		expect((await fetchHuggingFace(shared, 'nkoch')).status).toBe('ok');
		expect((await fetchHuggingFace(shared, 'sdiallo')).status).toBe('ok');
		expect(Math.max(...sleeps)).toBeGreaterThan(4900);
		expect(Math.max(...sleeps)).toBeLessThanOrEqual(5000);
	});

	it('a rate limit beyond the wait budget is an error outcome naming the service, never the token', async () => {
		server.inject(/^\/api\//, { kind: 'rate429', retryAfter: '600' }, 10);
		const outcome = await fetchHuggingFace(client({ token: TOKEN, retry: { maxTotalWaitMs: 5000 } }), 'nkoch');
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', httpCode: 429 }));
		expect(JSON.stringify(outcome)).toMatch(/^.*Hugging Face: rate limited/);
		expect(JSON.stringify(outcome)).not.toContain(TOKEN);
	});

	it('5xx is retried with back-off; a persistent one is an error outcome', async () => {
		server.inject(/^\/api\/datasets\?/, { kind: 'status', status: 502 }, 1);
		expect((await fetchHuggingFace(client(), 'nkoch')).status).toBe('ok');
		server.inject(/^\/api\/datasets\?/, { kind: 'status', status: 503 }, 10);
		expect(await fetchHuggingFace(client({ retry: { maxAttempts: 2 } }), 'nkoch')).toEqual(expect.objectContaining({ status: 'error', httpCode: 503 }));
	});

	it('sends the token as a Bearer header and redacts an echo of it', async () => {
		server.inject(/^\/api\/models\?/, { kind: 'status', status: 401, body: { error: `Invalid token ${TOKEN}` } });
		const outcome = await fetchHuggingFace(client({ token: TOKEN }), 'nkoch');
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', httpCode: 401 }));
		expect(JSON.stringify(outcome)).not.toContain(TOKEN);
		expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
	});

	it('an HTML page instead of JSON is a service error, not an empty profile', async () => {
		server.inject(/^\/api\/models\?/, { kind: 'status', status: 200, body: '<!doctype html><html><body>Login</body></html>' });
		const outcome = await fetchHuggingFace(client(), 'nkoch');
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', message: expect.stringContaining('not Hugging Face') }));
	});

	it('answers a re-run from ETags (304s)', async () => {
		const cache = new ObjectEtagCache({}, 100, 'huggingfaceEtags');
		const first = await fetchHuggingFace(client({ cache }), 'sdiallo');
		server.reset();
		const second = await fetchHuggingFace(client({ cache }), 'sdiallo');
		expect(second).toEqual(first);
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.status === 304)).toBe(true);
	});

	it('bounds requests per candidate: an exhausted budget is an error, not a partial read', async () => {
		const outcome = await fetchHuggingFace(client(), 'prolific', { maxRequests: 3, maxPages: 5 });
		expect(outcome).toEqual(expect.objectContaining({ status: 'error', message: expect.stringContaining('more than 3 requests') }));
		expect(server.requests.length).toBeLessThanOrEqual(3);
	});

	it('refuses a base URL with credentials or a query, and a user name that is not one', async () => {
		expect(() => client({ baseUrl: 'https://user:pw@hub.example' })).toThrow(/without credentials/);
		expect(() => client({ baseUrl: 'not a url' })).toThrow(/not a URL/);
		expect(await fetchHuggingFace(client(), '../admin')).toEqual({ status: 'error', message: 'Hugging Face: invalid user name' });
		expect(server.requests).toHaveLength(0);
	});
});
