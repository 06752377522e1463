/**
 * The Candidate Enricher reading Hugging Face and Semantic Scholar through
 * n8n-core's WorkflowExecute, with both APIs on loopback servers speaking
 * their real shapes; credentials applied by the test engine the way n8n
 * applies them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { Vetting } from '../../../core/candidate/schema';
import { chain, runWorkflow, type WorkflowJson } from '../../helpers/engine';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../../servers/huggingface';
import { ScholarTestServer, type ScholarFixture } from '../../servers/scholar';

const TYPE = 'n8n-nodes-talent-pipeline.candidateEnricher';
const HF_TOKEN = 'hf_nodeTestSECRET_0123456789abcdef';
const S2_KEY = 's2-nodeTestSECRET-0123456789';
const FIXTURES = path.resolve(__dirname, '../../fixtures');
const authors = (JSON.parse(readFileSync(path.join(FIXTURES, 'huggingface/hub.json'), 'utf8')) as { authors: Record<string, HfFixtureAuthor> }).authors;
const scholar = JSON.parse(readFileSync(path.join(FIXTURES, 'scholar/scholar.json'), 'utf8')) as ScholarFixture;

let hub: HuggingFaceTestServer;
let s2: ScholarTestServer;
beforeAll(async () => {
	hub = await new HuggingFaceTestServer({ authors, token: HF_TOKEN }).start();
	s2 = await new ScholarTestServer({ data: scholar, apiKey: S2_KEY }).start();
});
afterAll(async () => {
	await hub.close();
	await s2.close();
});
beforeEach(() => {
	hub.reset();
	s2.reset();
});

function workflow(parameters: IDataObject, extra: Partial<WorkflowJson['nodes'][number]> = {}, withCredentials = true): WorkflowJson {
	return {
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Enrich',
				type: TYPE,
				parameters: { operation: 'enrichAndVet', ...parameters } as WorkflowJson['nodes'][number]['parameters'],
				credentials: withCredentials
					? { talentPipelineHuggingFaceApi: { id: '2', name: 'Hub' }, talentPipelineSemanticScholarApi: { id: '3', name: 'S2' } }
					: undefined,
				...extra,
			},
			{ name: 'After', type: 'test.noOp' },
		],
		connections: chain('Start', 'Enrich', 'After'),
	};
}

const credentials = () => ({
	talentPipelineHuggingFaceApi: { server: hub.baseUrl, token: HF_TOKEN },
	talentPipelineSemanticScholarApi: { server: s2.baseUrl, apiKey: S2_KEY },
});

const HF_ONLY = { id: 'h1', name: 'Sam Diallo', email: 'sam@mail.example', huggingfaceUsername: 'https://huggingface.co/sdiallo', resumeText: 'Sam Diallo\nEngineer' };
const RESEARCHER = { id: 'r1', name: 'Tomás Rivera', semanticScholarId: '5500001', resumeText: 'Tomás Rivera\nTübingen' };

describe('Candidate Enricher: Hugging Face and papers', () => {
	it('vets from the Hub and from papers with links, each source status on the verdict, secrets only in headers', async () => {
		const result = await runWorkflow(workflow({}), { items: [HF_ONLY, RESEARCHER], credentials: credentials() });
		expect(result.error).toBeUndefined();
		const out = result.output('Enrich')[0];
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const [hf, researcher] = out.map((i) => Vetting.parse(i.json.vetting));
		expect(hf).toEqual(expect.objectContaining({ productionEvidence: 'strong', redFlags: [] }));
		expect(hf.evidence.filter((e) => e.source === 'huggingface' && e.label === 'productionEvidence').map((e) => e.url)).toContain(`${hub.baseUrl}/spaces/sdiallo/invoice-extractor-api`);
		expect(hf.sources).toEqual(
			expect.objectContaining({
				github: { status: 'skipped', reason: 'no githubUsername' },
				huggingface: expect.objectContaining({ status: 'ok', level: 'strong' }),
				papers: { status: 'skipped', reason: expect.stringContaining('no semanticScholarId') },
			}),
		);
		expect(researcher).toEqual(expect.objectContaining({ roleFit: 'research_scientist', productionEvidence: 'none' }));
		expect(researcher.sources?.papers).toEqual(expect.objectContaining({ status: 'ok', match: expect.objectContaining({ method: 'semantic_scholar_id', confidence: 1 }) }));
		expect(hub.requests.length).toBeGreaterThan(0);
		expect(hub.requests.every((r) => r.authorization === `Bearer ${HF_TOKEN}`)).toBe(true);
		expect(s2.requests.length).toBe(2);
		expect(s2.requests.every((r) => r.apiKey === S2_KEY)).toBe(true);
		const all = JSON.stringify(result.run.data.resultData);
		expect(all).not.toContain(HF_TOKEN);
		expect(all).not.toContain(S2_KEY);
	});

	it('works without credentials from the URL options, anonymously', async () => {
		const result = await runWorkflow(workflow({ options: { huggingfaceUrl: hub.baseUrl, scholarUrl: s2.baseUrl } }, {}, false), { items: [HF_ONLY, RESEARCHER] });
		expect(result.error).toBeUndefined();
		expect(Vetting.parse(result.output('Enrich')[0][0].json.vetting).productionEvidence).toBe('strong');
		expect(hub.requests.every((r) => r.authorization === undefined)).toBe(true);
		expect(s2.requests.every((r) => r.apiKey === undefined)).toBe(true);
	});

	it('matches papers by name and work email only when that option is on', async () => {
		const item = { name: 'Mara Okafor', email: 'mokafor@inf.ethz.ch', resumeText: 'Mara Okafor\nZurich' };
		const off = await runWorkflow(workflow({}), { items: [item], credentials: credentials() });
		expect(s2.requests).toHaveLength(0);
		expect(Vetting.parse(off.output('Enrich')[0][0].json.vetting).sources?.papers).toEqual({ status: 'skipped', reason: expect.stringContaining('off') });
		const on = await runWorkflow(workflow({ options: { papersByNameAndEmail: true } }), { items: [item], credentials: credentials() });
		const v = Vetting.parse(on.output('Enrich')[0][0].json.vetting);
		expect(v.roleFit).toBe('research_scientist');
		expect(v.sources?.papers).toEqual(expect.objectContaining({ match: expect.objectContaining({ method: 'email_domain', votes: true }) }));
	});

	it('a failing source degrades to the others; with "Fail When a Source Fails" it is an error item naming the service', async () => {
		hub.inject(/^\/api\/models\?/, { kind: 'status', status: 503 }, 50);
		const degraded = await runWorkflow(workflow({ options: { maxAttempts: 1 } }), { items: [HF_ONLY, RESEARCHER], credentials: credentials() });
		const [hf, researcher] = degraded.output('Enrich')[0].map((i) => Vetting.parse(i.json.vetting));
		expect(hf.sources?.huggingface).toEqual({ status: 'error', message: expect.stringContaining('HTTP 503'), httpCode: 503 });
		expect(hf.productionEvidence).toBe('none');
		expect(researcher.roleFit).toBe('research_scientist');
		const failing = await runWorkflow(workflow({ options: { maxAttempts: 1, failOnSourceError: true } }, { continueOnFail: true }), { items: [HF_ONLY, RESEARCHER], credentials: credentials() });
		const out = failing.output('Enrich')[0];
		expect(out[0].json.error).toEqual(expect.objectContaining({ service: 'Hugging Face', httpCode: 503, itemIndex: 0 }));
		expect(out[1].json.vetting).toBeDefined();
	});

	it('a source switched off is skipped with that reason and asked nothing', async () => {
		const result = await runWorkflow(workflow({ sources: { huggingface: false, papers: false } }), { items: [HF_ONLY, RESEARCHER], credentials: credentials() });
		expect(hub.requests).toHaveLength(0);
		expect(s2.requests).toHaveLength(0);
		const v = Vetting.parse(result.output('Enrich')[0][0].json.vetting);
		expect(v.sources?.huggingface).toEqual({ status: 'skipped', reason: 'switched off' });
		expect(v.redFlags).toEqual(['no_public_work']);
	});

	it('a bad Hugging Face name, ORCID or Semantic Scholar id is an error item naming the mapped field', async () => {
		const items = [{ hf: '../admin' }, { orcid: '1234' }, { semanticScholarId: 'abc/../1' }, HF_ONLY];
		const result = await runWorkflow(workflow({ fieldMapping: { huggingfaceUsername: 'hf' } }, { continueOnFail: true }), { items, credentials: credentials() });
		const out = result.output('Enrich')[0];
		expect(out[0].json.error).toEqual(expect.objectContaining({ field: 'hf', itemIndex: 0 }));
		expect(out[1].json.error).toEqual(expect.objectContaining({ field: 'orcid', itemIndex: 1 }));
		expect(out[2].json.error).toEqual(expect.objectContaining({ field: 'semanticScholarId', itemIndex: 2 }));
		expect(out[3].json.vetting).toBeDefined();
		expect(hub.requests.some((r) => r.path.includes('admin'))).toBe(false);
	});

	it('a portfolio URL on a private address is refused without a request; the verdict says why', async () => {
		const before = hub.requests.length;
		const result = await runWorkflow(workflow({}), { items: [{ ...HF_ONLY, portfolioUrls: [`${hub.baseUrl}/private-page`] }], credentials: credentials() });
		const v = Vetting.parse(result.output('Enrich')[0][0].json.vetting);
		expect(v.sources?.portfolio).toEqual({ status: 'error', message: expect.stringMatching(/^Portfolio: portfolioUrls\[0\]: /) });
		expect(hub.requests.slice(before).some((r) => r.path === '/private-page')).toBe(false);
		expect(v.productionEvidence).toBe('strong');
	});

	it('answers a re-run from the Hub ETags kept in static data, within the request budget', async () => {
		const staticData: IDataObject = {};
		await runWorkflow(workflow({}), { items: [HF_ONLY], credentials: credentials(), staticData });
		expect(hub.requests.length).toBeLessThanOrEqual(16);
		hub.reset();
		await runWorkflow(workflow({}), { items: [HF_ONLY], credentials: credentials(), staticData });
		expect(hub.requests.length).toBeGreaterThan(0);
		expect(hub.requests.every((r) => r.status === 304)).toBe(true);
		expect(JSON.stringify(staticData)).not.toContain(HF_TOKEN);
	});
});
