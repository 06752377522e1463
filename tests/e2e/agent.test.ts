/**
 * The Lead Classifier as an AI-agent tool in a real n8n 2.41: n8n's AI Agent
 * (@n8n/n8n-nodes-langchain) with an OpenAI chat model whose base URL is a
 * loopback server. The server answers the agent with a call of the tool,
 * passing a lead's message; the test checks that the tool offered a schema
 * with that field, classified the message it was passed (not the webhook
 * item the agent started from), and answered with the classification only:
 * no headers, no intake secret, nothing else of the item. No n8n setting was
 * needed for a community node to be a tool (N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE
 * is not set here).
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { classifyLead, normaliseLead } from '../../core/lead/classify';
import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, nodeOutput, startN8n, waitForExecutions, type N8nInstance } from './helpers/n8n';
import { startToolCallingLlm, type ToolCallingLlm } from './helpers/tool-calling-llm';
import { postWebhook, waitForWebhook } from './helpers/workflows';

const PKG = 'n8n-nodes-talent-pipeline';
const MESSAGE =
	'Hi, we are a 200-person fintech. Our fraud model works in a notebook but we need an MLOps engineer to put it into production on Kubernetes with monitoring within 8 weeks. Budget approved.';
const SECRET = `intake-${randomBytes(12).toString('hex')}`;

let work: string;
let n8n: N8nInstance | undefined;
let llm: ToolCallingLlm | undefined;
let client: N8nClient;

beforeAll(async () => {
	work = makeWorkDir('agent');
	llm = await startToolCallingLlm({ message: MESSAGE, company: 'Acme Pay' });
	n8n = await startN8n({ workDir: work, tarball: packedTarball() });
	client = new N8nClient(n8n.baseUrl);
	await client.bootstrap();
}, 5 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	await llm?.close();
	removeWorkDir(work);
}, 60_000);

test('an AI Agent calls the Lead Classifier as a tool and gets the classification of the message it passed, and nothing else', async () => {
	const types = await client.nodeTypes();
	expect(types.has(`${PKG}.leadClassifierTool`)).toBe(true);
	expect(types.has(`${PKG}.candidateEnricherTool`)).toBe(true);
	// Multi-output nodes are no tools: an agent would only ever see their first output.
	expect(types.has(`${PKG}.briefRouterTool`)).toBe(false);
	expect(types.has(`${PKG}.outreachTool`)).toBe(false);

	const openAi = await client.createCredential('Loopback OpenAI', 'openAiApi', { apiKey: 'sk-loopback-not-secret', url: llm!.baseUrl, header: false });
	const headerAuth = await client.createCredential('Agent intake header', 'httpHeaderAuth', { name: 'X-Intake-Key', value: SECRET });
	const path = `agent-triage-${randomUUID().slice(0, 8)}`;
	const wf = await client.createWorkflow({
		name: 'Agent with the Lead Classifier tool',
		nodes: [
			{
				id: 'ag-1',
				name: 'Intake',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'lastNode', options: {} },
				credentials: { httpHeaderAuth: { id: headerAuth.id, name: headerAuth.name } },
			},
			{
				id: 'ag-2',
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [240, 0],
				parameters: { promptType: 'define', text: '={{ "Triage this lead with the Lead Classifier: " + $json.body.note }}', options: {} },
			},
			{
				id: 'ag-3',
				name: 'Loopback Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 220],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-loopback' }, options: {} },
				credentials: { openAiApi: { id: openAi.id, name: openAi.name } },
			},
			{
				id: 'ag-4',
				name: 'Lead Classifier',
				type: `${PKG}.leadClassifierTool`,
				typeVersion: 1,
				position: [380, 220],
				// As dropped from the editor's AI > Tools panel: the Tool Input fields keep their $fromAI defaults.
				parameters: { mode: 'rules' },
			},
		],
		connections: {
			Intake: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Loopback Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Lead Classifier': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	});
	await client.activateWorkflow(wf.id);
	const url = `${n8n!.baseUrl}/webhook/${path}`;
	await waitForWebhook(url);

	// The webhook item the agent starts from holds no lead message: a tool that read it would classify nothing.
	const res = await postWebhook(url, { note: 'a lead came in through the contact form' }, { 'X-Intake-Key': SECRET });
	expect(res.status).toBe(200);

	// The agent offered the tool with the Tool Input fields as its schema.
	const offered = llm!.requests.find((r) => r.body.tools?.length)?.body.tools ?? [];
	expect(offered).toHaveLength(1);
	expect(Object.keys(offered[0].function.parameters?.properties ?? {})).toEqual(expect.arrayContaining(['message', 'company']));

	// What the tool answered the agent: the classification of the message it passed, and nothing else.
	expect(llm!.toolResults).toHaveLength(1);
	const answer = JSON.parse(llm!.toolResults[0]) as Array<Record<string, unknown>>;
	expect(answer).toHaveLength(1);
	expect(Object.keys(answer[0])).toEqual(['classification']);
	const expected = classifyLead(normaliseLead({ message: MESSAGE, company: 'Acme Pay' }));
	expect(answer[0].classification).toMatchObject({
		disposition: expected.disposition,
		stage: expected.stage,
		track: expected.track,
		primaryRole: expected.primaryRole,
	});
	expect(expected.disposition).toBe('lead');
	for (const request of llm!.requests) {
		const sent = JSON.stringify(request.body);
		expect(sent).not.toContain(SECRET);
		expect(sent).not.toMatch(/x-intake-key/i);
	}

	const [execution] = await waitForExecutions(client, wf.id, 1, 60_000);
	expect(execution.status).toBe('success');
	expect(nodeOutput(execution, 'AI Agent')[0]?.[0]?.output).toMatch(/The tool answered/);
});
