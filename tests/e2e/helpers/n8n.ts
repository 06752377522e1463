/**
 * A real n8n 2.x for the end-to-end suite, `npm start` and the e2e benchmark: started headless on 127.0.0.1
 * with this package installed as a community package, then driven through its REST API (owner, login, API key)
 * and its public API (credentials, workflows, executions).
 */
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { freePort, spawnLogged, waitFor, type Managed } from './proc';
import { installPackage, n8nEntry, nodeBin, nodeDir } from './runtime';

export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface StartN8nOptions {
	/** A folder owned by the caller; the instance's user folder and log go under it. */
	workDir: string;
	/** Names the user folder and the log (default: the command). */
	name?: string;
	command?: N8nCommand;
	/** HTTP port of `start`/`webhook`, or the health port of a worker (default: a free port). */
	port?: number;
	/** Shared by every process of one installation (queue mode); generated when missing. */
	encryptionKey?: string;
	/** Install this packed tarball into the user folder before starting. */
	tarball?: string;
	/** Or copy an already installed `<userFolder>/.n8n/nodes` folder (faster for workers). */
	nodesFrom?: string;
	/** Extra environment (queue mode, database...). */
	env?: Record<string, string>;
	/** Worker concurrency (default 10, n8n's own default). */
	concurrency?: number;
	/** Bound on the wait for readiness (default 180 s: the first start runs ~30 s of migrations). */
	readyTimeoutMs?: number;
	/** Use this user folder instead of `<workDir>/<name>` (npm start keeps one across runs). */
	userFolder?: string;
	/** Write n8n's output here instead of `<workDir>/<name>.log`. */
	logPath?: string;
}

export interface N8nInstance {
	readonly name: string;
	readonly command: N8nCommand;
	readonly port: number;
	/** `http://127.0.0.1:PORT` (for a worker: its health server). */
	readonly baseUrl: string;
	readonly userFolder: string;
	readonly encryptionKey: string;
	readonly proc: Managed;
	stop(): Promise<void>;
}

/**
 * Environment for one n8n process: nothing inherited but PATH (Node 24 first: n8n starts its JS task runner
 * with the `node` it finds there), HOME and the locale; no call-outs to n8n's own services.
 */
export function n8nEnv(options: {
	userFolder: string;
	port: number;
	brokerPort: number;
	encryptionKey: string;
	extra?: Record<string, string>;
}): NodeJS.ProcessEnv {
	return {
		PATH: `${path.join(nodeDir(), 'bin')}:/usr/local/bin:/usr/bin:/bin`,
		HOME: options.userFolder,
		LANG: process.env.LANG ?? 'C.UTF-8',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		NO_PROXY: '127.0.0.1,localhost',
		N8N_USER_FOLDER: options.userFolder,
		N8N_ENCRYPTION_KEY: options.encryptionKey,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// Community packages from npm are "unverified" to n8n; 2.x warns that this default will flip.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// Its only job is fetching a catalogue from n8n's servers, which loopback-only machines cannot reach.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Each process runs its own task-runner broker: distinct ports let several n8n processes share a host.
		N8N_RUNNERS_BROKER_PORT: String(options.brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_LOG_LEVEL: process.env.TP_E2E_N8N_LOG_LEVEL ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_PRUNE: 'false',
		...options.extra,
	};
}

/** Starts one n8n process and waits (bounded) until it is ready to serve. */
export async function startN8n(options: StartN8nOptions): Promise<N8nInstance> {
	const command = options.command ?? 'start';
	const name = options.name ?? command;
	const userFolder = options.userFolder ?? path.join(options.workDir, name);
	mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	if (options.tarball) await installPackage(userFolder, options.tarball);
	else if (options.nodesFrom) cpSync(options.nodesFrom, path.join(userFolder, '.n8n', 'nodes'), { recursive: true });

	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const encryptionKey = options.encryptionKey ?? randomBytes(24).toString('hex');
	const extra: Record<string, string> = { ...options.env };
	const args = [n8nEntry(), command];
	if (command === 'worker') {
		// A worker serves only its health check, on its own port.
		extra.QUEUE_HEALTH_CHECK_ACTIVE = 'true';
		extra.QUEUE_HEALTH_CHECK_PORT = String(port);
		extra.N8N_WORKER_SERVER_ADDRESS = '127.0.0.1';
		args.push(`--concurrency=${options.concurrency ?? 10}`);
	}
	const env = n8nEnv({ userFolder, port, brokerPort, encryptionKey, extra });
	const proc = spawnLogged(`n8n ${name}`, nodeBin(), args, {
		env,
		cwd: userFolder,
		logPath: options.logPath ?? path.join(options.workDir, `${name}.log`),
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	const instance: N8nInstance = {
		name,
		command,
		port,
		baseUrl,
		userFolder,
		encryptionKey,
		proc,
		stop: () => proc.stop(15_000),
	};
	try {
		const readiness = '/healthz/readiness';
		await waitFor(
			`${name} ready at ${baseUrl}${readiness}`,
			async () => {
				const res = await fetch(`${baseUrl}${readiness}`, { signal: AbortSignal.timeout(2000) });
				return res.status === 200 ? true : undefined;
			},
			{ timeoutMs: options.readyTimeoutMs ?? 180_000, intervalMs: 300, proc },
		);
	} catch (error) {
		await proc.stop(5000);
		throw error;
	}
	return instance;
}

/** The owner the suite and `npm start` create on a fresh instance. */
export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export const DEFAULT_OWNER: Owner = {
	email: 'owner@talent-pipeline.test',
	firstName: 'Pipeline',
	lastName: 'Owner',
	// n8n wants 8+ characters with a digit and a capital letter.
	password: 'Talent-Pipeline-1',
};

/** A workflow as the public API takes it (it refuses unknown top-level fields). */
export interface WorkflowBody {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

export class N8nApiError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly body: string,
	) {
		super(message);
	}
}

/** n8n's REST API (cookie session) and public API (X-N8N-API-KEY), bounded by a timeout per request. */
export class N8nClient {
	private cookie = '';
	apiKey = '';
	// A stable browser id: n8n binds a session to the `browser-id` it was issued with.
	private readonly browserId = randomBytes(8).toString('hex');

	constructor(
		readonly baseUrl: string,
		private readonly timeoutMs = 30_000,
	) {}

	private async request(
		method: string,
		url: string,
		headers: Record<string, string>,
		body?: unknown,
	): Promise<{ status: number; text: string; headers: Headers }> {
		const res = await fetch(`${this.baseUrl}${url}`, {
			method,
			headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(this.timeoutMs),
		});
		return { status: res.status, text: await res.text(), headers: res.headers };
	}

	private takeCookie(headers: Headers): void {
		for (const line of headers.getSetCookie()) {
			const match = /^(n8n-auth=[^;]+)/.exec(line);
			if (match) this.cookie = match[1];
		}
	}

	/** A call to the internal REST API (`/rest/...`) with the session cookie; returns `data`. */
	async rest<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
		const res = await this.request(method, `/rest${url}`, { cookie: this.cookie, 'browser-id': this.browserId }, body);
		this.takeCookie(res.headers);
		if (res.status >= 300) throw new N8nApiError(`${method} /rest${url}: HTTP ${res.status}: ${res.text.slice(0, 500)}`, res.status, res.text);
		const parsed = res.text ? (JSON.parse(res.text) as { data?: T }) : {};
		return (parsed.data ?? parsed) as T;
	}

	/** A call to the public API (`/api/v1/...`) with the API key; returns the parsed body. */
	async api<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
		const res = await this.request(method, `/api/v1${url}`, { 'X-N8N-API-KEY': this.apiKey }, body);
		if (res.status >= 300) throw new N8nApiError(`${method} /api/v1${url}: HTTP ${res.status}: ${res.text.slice(0, 500)}`, res.status, res.text);
		return (res.text ? JSON.parse(res.text) : {}) as T;
	}

	/** True when the instance still waits for its owner. */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.rest<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>('GET', '/settings');
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	/** Creates the owner of a fresh instance (no auth needed then); the answer carries a session cookie. */
	async setupOwner(owner: Owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
	}

	async login(owner: Owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	/**
	 * A session cookie value for a browser: a login without a `browser-id`, so the session is not bound to
	 * this client's id (the editor sends its own).
	 */
	async browserSessionCookie(owner: Owner = DEFAULT_OWNER): Promise<string> {
		const res = await fetch(`${this.baseUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
			signal: AbortSignal.timeout(this.timeoutMs),
		});
		if (res.status !== 200) throw new N8nApiError(`POST /rest/login: HTTP ${res.status}`, res.status, await res.text());
		for (const line of res.headers.getSetCookie()) {
			const match = /^n8n-auth=([^;]+)/.exec(line);
			if (match) return match[1];
		}
		throw new Error('POST /rest/login set no n8n-auth cookie');
	}

	/** Creates an API key with every scope the logged-in user may grant, and uses it from now on. */
	async createApiKey(label = `e2e-${Date.now()}`): Promise<string> {
		const scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', { label, scopes, expiresAt: null });
		this.apiKey = key.rawApiKey;
		return this.apiKey;
	}

	/** Owner (when fresh), login and API key: everything the public API needs. */
	async bootstrap(owner: Owner = DEFAULT_OWNER): Promise<void> {
		if (await this.needsOwnerSetup()) await this.setupOwner(owner);
		else await this.login(owner);
		await this.createApiKey();
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<CredentialRef> {
		const created = await this.api<{ id: string; name: string; type: string }>('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name, type: created.type };
	}

	async createWorkflow(workflow: WorkflowBody): Promise<{ id: string; name: string }> {
		const body: WorkflowBody = {
			name: workflow.name,
			nodes: workflow.nodes,
			connections: workflow.connections,
			settings: workflow.settings ?? { executionOrder: 'v1' },
		};
		return this.api('POST', '/workflows', body);
	}

	/**
	 * Activates (publishes) a workflow. In queue mode its webhooks are registered shortly after the answer:
	 * use `waitForWebhook` before calling them.
	 */
	async activateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/deactivate`);
	}

	async listWorkflows(): Promise<Array<{ id: string; name: string; active: boolean }>> {
		const page = await this.api<{ data: Array<{ id: string; name: string; active: boolean }> }>('GET', '/workflows?limit=250');
		return page.data;
	}

	async listCredentials(): Promise<Array<{ id: string; name: string; type: string }>> {
		const page = await this.api<{ data: Array<{ id: string; name: string; type: string }> }>('GET', '/credentials?limit=250');
		return page.data;
	}

	/** Every execution of a workflow (all pages, bounded), newest first. */
	async executions(workflowId: string, includeData = true, maxPages = 50): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < maxPages; page++) {
			const query = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250' });
			if (cursor) query.set('cursor', cursor);
			const res = await this.api<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query.toString()}`);
			all.push(...res.data);
			if (!res.nextCursor) return all;
			cursor = res.nextCursor;
		}
		throw new Error(`more than ${maxPages} pages of executions for workflow ${workflowId}`);
	}

	/** The node types the editor knows (the same file the editor loads), by type name. */
	async nodeTypes(): Promise<Map<string, NodeTypeInfo>> {
		const res = await this.request('GET', '/types/nodes.json', { cookie: this.cookie, 'browser-id': this.browserId });
		if (res.status !== 200) throw new N8nApiError(`GET /types/nodes.json: HTTP ${res.status}`, res.status, res.text);
		const list = JSON.parse(res.text) as NodeTypeInfo[];
		const byName = new Map<string, NodeTypeInfo>();
		for (const type of list) byName.set(type.name, type);
		return byName;
	}
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt: string | null;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
			error?: { message?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface NodeTypeInfo {
	name: string;
	displayName: string;
	version: number | number[];
	icon?: string | { light: string; dark: string };
	iconUrl?: string | { light: string; dark: string };
	usableAsTool?: boolean;
	credentials?: Array<{ name: string }>;
}

/** The items a node emitted in an execution, one array per output (first run). */
export function nodeOutput(execution: Execution, nodeName: string): Array<Array<Record<string, unknown>>> {
	const run = execution.data?.resultData.runData[nodeName]?.[0];
	return (run?.data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
}

/** Polls until `count` executions of a workflow have finished (bounded), then returns them. */
export async function waitForExecutions(
	client: N8nClient,
	workflowId: string,
	count: number,
	timeoutMs: number,
): Promise<Execution[]> {
	let seen = 'none listed yet';
	try {
		return await waitFor(
			`${count} finished executions of workflow ${workflowId}`,
			async () => {
				// Statuses first (cheap); the data only once all are done.
				const list = await client.executions(workflowId, false);
				const byStatus: Record<string, number> = {};
				for (const e of list) byStatus[e.status] = (byStatus[e.status] ?? 0) + 1;
				seen = JSON.stringify(byStatus);
				const done = list.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
				if (done.length < count) return undefined;
				return client.executions(workflowId, true);
			},
			{ timeoutMs, intervalMs: 1000 },
		);
	} catch (error) {
		throw new Error(`${(error as Error).message}; executions by status: ${seen}`);
	}
}
