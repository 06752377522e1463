import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { Vetting } from '../../../core/candidate/schema';
import { chain, runWorkflow, type WorkflowJson } from '../../helpers/engine';
import { GithubTestServer, type GithubFixtureUser } from '../../servers/github';

const TYPE = 'n8n-nodes-talent-pipeline.candidateEnricher';
const TOKEN = 'ghp_nodeTestSECRET_0123456789';
const users = (JSON.parse(readFileSync(path.resolve(__dirname, '../../fixtures/github/github.json'), 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
const candidates = readFileSync(path.resolve(__dirname, '../../fixtures/candidates/candidates.jsonl'), 'utf8')
	.split('\n')
	.filter((l) => l.trim() !== '')
	.map((l) => JSON.parse(l) as IDataObject);
const byId = (id: string): IDataObject => {
	const { labels: _labels, ...rest } = candidates.find((c) => c.id === id) as IDataObject;
	return rest;
};

let server: GithubTestServer;
beforeAll(async () => {
	server = await new GithubTestServer({ users }).start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => server.reset());

function workflow(parameters: IDataObject, extra: Partial<WorkflowJson['nodes'][number]> = {}, withCredential = true): WorkflowJson {
	return {
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{
				name: 'Enrich',
				type: TYPE,
				// Portfolio pages are public addresses only (tests/nodes/CandidateEnricher/sources.test.ts shows the refusal);
				// these GitHub tests leave them off so no DNS query leaves the machine for the fixtures' .example hosts.
				parameters: { sources: { portfolio: false }, ...parameters } as WorkflowJson['nodes'][number]['parameters'],
				credentials: withCredential ? { talentPipelineGithubApi: { id: '1', name: 'GitHub' } } : undefined,
				...extra,
			},
			{ name: 'After', type: 'test.noOp' },
		],
		connections: chain('Start', 'Enrich', 'After'),
	};
}

const credentials = (token = TOKEN) => ({ talentPipelineGithubApi: { server: server.baseUrl, token } });

describe('Candidate Enricher: Enrich and Vet', () => {
	it('vets each candidate with checkable evidence, pairs every output, and sends the token only as a header', async () => {
		const items = [byId('DC-01'), byId('DC-02'), byId('DC-17')];
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items, credentials: credentials() });
		expect(result.error).toBeUndefined();
		const out = result.output('Enrich')[0];
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const [strong, kaggle, private_] = out.map((i) => Vetting.parse(i.json.vetting));
		expect(strong).toEqual(expect.objectContaining({ roleFit: 'mlops_engineer', productionEvidence: 'strong', redFlags: [] }));
		expect(kaggle.redFlags).toEqual(['notebook_only', 'competition_only']);
		expect(private_).toEqual(expect.objectContaining({ productionEvidence: 'strong', redFlags: ['no_public_work'] }));
		// Every GitHub signal links to a page a recruiter can open.
		for (const e of strong.evidence.filter((x) => x.source === 'github')) expect(e.url).toMatch(/^https:\/\/github\.com\/klindqvist-ops(\/|$)/);
		expect(strong.profile.notableRepositories.length).toBeLessThanOrEqual(5);
		expect(strong.profile.lastActivity).toBeTruthy();
		// The input fields are kept.
		expect(out[0].json.email).toBe(items[0].email);
		expect(result.output('After')[0]).toHaveLength(3);
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(TOKEN);
	});

	it('stays within the request budget per candidate', async () => {
		const logins = ['klindqvist-ops', 'kvellanki-ai', 'talmasri'];
		const items = logins.map((githubUsername) => ({ githubUsername }));
		await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items, credentials: credentials() });
		for (const login of logins) {
			const own = users[login].repos.filter((r) => !r.fork).length;
			// The profile (user, repositories, two reads per inspected repository) and one merged-PR search page.
			expect(server.requestsFor(login).length).toBeLessThanOrEqual(2 + 2 * Math.min(own, 5) + 1);
		}
	});

	it('works without a credential (anonymous, GitHub API URL option)', async () => {
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet', options: { githubUrl: server.baseUrl } }, {}, false), { items: [byId('DC-06')] });
		expect(result.error).toBeUndefined();
		expect(Vetting.parse(result.output('Enrich')[0][0].json.vetting).productionEvidence).toBe('strong');
		expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
	});

	it('an empty token reads anonymously', async () => {
		await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items: [{ githubUsername: 'talmasri' }], credentials: credentials('') });
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
	});

	it('answers a re-run from the ETag cache in static data: every request is a 304', async () => {
		const staticData: IDataObject = {};
		const items = [byId('DC-01'), byId('DC-09')];
		const first = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items, credentials: credentials(), staticData });
		expect(server.requests.every((r) => r.status === 200)).toBe(true);
		server.reset();
		const second = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items, credentials: credentials(), staticData });
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.status === 304)).toBe(true);
		const strip = (r: typeof first) => r.output('Enrich')[0].map((i) => (i.json.vetting as IDataObject).redFlags);
		expect(strip(second)).toEqual(strip(first));
		expect(JSON.stringify(staticData)).not.toContain(TOKEN);
	});

	it('an invalid login is an error item naming githubUsername (continueOnFail) and the batch goes on', async () => {
		const items = [{ id: 'a', githubUsername: '../../admin?x=1' }, byId('DC-03')];
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet' }, { continueOnFail: true }), { items, credentials: credentials() });
		const out = result.output('Enrich')[0];
		expect(out).toHaveLength(2);
		expect(out[0].json.error).toEqual(expect.objectContaining({ field: 'githubUsername', itemIndex: 0 }));
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(Vetting.parse(out[1].json.vetting).roleFit).toBe('ai_consultant');
		expect(server.requests.some((r) => r.path.includes('admin'))).toBe(false);
	});

	it('without continueOnFail an invalid login stops the node naming the item', async () => {
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items: [byId('DC-03'), { githubUsername: 'bad--login' }], credentials: credentials() });
		expect(result.error?.message).toMatch(/Item 1: field 'githubUsername'/);
	});

	it('maps custom field names, including dotted paths', async () => {
		const item = { applicant: { gh: 'lbrenner', cv: byId('DC-06').resumeText } };
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet', fieldMapping: { githubUsername: 'applicant.gh', resumeText: 'applicant.cv' } }), { items: [item], credentials: credentials() });
		expect(Vetting.parse(result.output('Enrich')[0][0].json.vetting).roleFit).toBe('ml_engineer');
	});

	it('an unknown user is no_public_work with the 404 as evidence', async () => {
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items: [{ githubUsername: 'no-such-person', resumeText: 'Jo\nEngineer' }], credentials: credentials() });
		const v = Vetting.parse(result.output('Enrich')[0][0].json.vetting);
		expect(v.redFlags).toContain('no_public_work');
		expect(v.evidence).toContainEqual(expect.objectContaining({ signal: 'github.not_found', url: `${server.baseUrl}/users/no-such-person` }));
	});

	it('a GitHub failure gives the résumé-only vetting with the error recorded, never the token', async () => {
		server.inject(/^\/users\/ydemirci$/, { kind: 'status', status: 401, body: { message: `Bad credentials ${TOKEN}` } }, 5);
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet', options: { maxAttempts: 1 } }), { items: [byId('DC-22'), byId('DC-24')], credentials: credentials() });
		const [failed, fine] = result.output('Enrich')[0].map((i) => Vetting.parse(i.json.vetting));
		expect(failed.github).toEqual({ status: 'error', error: expect.objectContaining({ httpCode: 401 }) });
		expect(failed.productionEvidence).toBe('strong');
		expect(fine.github.status).toBe('ok');
		expect(JSON.stringify(result.run.data.resultData)).not.toContain(TOKEN);
	});

	it('with "Fail the Item" a GitHub failure is an error item (continueOnFail) naming GitHub and the status', async () => {
		server.inject(/^\/users\/ydemirci$/, { kind: 'status', status: 503 }, 5);
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet', options: { onGithubError: 'error', maxAttempts: 1 } }, { continueOnFail: true }), {
			items: [byId('DC-22'), byId('DC-24')],
			credentials: credentials(),
		});
		const out = result.output('Enrich')[0];
		expect(out[0].json.error).toEqual(expect.objectContaining({ service: 'GitHub', httpCode: 503, itemIndex: 0 }));
		expect(out[1].json.vetting).toBeDefined();
	});

	it('handles a 1 MB résumé and hostile input without crashing', async () => {
		const items = [
			{ resumeText: 'Kubernetes on-call incident p99 '.repeat(35_000) },
			{ resumeText: 42 },
			{ githubUsername: 'x'.repeat(5000) },
			{ portfolioUrls: 'https://a.example https://b.example', resumeText: '<script>alert(1)</script> 工程师' },
		];
		const result = await runWorkflow(workflow({ operation: 'enrichAndVet' }, { continueOnFail: true }), { items, credentials: credentials() });
		const out = result.output('Enrich')[0];
		expect(out).toHaveLength(4);
		expect(Vetting.parse(out[0].json.vetting).productionEvidence).toBe('strong');
		expect(out[1].json.error).toEqual(expect.objectContaining({ field: 'resumeText' }));
		expect(out[2].json.error).toEqual(expect.objectContaining({ field: 'githubUsername' }));
		expect(Vetting.parse(out[3].json.vetting).redFlags).not.toContain('no_public_work');
	});
});

describe('Candidate Enricher: Match to Brief', () => {
	const brief = { track: 'engineer', roles: ['llm_engineer'], stack: ['rag', 'pgvector', 'fastapi', 'vllm'] };

	it('scores and ranks the pool against a brief given as a parameter, with reasons', async () => {
		const items = [byId('DC-05'), byId('DC-09'), byId('DC-16'), byId('DC-01')];
		const result = await runWorkflow(workflow({ operation: 'matchToBrief', briefSource: 'parameter', brief: JSON.stringify(brief) }), { items, credentials: credentials() });
		expect(result.error).toBeUndefined();
		const out = result.output('Enrich')[0];
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const matches = out.map((i) => i.json.match as IDataObject);
		expect(matches.map((m) => m.rank)).toEqual([4, 1, 2, 3]);
		expect(matches.every((m) => m.poolSize === 4)).toBe(true);
		expect((matches[1].reasons as IDataObject[]).map((r) => r.label)).toEqual(['roleFit', 'stack', 'productionEvidence', 'redFlags']);
		expect(matches[1].stackMatched).toEqual(expect.arrayContaining(['rag', 'pgvector', 'fastapi']));
	});

	it("reads the brief from each item's field, reuses an existing vetting, and sorts by rank on request", async () => {
		const vetted = await runWorkflow(workflow({ operation: 'enrichAndVet' }), { items: [byId('DC-13'), byId('DC-14')], credentials: credentials() });
		const items = vetted.output('Enrich')[0].map((i) => ({ ...i.json, brief: { ...brief, roles: ['ml_engineer'], stack: ['tensorrt', 'kubernetes'] } }));
		server.reset();
		const result = await runWorkflow(workflow({ operation: 'matchToBrief', options: { sortByRank: true } }), { items, credentials: credentials() });
		expect(server.requests).toHaveLength(0);
		const out = result.output('Enrich')[0];
		expect(out.map((i) => i.json.id)).toEqual(['DC-14', 'DC-13']);
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 0 }]);
	});

	it('a bad brief is an error item naming the field', async () => {
		const items = [{ ...byId('DC-09'), brief: { track: 'engineer', roles: [] } }, { ...byId('DC-24') }];
		const result = await runWorkflow(workflow({ operation: 'matchToBrief' }, { continueOnFail: true }), { items, credentials: credentials() });
		const out = result.output('Enrich')[0];
		expect(out[0].json.error).toEqual(expect.objectContaining({ field: 'brief.roles', itemIndex: 0 }));
		expect(out[1].json.error).toEqual(expect.objectContaining({ field: 'brief' }));
	});
});
