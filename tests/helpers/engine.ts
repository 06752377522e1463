/**
 * Runs workflow JSON through n8n-core's real engine (WorkflowExecute) with this
 * package's node types, as n8n does, without a hand-mocked IExecuteFunctions.
 * Credentials come from the test; `authenticate` of the credential type is
 * applied the way n8n's CredentialsHelper applies a generic one.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'tp-n8n-'));

// eslint-disable-next-line import/first
import { DataDeduplicationService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
// eslint-disable-next-line import/first
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataDeduplicator,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IConnections,
	type IWorkflowExecuteAdditionalData,
	type DeduplicationItemTypes,
	type ICheckProcessedContextData,
	type DeduplicationScope,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-talent-pipeline';
const ROOT = path.resolve(__dirname, '..', '..');

/** Passes its input through: the start node of every test workflow, and the no-op downstream. */
class PassThrough implements INodeType {
	description = {
		displayName: 'Pass Through',
		name: 'passThrough',
		group: ['transform'],
		version: 1,
		description: 'test helper',
		defaults: { name: 'Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

function loadPackageNodeTypes(): Record<string, INodeType | IVersionedNodeType> {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	const types: Record<string, INodeType | IVersionedNodeType> = {};
	for (const distPath of pkg.n8n.nodes) {
		const source = path.join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		if (!existsSync(source)) continue; // a node a later issue adds
		const className = path.basename(source, '.node.ts');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(source) as Record<string, new () => INodeType>;
		const instance = new mod[className]();
		types[`${PACKAGE}.${instance.description.name}`] = instance;
	}
	return types;
}

function loadPackageCredentialTypes(): Record<string, ICredentialType> {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		n8n: { credentials: string[] };
	};
	const types: Record<string, ICredentialType> = {};
	for (const distPath of pkg.n8n.credentials) {
		const source = path.join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		if (!existsSync(source)) continue;
		const className = path.basename(source, '.credentials.ts');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(source) as Record<string, new () => ICredentialType>;
		const instance = new mod[className]();
		types[instance.name] = instance;
	}
	return types;
}

let nodeTypeCache: Record<string, INodeType | IVersionedNodeType> | undefined;
let credentialTypeCache: Record<string, ICredentialType> | undefined;

/** Adds a node type for a test or benchmark (e.g. a baseline node). */
export function registerNodeType(type: string, node: INodeType): void {
	nodeTypes();
	(nodeTypeCache as Record<string, INodeType | IVersionedNodeType>)[type] = node;
}

export function nodeTypes(): INodeTypes {
	nodeTypeCache ??= {
		...loadPackageNodeTypes(),
		'test.start': new PassThrough(),
		'test.noOp': new PassThrough(),
	};
	const all = nodeTypeCache;
	const get = (type: string): INodeType | IVersionedNodeType => {
		const t = all[type];
		if (!t) throw new Error(`unknown node type ${type}`);
		return t;
	};
	return {
		getByName: get,
		getByNameAndVersion: (type: string, version?: number) => {
			const t = get(type);
			return 'nodeVersions' in t ? t.getNodeType(version) : t;
		},
		getKnownTypes: () => ({}),
	} as INodeTypes;
}

function credentialType(name: string): ICredentialType | undefined {
	credentialTypeCache ??= loadPackageCredentialTypes();
	return credentialTypeCache[name];
}

/** Resolves `={{$credentials.x}}` and `Bearer {{ $credentials.x }}` the way n8n's generic authenticate does. */
function resolveCredentialString(value: string, creds: ICredentialDataDecryptedObject): string {
	const text = value.startsWith('=') ? value.slice(1) : value;
	return text.replace(/\{\{\s*\$credentials\.([A-Za-z0-9_]+)\s*\}\}/g, (_m, key: string) =>
		String(creds[key] ?? ''),
	);
}

/** An in-memory stand-in for n8n's database-backed deduplication store (same interface n8n's CLI provides). */
export class MemoryDeduplicator implements IDataDeduplicator {
	readonly entries = new Map<string, Set<string>>();

	private bucket(scope: DeduplicationScope, ctx: ICheckProcessedContextData): Set<string> {
		const key = scope === 'node' ? `${ctx.workflow.id}:${ctx.node?.id ?? ctx.node?.name}` : ctx.workflow.id;
		let set = this.entries.get(key);
		if (!set) this.entries.set(key, (set = new Set()));
		return set;
	}

	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, ctx: ICheckProcessedContextData) {
		const set = this.bucket(scope, ctx);
		const out = { new: [] as DeduplicationItemTypes[], processed: [] as DeduplicationItemTypes[] };
		// A deliberate await between read and write, as a database round trip has:
		// it lets concurrent callers interleave, the way n8n's real store does.
		const seen = items.map((i) => set.has(String(i)));
		await new Promise((r) => setImmediate(r));
		items.forEach((item, i) => {
			if (seen[i]) out.processed.push(item);
			else {
				out.new.push(item);
				set.add(String(item));
			}
		});
		return out;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, ctx: ICheckProcessedContextData) {
		const set = this.bucket(scope, ctx);
		for (const i of items) set.delete(String(i));
	}

	async clearAllProcessedItems(scope: DeduplicationScope, ctx: ICheckProcessedContextData) {
		this.bucket(scope, ctx).clear();
	}

	async getProcessedDataCount(scope: DeduplicationScope, ctx: ICheckProcessedContextData) {
		return this.bucket(scope, ctx).size;
	}
}

export const deduplicator = new MemoryDeduplicator();
let dedupReady: Promise<void> | undefined;

export interface WorkflowJson {
	id?: string;
	nodes: Array<Partial<INode> & { name: string; type: string; parameters?: IDataObject }>;
	connections: IConnections;
	staticData?: IDataObject;
}

export interface RunOptions {
	/** Items fed to the first node (the one named `startNode`, default the first in `nodes`). */
	items?: IDataObject[];
	startNode?: string;
	/** Decrypted credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Reuse one Workflow's static data across runs (the way an active workflow keeps it). */
	staticData?: IDataObject;
}

export interface RunResult {
	run: IRun;
	/** Output arrays of a node's first run: `output(name)[outputIndex]` = items. */
	output(nodeName: string): INodeExecutionData[][];
	/** The error that stopped the workflow, if any. */
	error?: Error;
	staticData: IDataObject;
}

/** Executes a workflow through WorkflowExecute and returns its run data. */
export async function runWorkflow(json: WorkflowJson, options: RunOptions = {}): Promise<RunResult> {
	dedupReady ??= DataDeduplicationService.init(deduplicator);
	await dedupReady;

	const nodes: INode[] = json.nodes.map((n, i) => ({
		id: n.id ?? `node-${i}`,
		name: n.name,
		type: n.type,
		typeVersion: n.typeVersion ?? 1,
		position: n.position ?? [i * 200, 0],
		parameters: n.parameters ?? {},
		credentials: n.credentials,
		continueOnFail: n.continueOnFail,
		onError: n.onError,
		disabled: n.disabled,
	}));
	const workflowId = json.id ?? 'wf-test';
	const workflow = new Workflow({
		id: workflowId,
		name: 'test',
		nodes,
		connections: json.connections,
		active: false,
		nodeTypes: nodeTypes(),
		staticData: options.staticData ?? json.staticData ?? {},
	});

	const credentials = options.credentials ?? {};
	const credentialsHelper = {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		runPreAuthentication: async () => undefined,
		getDecrypted: async (_ad: unknown, _nc: INodeCredentialsDetails, type: string) => {
			const data = credentials[type];
			if (!data) throw new Error(`no test credentials of type ${type}`);
			return data;
		},
		authenticate: async (creds: ICredentialDataDecryptedObject, type: string, request: IHttpRequestOptions) => {
			const auth = credentialType(type)?.authenticate;
			if (!auth || typeof auth === 'function') return typeof auth === 'function' ? auth(creds, request) : request;
			const props = auth.properties;
			const out: IHttpRequestOptions = { ...request };
			if (props.headers) {
				out.headers = { ...(request.headers ?? {}) };
				for (const [k, v] of Object.entries(props.headers)) out.headers[k] = resolveCredentialString(String(v), creds);
			}
			if (props.qs) {
				out.qs = { ...(request.qs ?? {}) };
				for (const [k, v] of Object.entries(props.qs)) out.qs[k] = resolveCredentialString(String(v), creds);
			}
			if (props.auth) {
				out.auth = {
					username: resolveCredentialString(String(props.auth.username ?? ''), creds),
					password: resolveCredentialString(String(props.auth.password ?? ''), creds),
				};
			}
			return out;
		},
		preAuthentication: async () => undefined,
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => [],
	};

	const executionId = `exec-${Math.random().toString(36).slice(2)}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflowId,
		name: 'test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		nodes,
		connections: json.connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const additionalData = {
		executionId,
		hooks,
		credentialsHelper,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		userId: 'test-user',
	} as unknown as IWorkflowExecuteAdditionalData;

	const start = nodes.find((n) => n.name === (options.startNode ?? nodes[0].name));
	if (!start) throw new Error(`no start node ${options.startNode}`);
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [items] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const runData = run.data.resultData.runData;
	return {
		run,
		error: run.data.resultData.error as Error | undefined,
		staticData: workflow.staticData,
		output(nodeName: string) {
			const taskData = runData[nodeName]?.[0];
			if (!taskData) throw new Error(`node ${nodeName} did not run`);
			return (taskData.data?.main ?? []).map((items) => items ?? []);
		},
	};
}

/** Connects nodes in a chain: `chain('A', 'B', 'C')`. */
export function chain(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < names.length; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
