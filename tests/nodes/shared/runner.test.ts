import type { IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItems } from '../../../nodes/shared/runner';
import { chain, registerNodeType, runWorkflow } from '../../helpers/engine';

/** A node whose handler fails on the item whose `fail` is true, after a delay per item. */
const handled: number[] = [];
class Flaky implements INodeType {
	description = {
		displayName: 'Flaky',
		name: 'flaky',
		group: ['transform'],
		version: 1,
		description: 'runner test',
		defaults: { name: 'Flaky' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runItems(
			this,
			async (item, i) => {
				await new Promise((r) => setTimeout(r, 5));
				handled.push(i);
				if (item.json.fail) throw new Error(`boom ${i}`);
				return { json: { ok: i }, output: 0 };
			},
			{ outputs: 2, errorOutput: 1, concurrency: 3 },
		);
	}
}

registerNodeType('test.flaky', new Flaky());

const workflow = (continueOnFail: boolean) => ({
	nodes: [
		{ name: 'Start', type: 'test.start' },
		{ name: 'Flaky', type: 'test.flaky', continueOnFail },
	],
	connections: chain('Start', 'Flaky'),
});

describe('runItems', () => {
	beforeEach(() => {
		handled.length = 0;
	});

	it('with continueOnFail, every item leaves once, errors on the error output, order kept', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ i, fail: i % 4 === 1 }));
		const result = await runWorkflow(workflow(true), { items });
		const [ok, errors] = result.output('Flaky');
		expect(ok.map((x) => x.pairedItem)).toEqual([0, 2, 3, 4, 6, 7, 8].map((item) => ({ item })));
		expect(errors.map((x) => x.pairedItem)).toEqual([1, 5, 9].map((item) => ({ item })));
		expect(errors[0].json.error).toMatchObject({ itemIndex: 1 });
		expect(handled.sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
	});

	it('without continueOnFail, no item is started after the first failure, and the lowest failing index is reported', async () => {
		const items = Array.from({ length: 10 }, (_, i) => ({ i, fail: i === 0 || i === 1 }));
		const result = await runWorkflow(workflow(false), { items });
		expect(result.error?.message).toMatch(/Item 0: boom 0/);
		// The three workers had items 0, 1 and 2 in flight; nothing after them was started.
		expect(handled.sort((a, b) => a - b)).toEqual([0, 1, 2]);
	});
});
