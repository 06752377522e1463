/**
 * The Lead Classifier and the Candidate Enricher as AI-agent tools, executed
 * through WorkflowExecute the way n8n runs a tool node an agent asked for: the
 * node type is the tool variant (`<name>Tool`), and its input item is the
 * agent's own item (webhook headers included) with the tool call's arguments
 * merged in. The node must read the arguments through its Tool Input
 * parameters ($fromAI) and answer with its result only.
 */
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { CandidateEnricher } from '../../../nodes/CandidateEnricher/CandidateEnricher.node';
import { LeadClassifier } from '../../../nodes/LeadClassifier/LeadClassifier.node';
import { chain, PACKAGE, registerNodeType, runWorkflow } from '../../helpers/engine';

/** The tool variant n8n derives from a node with usableAsTool: same node, name + 'Tool'. */
function toolVariant(node: INodeType): INodeType {
	node.description = { ...node.description, name: `${node.description.name}Tool` };
	return node;
}
registerNodeType(`${PACKAGE}.leadClassifierTool`, toolVariant(new LeadClassifier()));
registerNodeType(`${PACKAGE}.candidateEnricherTool`, toolVariant(new CandidateEnricher()));

const SECRET = 'intake-secret-5f1c';
const message = 'We need an MLOps engineer to put our fraud model into production on Kubernetes within 8 weeks; budget approved.';

/** The agent's input item (a header-auth webhook) with the tool arguments merged in, as n8n-core's engine does. */
const agentItem = (args: IDataObject): IDataObject => ({
	headers: { 'x-intake-secret': SECRET, host: '127.0.0.1' },
	body: { chatInput: 'please triage the lead below' },
	...args,
	toolCallId: 'call_1',
});

async function runOne(type: string, parameters: IDataObject, item: IDataObject) {
	const result = await runWorkflow(
		{ nodes: [{ name: 'Start', type: 'test.start' }, { name: 'Tool', type, parameters: parameters as INodeParameters & IDataObject }], connections: chain('Start', 'Tool') },
		{ items: [item] },
	);
	expect(result.error).toBeUndefined();
	return result.output('Tool')[0];
}

describe('nodes as AI-agent tools', () => {
	it('Lead Classifier: classifies the message of the tool call and answers with the classification only', async () => {
		const [answer] = await runOne(`${PACKAGE}.leadClassifierTool`, { mode: 'rules' }, agentItem({ message, company: 'Acme Pay' }));
		expect(Object.keys(answer.json)).toEqual(['classification']);
		expect(JSON.stringify(answer.json)).not.toContain(SECRET);

		// The same lead through the node itself gives the same classification.
		const [plain] = await runOne(`${PACKAGE}.leadClassifier`, { mode: 'rules' }, { message, company: 'Acme Pay' });
		expect(answer.json.classification).toEqual(plain.json.classification);
		expect(answer.json.classification).toMatchObject({ disposition: 'lead' });
	});

	it('Lead Classifier: a tool call without a message classifies an empty lead, never the agent item', async () => {
		const [answer] = await runOne(`${PACKAGE}.leadClassifierTool`, { mode: 'rules' }, { ...agentItem({}), message: undefined, body: { message } });
		expect(Object.keys(answer.json)).toEqual(['classification']);
		expect(answer.json.classification).toMatchObject({ disposition: 'spam' });
		expect(JSON.stringify(answer.json)).not.toContain('fraud model');
	});

	it('Candidate Enricher: vets the candidate of the tool call and answers with the vetting only', async () => {
		const resumeText = 'Senior MLOps engineer. Ran the model-serving platform on Kubernetes; on call for it; cut p95 latency 40%.';
		const [answer] = await runOne(
			`${PACKAGE}.candidateEnricherTool`,
			{ operation: 'enrichAndVet', options: { githubUrl: 'http://127.0.0.1:9' } },
			agentItem({ resumeText }),
		);
		expect(Object.keys(answer.json)).toEqual(['vetting']);
		expect(JSON.stringify(answer.json)).not.toContain(SECRET);
		expect(answer.json.vetting).toMatchObject({ github: { status: 'skipped' } });
	});
});
