import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { readLabelledFiles } from '../../../cli/labelled';
import { bundledModel } from '../../../core/model/bundled';
import { encodeModel } from '../../../core/model/model';
import { trainLeadModel } from '../../../core/model/train';
import { Classification } from '../../../core/lead/schema';
import { chain, runWorkflow, type WorkflowJson } from '../../helpers/engine';

const TYPE = 'n8n-nodes-talent-pipeline.leadClassifier';
const corpus = path.resolve(__dirname, '..', '..', '..', 'data', 'leads', 'train');

function workflow(parameters: INodeParameters): WorkflowJson {
	return {
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{ name: 'Classify', type: TYPE, parameters },
		],
		connections: chain('Start', 'Classify'),
	};
}

const LEADS = [
	{ id: 'a', company: 'Northwind', companySize: '250+', message: 'We run four fraud and pricing models in production and need an MLOps engineer to set up monitoring, drift alerts and a model registry.' },
	{ id: 'b', message: 'Hi, I am a machine learning engineer with 6 years of experience looking for my next role. CV attached.' },
	{ id: 'c', company: 'Bakery Co', companySize: '10-50', message: 'We have never used AI and would like someone to tell us whether it is worth it and what we should do first. No build for now.' },
];

describe('Lead Classifier with the learned model', () => {
	test('Model is the default mode: labels, calibrated confidence, modelVersion and the words behind each label', async () => {
		const result = await runWorkflow(workflow({}), { items: LEADS });
		expect(result.error).toBeUndefined();
		const out = result.output('Classify')[0].map((i) => Classification.parse(i.json.classification));
		expect(out.map((c) => c.disposition)).toEqual(['lead', 'job_seeker', 'lead']);
		expect(out[0]).toMatchObject({ stage: 'scale', primaryRole: 'mlops_engineer', method: 'model', modelVersion: bundledModel().version });
		expect(out[1]).toMatchObject({ stage: null, track: null, primaryRole: null });
		expect(out[2]).toMatchObject({ stage: 'early', track: 'consultant', primaryRole: 'ai_consultant' });
		for (const c of out) {
			expect(c.confidence).toBeGreaterThan(0);
			expect(c.confidence).toBeLessThan(1);
			expect(c.reasons.some((r) => r.label === 'disposition' && r.signal.startsWith('model.'))).toBe(true);
		}
		expect(out[0].reasons.some((r) => r.label === 'priority')).toBe(true);
	});

	describe('a custom model', () => {
		const { leads } = readLabelledFiles([path.join(corpus, 'w5.jsonl')]);
		const custom = JSON.stringify(encodeModel(trainLeadModel(leads.slice(0, 150).map((l) => l.example), { bits: 14, epochs: 3, folds: 2, version: 'acme-7' })));

		test('given as JSON, it decides and its version is recorded', async () => {
			const result = await runWorkflow(workflow({ options: { model: custom } }), { items: LEADS });
			expect(result.error).toBeUndefined();
			for (const item of result.output('Classify')[0]) expect((item.json.classification as Classification).modelVersion).toBe('acme-7');
		});

		test('given as a file path, the same', async () => {
			const file = path.join(mkdtempSync(path.join(tmpdir(), 'tp-model-')), 'model.json');
			writeFileSync(file, custom);
			const result = await runWorkflow(workflow({ options: { modelFile: file } }), { items: LEADS });
			expect(result.error).toBeUndefined();
			expect((result.output('Classify')[0][0].json.classification as Classification).modelVersion).toBe('acme-7');
		});

		test.each([
			['JSON that is not a model', { model: '{"format":"nope"}' }, /Model \(JSON\) \(model\.format\): The model file is not a talent-pipeline\/lead-model@1 file at 'format'/],
			['invalid JSON', { model: '{nope' }, /Model \(JSON\).*not valid JSON/],
			['a missing file', { modelFile: '/nonexistent/model.json' }, /Model File '\/nonexistent\/model.json' cannot be read/],
		])('%s stops the node with the problem named, before any lead', async (_name, options, message) => {
			const result = await runWorkflow(workflow({ options }), { items: LEADS });
			expect(result.error?.message).toMatch(message);
		});
	});

	test("a user's ruleset signal marked force decides its label; an unknown signal nudges the model", async () => {
		const ruleset = JSON.stringify({
			signals: {
				disposition: [{ name: 'house.partner_domain', value: 'vendor', weight: 1, force: true, field: 'meta', patterns: ['@northwind'] }],
				stage: [],
				track: [],
				primaryRole: [],
				priority: [],
			},
		});
		const result = await runWorkflow(workflow({ options: { ruleset } }), {
			items: [{ ...LEADS[0], email: 'ops@northwind.example' }, LEADS[2]],
		});
		expect(result.error).toBeUndefined();
		const [forced, other] = result.output('Classify')[0].map((i) => Classification.parse(i.json.classification));
		expect(forced.disposition).toBe('vendor');
		expect(forced.reasons[0]).toMatchObject({ label: 'disposition', signal: 'house.partner_domain', value: 'vendor' });
		expect(other.disposition).toBe('lead');
	});

	test('Rules mode still runs the ruleset alone', async () => {
		const result = await runWorkflow(workflow({ mode: 'rules' }), { items: LEADS });
		const c = Classification.parse(result.output('Classify')[0][0].json.classification);
		expect(c.method).toBe('rules');
		expect(c.modelVersion).toBeUndefined();
	});
});
