/**
 * The Lead Classifier through n8n-core's engine (WorkflowExecute), against a
 * baseline node in the same engine and run: a no-op node that does only what
 * every n8n node must do per item (read a parameter, copy the item, set
 * pairedItem). The ratio is the node's cost over the engine's own.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { classifyLead, normaliseLead } from '../core/lead/classify';
import { chain, registerNodeType, runWorkflow } from '../tests/helpers/engine';

const LEADS = [
	'We have several models in production and need an MLOps engineer to cut GPU cost and p99 latency of our Kubernetes serving stack.',
	'Our board wants an AI strategy: where could machine learning help a 400-person insurance broker, and is it worth it?',
	'Hi, I am an ML engineer looking for new opportunities, CV attached.',
	'We offer nearshore ML developers at 40% of US cost, happy to partner with your agency.',
	'Buy cheap followers now http://spam.example',
	'Wir suchen Unterstützung: unser Prototyp zur Absatzprognose liegt auf Eis und muss neu aufgesetzt und in Produktion gebracht werden.',
].map((message, i) => ({ id: `B-${i}`, name: 'Bench', email: `b${i}@example.com`, companySize: '50-250', message }));

/** The baseline: the per-item minimum of an n8n node. */
class MinimalNode {
	description = {
		displayName: 'Minimal',
		name: 'minimal',
		group: ['transform'],
		version: 1,
		description: 'bench baseline',
		defaults: { name: 'Minimal' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Field', name: 'field', type: 'string', default: 'message' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		return [
			items.map((item, i) => {
				const field = this.getNodeParameter('field', i) as string;
				return { json: { ...item.json, seen: typeof item.json[field] }, pairedItem: { item: i } };
			}),
		];
	}
}

async function timeRuns(type: string, items: object[], runs: number): Promise<number> {
	const json = {
		nodes: [
			{ name: 'Start', type: 'test.start' },
			{ name: 'Node', type, parameters: type.endsWith('leadClassifier') ? { mode: 'rules' } : {} },
		],
		connections: chain('Start', 'Node'),
	};
	let best = Infinity;
	for (let r = 0; r < runs; r++) {
		const t0 = process.hrtime.bigint();
		const result = await runWorkflow(json, { items: items as never });
		const ms = Number(process.hrtime.bigint() - t0) / 1e6;
		if (result.error) throw result.error;
		if (result.output('Node')[0].length !== items.length) throw new Error('items lost');
		best = Math.min(best, ms);
	}
	return best;
}

export async function benchEngine(): Promise<void> {
	registerNodeType('bench.minimal', new MinimalNode() as unknown as INodeType);

	const n = 5000;
	const items = Array.from({ length: n }, (_, i) => LEADS[i % LEADS.length]);
	await timeRuns('bench.minimal', items.slice(0, 200), 2); // warm-up
	await timeRuns('n8n-nodes-talent-pipeline.leadClassifier', items.slice(0, 200), 2);
	const base = await timeRuns('bench.minimal', items, 3);
	const node = await timeRuns('n8n-nodes-talent-pipeline.leadClassifier', items, 3);
	// The same classification in-process, without the engine: what the node cannot avoid doing.
	let core = Infinity;
	for (let r = 0; r < 3; r++) {
		const t0 = process.hrtime.bigint();
		for (const item of items) classifyLead(normaliseLead(item));
		core = Math.min(core, Number(process.hrtime.bigint() - t0) / 1e6);
	}
	const perSec = (ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US');
	process.stdout.write(
		`${n} leads per execution, best of 3\n` +
			`  baseline (minimal node in WorkflowExecute): ${base.toFixed(1)} ms  (${perSec(base)} items/s)\n` +
			`  classification alone, in-process:          ${core.toFixed(1)} ms  (${perSec(core)} leads/s)\n` +
			`  Lead Classifier (rules) in WorkflowExecute: ${node.toFixed(1)} ms  (${perSec(node)} leads/s)\n` +
			`  ratio node / minimal node: ${(node / base).toFixed(2)}x  (target <= 2x; the classification itself is ${((core / n) * 1000).toFixed(1)} us/lead against the engine's ${((base / n) * 1000).toFixed(1)} us/item)\n` +
			`  ratio node / (classification + minimal node): ${(node / (core + base)).toFixed(2)}x  (the adapter's own overhead)\n`,
	);
}
