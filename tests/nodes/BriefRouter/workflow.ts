/** Test workflows with the Brief Router's five outputs wired to downstream nodes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IConnections, IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { RunResult, WorkflowJson } from '../../helpers/engine';

export const ROUTER = 'n8n-nodes-talent-pipeline.briefRouter';
export const CLASSIFIER = 'n8n-nodes-talent-pipeline.leadClassifier';
export const OUTPUTS = ['consultant', 'engineer', 'hybrid', 'review', 'rejected'] as const;
/** The downstream node wired to each output. */
export const DOWNSTREAM = ['To Consultants', 'To Engineers', 'To Hybrid', 'To Review', 'To Rejected'];

const FIXTURES = path.join(__dirname, '../../fixtures/routing');

export function readJsonl(name: string): IDataObject[] {
	return readFileSync(path.join(FIXTURES, name), 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as IDataObject);
}

export function roster(): IDataObject[] {
	return JSON.parse(readFileSync(path.join(FIXTURES, 'roster.json'), 'utf8')) as IDataObject[];
}

export interface RouterWorkflowOptions {
	id?: string;
	parameters?: IDataObject;
	/** Put a real Lead Classifier before the router. */
	classifier?: boolean;
	continueOnFail?: boolean;
	credentials?: Record<string, { id: string; name: string }>;
}

/** Start → [Lead Classifier →] Brief Router → five downstream nodes, one per output. */
export function routerWorkflow(options: RouterWorkflowOptions = {}): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [{ name: 'Start', type: 'test.start' }];
	const connections: IConnections = {};
	let previous = 'Start';
	if (options.classifier) {
		nodes.push({ name: 'Lead Classifier', type: CLASSIFIER, parameters: { mode: 'rules' } });
		connections.Start = { main: [[{ node: 'Lead Classifier', type: 'main', index: 0 }]] };
		previous = 'Lead Classifier';
	}
	nodes.push({
		name: 'Brief Router',
		type: ROUTER,
		parameters: { roster: JSON.stringify(roster()), ...options.parameters },
		continueOnFail: options.continueOnFail,
		credentials: options.credentials,
	});
	connections[previous] = { main: [[{ node: 'Brief Router', type: 'main', index: 0 }]] };
	connections['Brief Router'] = { main: DOWNSTREAM.map((node) => [{ node, type: 'main' as const, index: 0 }]) };
	for (const name of DOWNSTREAM) nodes.push({ name, type: 'test.noOp' });
	return { id: options.id, nodes, connections };
}

/** The router's outputs by name, checking the downstream nodes received exactly them. */
export function routed(result: RunResult): Record<(typeof OUTPUTS)[number], INodeExecutionData[]> {
	const outputs = result.output('Brief Router');
	const byName = {} as Record<(typeof OUTPUTS)[number], INodeExecutionData[]>;
	OUTPUTS.forEach((name, i) => {
		byName[name] = outputs[i] ?? [];
		if (byName[name].length > 0) {
			expect(result.output(DOWNSTREAM[i])[0].map((item) => item.json)).toEqual(byName[name].map((item) => item.json));
		}
	});
	return byName;
}
