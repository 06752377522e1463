/**
 * Regular mode: one n8n 2.x process with embedded SQLite, this package installed as a community package from
 * its packed tarball, driven only through n8n's HTTP APIs and webhooks.
 */
import { randomBytes } from 'node:crypto';

import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, startN8n, waitForExecutions, type CredentialRef, type N8nInstance, type WorkflowBody } from './helpers/n8n';
import { bindCredentials, postWebhook, waitForWebhook } from './helpers/workflows';

const PKG = 'n8n-nodes-talent-pipeline';
const HEADER = 'X-Intake-Key';

let work: string;
let n8n: N8nInstance | undefined;
let client: N8nClient;
let headerAuth: CredentialRef;
const secret = randomBytes(16).toString('hex');

beforeAll(async () => {
	work = makeWorkDir('regular');
	n8n = await startN8n({ workDir: work, tarball: packedTarball() });
	client = new N8nClient(n8n.baseUrl);
	await client.bootstrap();
	headerAuth = await client.createCredential('Lead intake header', 'httpHeaderAuth', { name: HEADER, value: secret });
}, 5 * 60_000);

afterAll(async () => {
	await n8n?.stop();
	removeWorkDir(work);
}, 60_000);

/** Webhook (header auth) -> Lead Classifier (rules) -> Respond to Webhook with the classification. */
function classifierWorkflow(path: string): WorkflowBody {
	return {
		name: `e2e classifier ${path}`,
		nodes: [
			{
				id: 'a1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: path,
				parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'responseNode', options: {} },
				credentials: { httpHeaderAuth: { id: '', name: 'Lead intake header' } },
			},
			{
				id: 'a2',
				name: 'Lead Classifier',
				type: `${PKG}.leadClassifier`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					mode: 'rules',
					fieldMapping: { name: 'body.name', email: 'body.email', company: 'body.company', companySize: 'body.companySize', message: 'body.message' },
				},
			},
			{
				id: 'a3',
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.5,
				position: [440, 0],
				parameters: { respondWith: 'json', responseBody: '={{ $json.classification }}', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Lead Classifier', type: 'main', index: 0 }]] },
			'Lead Classifier': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
	};
}

describe('regular mode: the package inside a real n8n', () => {
	test('n8n loads the Lead Classifier under the package name, with its icon and as a tool', async () => {
		const types = await client.nodeTypes();
		const classifier = types.get(`${PKG}.leadClassifier`);
		expect(classifier).toBeDefined();
		expect(classifier?.displayName).toBe('Lead Classifier');
		expect(JSON.stringify(classifier?.iconUrl ?? classifier?.icon)).toMatch(/leadClassifier\.svg/);
		// usableAsTool makes n8n add a `...Tool` variant of the node for AI agents.
		expect(types.has(`${PKG}.leadClassifierTool`)).toBe(true);
	});

	test('a lead posted to the webhook comes back classified, and the execution is recorded', async () => {
		const wf = await client.createWorkflow(bindCredentials(classifierWorkflow('classify-e2e'), [headerAuth]));
		await client.activateWorkflow(wf.id);
		await waitForWebhook(`${n8n!.baseUrl}/webhook/classify-e2e`);
		const lead = {
			name: 'Dana Roe',
			email: 'dana@acme-logistics.example',
			company: 'Acme Logistics',
			companySize: '250+',
			message:
				'We have three demand-forecasting models in production and need an MLOps engineer to set up monitoring, drift detection and CI/CD for our model deployments on Kubernetes.',
		};
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/classify-e2e`, lead, { [HEADER]: secret });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ disposition: 'lead', track: 'engineer' });
		expect(res.body).toHaveProperty('reasons');

		const spam = await postWebhook(`${n8n!.baseUrl}/webhook/classify-e2e`, { message: 'cheap casino bonus crypto click here http://spam.example' }, { [HEADER]: secret });
		expect(spam.status).toBe(200);
		expect(spam.body).toMatchObject({ disposition: 'spam', track: null });

		// n8n saves an execution just after answering the webhook.
		const executions = await waitForExecutions(client, wf.id, 2, 30_000);
		expect(executions.length).toBe(2);
		expect(executions.every((e) => e.status === 'success')).toBe(true);
	});

	test('the webhook refuses a call without the header secret', async () => {
		const res = await postWebhook(`${n8n!.baseUrl}/webhook/classify-e2e`, { message: 'hello' }, { [HEADER]: 'wrong' });
		expect(res.status).toBe(403);
	});
});
