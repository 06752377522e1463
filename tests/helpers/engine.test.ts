import { chain, runWorkflow } from './engine';

describe('test engine', () => {
	it('runs a workflow through WorkflowExecute and returns each node output', async () => {
		const result = await runWorkflow(
			{
				nodes: [
					{ name: 'Start', type: 'test.start' },
					{ name: 'After', type: 'test.noOp' },
				],
				connections: chain('Start', 'After'),
			},
			{ items: [{ a: 1 }, { a: 2 }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.output('After')[0].map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
	});
});
