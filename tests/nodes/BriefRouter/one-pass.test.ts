/**
 * One pass per lead: the Lead Classifier reads (maps) and cleans a lead once and
 * emits it as `lead`; the Brief Router and Outreach read that `lead` without a
 * field mapping of their own, and nothing cleans the same message again.
 */
import type { IDataObject } from 'n8n-workflow';

import * as clean from '../../../core/text/clean';
import { runWorkflow } from '../../helpers/engine';
import { CLASSIFIER, DOWNSTREAM, OUTPUTS, ROUTER, roster, routed } from './workflow';

const BODY_MAPPING = { name: 'body.name', email: 'body.email', company: 'body.company', message: 'body.message' };

/** Webhook-shaped items: the form's fields under `body`, the message as HTML with a quoted reply and a signature. */
const ITEMS: IDataObject[] = [
	{
		body: {
			name: 'Ines',
			email: 'ines@shipfast.example',
			company: 'Shipfast',
			message:
				'<p>Hello,</p><p>We need an <b>ML engineer</b> to train and deploy a demand forecasting model for our 40 warehouses. Our data is in BigQuery and the use case is defined.</p><p>Best regards,<br>Ines</p><p>On Mon, 2 Mar 2026, Agency wrote:</p><blockquote>Thanks for reaching out</blockquote>',
		},
	},
	{
		body: {
			name: 'Tom',
			email: 'tom@loanly.example',
			company: 'Loanly',
			message: 'We are a bank exploring AI for the first time. We want a consultant to help us scope use cases, estimate ROI and draft a roadmap.',
		},
	},
];

function workflow(id: string) {
	return {
		id,
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{ name: 'Lead Classifier', type: CLASSIFIER, parameters: { mode: 'model', fieldMapping: BODY_MAPPING } },
			// No field mapping here: the router reads the classifier's `lead`.
			{ name: 'Brief Router', type: ROUTER, parameters: { roster: JSON.stringify(roster()), stateBackend: 'n8n' } },
			...DOWNSTREAM.map((name) => ({ name, type: 'test.noOp' })),
		],
		connections: {
			Start: { main: [[{ node: 'Lead Classifier', type: 'main' as const, index: 0 }]] },
			'Lead Classifier': { main: [[{ node: 'Brief Router', type: 'main' as const, index: 0 }]] },
			'Brief Router': { main: DOWNSTREAM.map((node) => [{ node, type: 'main' as const, index: 0 }]) },
		},
	};
}

describe('one pass per lead', () => {
	afterEach(() => jest.restoreAllMocks());

	it('maps and cleans each message once; the router briefs from the emitted lead without a mapping', async () => {
		const spy = jest.spyOn(clean, 'cleanText');
		const result = await runWorkflow(workflow('wf-one-pass-1'), { items: ITEMS });
		expect(result.error).toBeUndefined();

		const classified = result.output('Lead Classifier')[0];
		expect(classified).toHaveLength(2);
		const lead = classified[0].json.lead as IDataObject;
		expect(lead).toMatchObject({ name: 'Ines', email: 'ines@shipfast.example', company: 'Shipfast' });
		// The emitted message is the author's text: no tags, no quoted reply.
		expect(lead.message).toContain('demand forecasting model');
		expect(String(lead.message)).not.toMatch(/<p>|<b>|Thanks for reaching out/);

		// One cleanText call per lead over the whole workflow (classifier, brief and problem statement).
		const messageCalls = spy.mock.calls.filter(([raw]) => typeof raw === 'string' && raw.length > 40);
		expect(messageCalls).toHaveLength(ITEMS.length);

		const out = routed(result);
		expect(out.engineer).toHaveLength(1);
		expect(out.consultant).toHaveLength(1);
		const brief = out.engineer[0].json.brief as IDataObject;
		expect(brief.problem).toMatch(/demand forecasting/);
		expect(String(brief.problem)).not.toMatch(/Thanks for reaching out|<b>/);
		expect((out.consultant[0].json.brief as IDataObject).track).toBe('consultant');
		expect(OUTPUTS.reduce((n, name) => n + out[name].length, 0)).toBe(ITEMS.length);
	});

	it('classifies an item without a classification once, cleaning its message once', async () => {
		const spy = jest.spyOn(clean, 'cleanText');
		const json = {
			id: 'wf-one-pass-2',
			nodes: [
				{ name: 'Start', type: 'test.start' },
				{ name: 'Brief Router', type: ROUTER, parameters: { roster: JSON.stringify(roster()), stateBackend: 'n8n', fieldMapping: BODY_MAPPING } },
				...DOWNSTREAM.map((name) => ({ name, type: 'test.noOp' })),
			],
			connections: {
				Start: { main: [[{ node: 'Brief Router', type: 'main' as const, index: 0 }]] },
				'Brief Router': { main: DOWNSTREAM.map((node) => [{ node, type: 'main' as const, index: 0 }]) },
			},
		};
		const result = await runWorkflow(json, { items: [ITEMS[0]] });
		expect(result.error).toBeUndefined();
		const out = routed(result);
		expect(out.engineer).toHaveLength(1);
		expect(String((out.engineer[0].json.brief as IDataObject).problem)).toMatch(/demand forecasting/);
		expect(spy.mock.calls.filter(([raw]) => typeof raw === 'string' && raw.length > 40)).toHaveLength(1);
	});

	it('Outreach addresses the lead from `lead` when the item has no `email` of its own', async () => {
		const json = {
			id: 'wf-one-pass-3',
			nodes: [
				{ name: 'Start', type: 'test.start' },
				{ name: 'Lead Classifier', type: CLASSIFIER, parameters: { mode: 'model', fieldMapping: BODY_MAPPING } },
				{
					name: 'Outreach',
					type: 'n8n-nodes-talent-pipeline.outreach',
					parameters: { channel: 'dry_run', campaign: 'one-pass', subject: 'Hi {{lead.name|there}}', text: 'Hello {{name|there}}', fromEmail: 'desk@agency.example' },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Lead Classifier', type: 'main' as const, index: 0 }]] },
				'Lead Classifier': { main: [[{ node: 'Outreach', type: 'main' as const, index: 0 }]] },
			},
		};
		const result = await runWorkflow(json, { items: ITEMS });
		expect(result.error).toBeUndefined();
		const [sent, notSent] = result.output('Outreach');
		const all = [...(sent ?? []), ...(notSent ?? [])];
		expect(all).toHaveLength(2);
		const byItem = all.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
		const outreach = byItem.map((i) => i.json.outreach as IDataObject);
		expect(outreach.map((o) => o.status)).toEqual(['dry_run', 'dry_run']);
		expect(outreach.map((o) => (o.preview as IDataObject).to)).toEqual(['ines@shipfast.example', 'tom@loanly.example']);
		expect((outreach[0].preview as IDataObject).subject).toBe('Hi Ines');
	});
});
