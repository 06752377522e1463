import type { IDataObject } from 'n8n-workflow';

import { Brief } from '../../../core/brief/schema';
import { runWorkflow } from '../../helpers/engine';
import { startLlmServer, type LlmServer } from '../../servers/llm';
import { OUTPUTS, readJsonl, roster, routed, routerWorkflow } from './workflow';

const CLASSIFIED = readJsonl('classified-leads.jsonl');
const RAW = readJsonl('raw-leads.jsonl');

/** The output each classified fixture must take: its track for leads, rejected otherwise. */
function expectedOutput(item: IDataObject): string {
	const c = item.classification as { disposition: string; track: string };
	return c.disposition === 'lead' ? c.track : 'rejected';
}

let workflowCount = 0;
/** A fresh workflow id per test: assignment state in n8n's store is per workflow. */
const freshId = () => `wf-router-${++workflowCount}`;

describe('Brief Router in n8n-core', () => {
	it('sends each classified lead out of the right output with a brief, an owner and a deadline', async () => {
		const before = Date.now();
		const result = await runWorkflow(routerWorkflow({ id: freshId() }), { items: CLASSIFIED });
		expect(result.error).toBeUndefined();
		const out = routed(result);
		const total = OUTPUTS.reduce((n, name) => n + out[name].length, 0);
		expect(total).toBe(CLASSIFIED.length);

		for (const name of OUTPUTS) {
			for (const item of out[name]) {
				const input = CLASSIFIED[(item.pairedItem as { item: number }).item];
				expect(item.json.id).toBe(input.id);
				expect(name).toBe(expectedOutput(input));
				expect((item.json.routing as IDataObject).output).toBe(name);
				if (name === 'rejected') {
					expect((item.json.routing as IDataObject).reason).toMatch(/^not a lead: (job_seeker|vendor|spam)/);
					expect(item.json.brief).toBeUndefined();
					expect(item.json.owner).toBeUndefined();
					continue;
				}
				const brief = Brief.parse(item.json.brief);
				expect(brief.track).toBe(name);
				expect(brief.problem.length).toBeGreaterThan(20);
				const owner = item.json.owner as IDataObject;
				const who = roster().find((o) => o.email === owner.email)!;
				expect(who.pipelines).toContain(name);
				expect(Date.parse(item.json.slaDueAt as string)).toBeGreaterThan(before);
				expect(item.json.assignment).toMatchObject({ strategy: 'weightedRoundRobin', pipeline: name });
				expect(String((item.json.assignment as IDataObject).reason)).toMatch(/weighted round robin/);
			}
		}
		expect(out.consultant.length).toBeGreaterThan(0);
		expect(out.engineer.length).toBeGreaterThan(0);
		expect(out.hybrid.length).toBeGreaterThan(0);
		expect(out.rejected.length).toBe(3);
	});

	it('refuses the n8n store in queue mode, where assignment could not be atomic across workers', async () => {
		const previous = process.env.EXECUTIONS_MODE;
		process.env.EXECUTIONS_MODE = 'queue';
		try {
			const result = await runWorkflow(routerWorkflow({ id: freshId() }), { items: CLASSIFIED });
			expect(result.error?.message).toMatch(/stateBackend.*queue mode/);
		} finally {
			if (previous === undefined) delete process.env.EXECUTIONS_MODE;
			else process.env.EXECUTIONS_MODE = previous;
		}
	});

	it('classifies raw leads itself when wired without a classifier, and after a real Lead Classifier', async () => {
		for (const classifier of [false, true]) {
			const result = await runWorkflow(routerWorkflow({ id: freshId(), classifier }), { items: RAW });
			expect(result.error).toBeUndefined();
			const out = routed(result);
			const byId = new Map<string, string>();
			for (const name of OUTPUTS) for (const item of out[name]) byId.set(String(item.json.id), name);
			expect(byId.size).toBe(RAW.length);
			expect(byId.get('RAW-001')).toBe('engineer');
			expect(byId.get('RAW-003')).toBe('hybrid');
			expect(byId.get('RAW-004')).toBe('rejected');
			expect(byId.get('RAW-005')).toBe('rejected');
			expect(byId.get('RAW-006')).toBe('consultant');
			const first = out.engineer.find((i) => i.json.id === 'RAW-001')!;
			expect((first.json.classification as IDataObject).disposition).toBe('lead');
			expect(first.json.owner).toBeDefined();
		}
	});

	it('sends unsure, conflicting and unreadable items to Review with a reason each', async () => {
		const lead = CLASSIFIED[0];
		const c = lead.classification as IDataObject;
		const items: IDataObject[] = [
			{ id: 'low', message: lead.message, classification: { ...c, confidence: 0.2 } },
			{ id: 'unknown-track', message: lead.message, classification: { ...c, track: 'designer' } },
			{ id: 'conflict', message: lead.message, classification: { ...c, track: 'consultant', primaryRole: 'ml_engineer' } },
			{ id: 'no-message' },
			{ id: 'blank', message: '   ' },
			{ id: 'junk-classification', message: 'x', classification: 'lead please' },
		];
		const result = await runWorkflow(routerWorkflow({ id: freshId() }), { items });
		const out = routed(result);
		expect(out.review.map((i) => i.json.id)).toEqual(items.map((i) => i.id));
		const reasons = Object.fromEntries(out.review.map((i) => [i.json.id, ((i.json.routing as IDataObject).reasons as string[]).join('; ')]));
		expect(reasons.low).toMatch(/confidence 0\.2 is below the threshold 0\.5/);
		expect(reasons['unknown-track']).toMatch(/^classification\.track: Invalid enum value.*'designer'/);
		expect(reasons.conflict).toMatch(/conflicting signals: track consultant with primaryRole ml_engineer/);
		expect(reasons['no-message']).toBe('no classification and no message: nothing to classify or route');
		expect(reasons.blank).toBe('no classification and no message: nothing to classify or route');
		expect(reasons['junk-classification']).toMatch(/^classification: Expected object/);
		// A review item for a real lead still carries its brief, for the reviewer.
		expect(out.review[0].json.brief).toBeDefined();
		expect(out.review[0].json.owner).toBeUndefined();
	});

	it('honours the confidence threshold the user sets', async () => {
		const result = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { confidenceThreshold: 0.9 } }), { items: CLASSIFIED.slice(0, 2) });
		expect(routed(result).review).toHaveLength(2);
	});

	it('sends leads to Review when the whole roster is out of office', async () => {
		const away = roster().map((o) => ({ ...o, outOfOffice: ['2000-01-01..2999-12-31'] }));
		const result = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { roster: JSON.stringify(away) } }), {
			items: CLASSIFIED,
		});
		const out = routed(result);
		expect(out.consultant.length + out.engineer.length + out.hybrid.length).toBe(0);
		expect(out.rejected).toHaveLength(3);
		expect(out.review).toHaveLength(CLASSIFIED.length - 3);
		for (const item of out.review) {
			expect(((item.json.routing as IDataObject).reasons as string[]).join('; ')).toMatch(
				/no owner available: all \d owner\(s\) of the (consultant|engineer|hybrid) pipeline are unavailable \(.*out of office/,
			);
		}
	});

	it('stops with an error naming the roster field, or sends every item to Review with continueOnFail', async () => {
		const bad = JSON.stringify([roster()[0], { ...roster()[1], email: 'not-an-email' }]);
		const stopped = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { roster: bad } }), { items: CLASSIFIED.slice(0, 2) });
		expect(stopped.error?.message).toMatch(/Item 0: field 'roster\[1\]\.email': must be an email address/);

		const kept = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { roster: '[]' }, continueOnFail: true }), {
			items: CLASSIFIED.slice(0, 3),
		});
		expect(kept.error).toBeUndefined();
		const out = routed(kept);
		// Leads need an owner, so each fails on the empty roster; none is lost, none lands on output 0.
		expect(out.review).toHaveLength(3);
		expect(out.consultant).toHaveLength(0);
		for (const item of out.review) expect(item.json.error).toMatchObject({ field: 'roster', message: expect.stringMatching(/is empty/) });
		expect(out.review.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);

		// Items that need no owner are not failed by the roster.
		const nonLeads = CLASSIFIED.filter((i) => expectedOutput(i) === 'rejected');
		const rejected = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { roster: bad } }), { items: nonLeads });
		expect(rejected.error).toBeUndefined();
		expect(routed(rejected).rejected).toHaveLength(nonLeads.length);
	});

	it('reads the roster from an item field', async () => {
		const items = CLASSIFIED.slice(0, 3).map((item) => ({ ...item, team: { owners: roster() } }));
		const result = await runWorkflow(
			routerWorkflow({ id: freshId(), parameters: { rosterSource: 'field', rosterField: 'team.owners' } }),
			{ items },
		);
		expect(result.error).toBeUndefined();
		const out = routed(result);
		const assigned = [...out.consultant, ...out.engineer, ...out.hybrid];
		expect(assigned).toHaveLength(3);
		for (const item of assigned) expect(item.json.owner).toBeDefined();
	});

	it('routes without owners when assignment is off', async () => {
		const result = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { assignOwners: false } }), { items: CLASSIFIED });
		const out = routed(result);
		expect(out.engineer.length).toBeGreaterThan(0);
		for (const item of out.engineer) {
			expect(item.json.brief).toBeDefined();
			expect(item.json.owner).toBeUndefined();
			expect(item.json.slaDueAt).toBeUndefined();
		}
	});

	it('keeps assignment counts across executions, and a lead routed again keeps its owner', async () => {
		const id = freshId();
		const engineers = roster().filter((o) => (o.pipelines as string[]).includes('engineer'));
		const leads = Array.from({ length: 6 }, (_, i) => ({ ...CLASSIFIED[0], id: `E-${i}` }));
		const owners: string[] = [];
		for (const lead of leads) {
			const result = await runWorkflow(routerWorkflow({ id }), { items: [lead] });
			const item = routed(result).engineer[0];
			owners.push(String((item.json.owner as IDataObject).email));
		}
		// Round robin across executions: the two engineering owners alternate (both weight 1).
		for (const o of engineers) expect(owners.filter((e) => e === o.email)).toHaveLength(3);
		expect(owners[0]).not.toBe(owners[1]);

		const again = await runWorkflow(routerWorkflow({ id }), { items: [leads[0]] });
		const item = routed(again).engineer[0];
		expect((item.json.owner as IDataObject).email).toBe(owners[0]);
		expect(item.json.assignment).toMatchObject({ reused: true });
	});

	it('applies the strategy the user picks', async () => {
		const result = await runWorkflow(routerWorkflow({ id: freshId(), parameters: { strategy: 'bestSkillMatch' } }), {
			items: [CLASSIFIED.find((i) => i.id === 'R-010')!], // LLM fine-tuning build
		});
		const item = routed(result).engineer[0];
		expect((item.json.owner as IDataObject).email).toBe('priya@agency.example');
		expect(String((item.json.assignment as IDataObject).reason)).toMatch(/^best skill match: \d of the brief's stack terms/);
	});

	describe('LLM problem drafting', () => {
		let llm: LlmServer;
		beforeAll(async () => {
			llm = await startLlmServer();
		});
		afterAll(async () => {
			await llm.close();
		});
		const credentials = () => ({ talentPipelineLlmApi: { baseUrl: llm.baseUrl, apiKey: 'sk-test-SECRET-9', model: 'test-model' } });
		const workflow = () =>
			routerWorkflow({
				id: freshId(),
				parameters: { draftProblem: true },
				credentials: { talentPipelineLlmApi: { id: '1', name: 'LLM' } },
			});

		it('uses the drafted problem, with contact details masked', async () => {
			llm.behaviour = { kind: 'content', content: JSON.stringify({ problem: 'A utility needs a load forecast model; call 415-555-0187.' }) };
			const result = await runWorkflow(workflow(), { items: [CLASSIFIED[0]], credentials: credentials() });
			expect(result.error).toBeUndefined();
			const brief = Brief.parse(routed(result).engineer[0].json.brief);
			expect(brief.problem).toBe('A utility needs a load forecast model; call [phone].');
			expect(brief.reasons).toContainEqual(expect.objectContaining({ signal: 'problem.llm' }));
			const sent = llm.requests.at(-1)!.body.messages!.map((m) => m.content).join('\n');
			expect(sent).toContain('load forecasting model');
		});

		it('keeps the deterministic problem when the LLM fails, and never leaks the key', async () => {
			llm.behaviour = { kind: 'status', status: 500 };
			const result = await runWorkflow(workflow(), { items: [CLASSIFIED[0]], credentials: credentials() });
			const item = routed(result).engineer[0];
			const brief = Brief.parse(item.json.brief);
			expect(brief.problem).toMatch(/^We're looking for help building a short-term load forecasting model/);
			expect(brief.reasons).toContainEqual(expect.objectContaining({ signal: 'problem.llm_fallback' }));
			expect(JSON.stringify(item.json)).not.toContain('SECRET');
		});
	});
});
