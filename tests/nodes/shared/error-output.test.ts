/**
 * "On Error" for every node of the package, executed through WorkflowExecute:
 * under "Continue (using error output)" a bad item leaves by n8n's error output
 * (the extra last output n8n adds), under "Continue (using regular output)" it
 * stays where the README says, and either way the error names the message, the
 * item index and the field, and every other item goes on.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { chain, PACKAGE, runWorkflow } from '../../helpers/engine';

type OnError = 'continueErrorOutput' | 'continueRegularOutput';

interface Case {
	node: string;
	type: string;
	parameters: IDataObject;
	/** Two good items around one bad one (index 1). */
	items: IDataObject[];
	field: string;
	outputs: number;
	/** Where the bad item lands under "Continue (using regular output)". */
	regularOutput: number;
	/** What a bad item carries there besides `error`. */
	regularShape?: (json: IDataObject) => void;
}

const message = 'We need an MLOps engineer to put our fraud model into production on Kubernetes within 8 weeks; budget approved.';

const cases: Case[] = [
	{
		node: 'Lead Classifier',
		type: `${PACKAGE}.leadClassifier`,
		parameters: { mode: 'rules' },
		items: [{ message }, { message: { html: '<p>hi</p>' } }, { message }],
		field: 'message',
		outputs: 1,
		regularOutput: 0,
	},
	{
		node: 'Brief Router',
		type: `${PACKAGE}.briefRouter`,
		parameters: { assignOwners: false },
		items: [{ message }, { message: { html: '<p>hi</p>' } }, { message }],
		field: 'message',
		outputs: 5,
		regularOutput: 3,
		regularShape: (json) => expect(json.routing).toMatchObject({ output: 'review', reasons: [expect.stringMatching(/field 'message'/)] }),
	},
	{
		node: 'Candidate Enricher',
		type: `${PACKAGE}.candidateEnricher`,
		parameters: { operation: 'enrichAndVet', options: { githubUrl: 'http://127.0.0.1:9' } },
		items: [{ resumeText: 'ML engineer' }, { resumeText: 'x', githubUsername: '-not-a-login-' }, { resumeText: 'MLOps' }],
		field: 'githubUsername',
		outputs: 1,
		regularOutput: 0,
	},
	{
		node: 'Outreach',
		type: `${PACKAGE}.outreach`,
		parameters: { channel: 'dry_run', campaign: 'c', subject: 'Hi', text: 'Hi {{name|there}}' },
		items: [{ email: 'a@example.test' }, { email: 'not an address' }, { email: 'b@example.test' }],
		field: 'email',
		outputs: 2,
		regularOutput: 1,
		regularShape: (json) => expect(json.outreach).toMatchObject({ status: 'failed', channel: 'dry_run' }),
	},
];

async function run(c: Case, onError: OnError): Promise<INodeExecutionData[][]> {
	const result = await runWorkflow(
		{
			nodes: [
				{ name: 'Start', type: 'test.start' },
				{ name: c.node, type: c.type, parameters: c.parameters as INodeParameters & IDataObject, onError, continueOnFail: false },
			],
			connections: chain('Start', c.node),
		},
		{ items: c.items },
	);
	expect(result.error).toBeUndefined();
	return result.output(c.node);
}

const all = (outputs: INodeExecutionData[][]) => outputs.flat();
const errorOf = (item: INodeExecutionData) => item.json.error as IDataObject;

describe.each(cases)('$node, On Error', (c) => {
	it('"Continue (using error output)": the bad item leaves by the error output only, naming the field and the item', async () => {
		const outputs = await run(c, 'continueErrorOutput');
		expect(outputs).toHaveLength(c.outputs + 1);
		const errors = outputs[c.outputs];
		expect(errors).toHaveLength(1);
		expect(errors[0].pairedItem).toEqual({ item: 1 });
		expect(errorOf(errors[0])).toMatchObject({ itemIndex: 1, field: c.field, message: expect.stringContaining(`field '${c.field}'`) });
		// n8n adds the input item's fields back to an error-output item.
		expect(errors[0].json).toMatchObject(c.items[1]);
		// Every input item leaves exactly once; the good ones by the node's own outputs.
		const regular = all(outputs.slice(0, c.outputs));
		expect(regular.map((i) => i.pairedItem)).toEqual(expect.arrayContaining([{ item: 0 }, { item: 2 }]));
		expect(regular).toHaveLength(2);
		expect(regular.some((i) => i.json.error)).toBe(false);
	});

	it('"Continue (using regular output)": the bad item stays on its documented output, with the same error', async () => {
		const outputs = await run(c, 'continueRegularOutput');
		expect(outputs.length).toBeLessThanOrEqual(c.outputs);
		const bad = all(outputs).filter((i) => i.json.error);
		expect(bad).toHaveLength(1);
		expect(outputs[c.regularOutput]).toContain(bad[0]);
		expect(bad[0].pairedItem).toEqual({ item: 1 });
		expect(errorOf(bad[0])).toMatchObject({ itemIndex: 1, field: c.field });
		c.regularShape?.(bad[0].json);
		expect(all(outputs)).toHaveLength(3);
	});
});
