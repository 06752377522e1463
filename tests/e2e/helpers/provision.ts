/**
 * Puts the example workflows on an n8n instance through its public API: the credentials they name, the data
 * tables they use, the workflows themselves (credentials bound by name), and activation. Used by `npm start`
 * and by the e2e suite, so both run exactly the files in workflows/.
 */
import { CREDENTIALS, DATA_TABLES, HEADER_NAME } from '../../../scripts/n8n/workflows';
import type { CredentialRef, N8nClient, WorkflowBody } from './n8n';
import { bindCredentials, loadWorkflowFile, waitForWebhook, webhookPaths, withFreshWebhookIds } from './workflows';

export { CREDENTIALS, HEADER_NAME };

export interface SmtpTarget {
	host: string;
	port: number;
	security?: 'starttls' | 'requireStarttls' | 'tls' | 'none';
	user?: string;
	password?: string;
}

export interface ProvisionOptions {
	headerSecret: string;
	smtp: SmtpTarget;
	/** GitHub API root (a loopback server in tests; https://api.github.com by default). */
	githubServer?: string;
	githubToken?: string;
	/** When set, Brief Router and every Outreach node keep their state in this Redis (queue mode). */
	redis?: { host: string; port: number; prefix?: string };
	/** Workflow files to import (default: all three examples). */
	files?: string[];
	/** Files to activate after import (default: those with a webhook). */
	activate?: string[];
	/** Last-minute changes per file (tests: a closed send window, a faster schedule...). */
	adjust?: (file: string, workflow: WorkflowBody) => WorkflowBody;
}

export interface Provisioned {
	credentials: CredentialRef[];
	tables: Record<string, string>;
	workflows: Record<string, { id: string; name: string; webhooks: string[] }>;
}

export const EXAMPLE_FILES = ['lead-intake.json', 'candidate-vetting.json', 'outreach-follow-up.json'];

/** Switches the state of the package's stateful nodes to Redis and binds the Redis credential. */
export function useRedisState(workflow: WorkflowBody): WorkflowBody {
	const nodes = workflow.nodes.map((n) => {
		const type = String(n.type);
		if (!type.endsWith('.briefRouter') && !type.endsWith('.outreach')) return n;
		const parameters = { ...(n.parameters as Record<string, unknown>), stateBackend: 'redis' };
		const credentials = { ...(n.credentials as Record<string, unknown> | undefined), talentPipelineRedis: { id: '', name: CREDENTIALS.talentPipelineRedis } };
		return { ...n, parameters, credentials };
	});
	return { ...workflow, nodes };
}

async function ensureCredential(client: N8nClient, existing: CredentialRef[], name: string, type: string, data: Record<string, unknown>): Promise<CredentialRef> {
	const found = existing.find((c) => c.name === name && c.type === type);
	if (found) return found;
	const created = await client.createCredential(name, type, data);
	existing.push(created);
	return created;
}

async function ensureTables(client: N8nClient): Promise<Record<string, string>> {
	const tables: Record<string, string> = {};
	const list = await client.api<{ data: Array<{ id: string; name: string }> }>('GET', '/data-tables?limit=100');
	for (const table of Object.values(DATA_TABLES)) {
		const found = list.data.find((t) => t.name === table.name);
		if (found) {
			tables[table.name] = found.id;
			continue;
		}
		const created = await client.api<{ id: string }>('POST', '/data-tables', { name: table.name, columns: table.columns });
		tables[table.name] = created.id;
	}
	return tables;
}

/** Creates what the example workflows need and imports them; idempotent by name (an existing workflow is kept). */
export async function provisionExamples(client: N8nClient, options: ProvisionOptions): Promise<Provisioned> {
	const credentials = (await client.listCredentials()).map((c) => ({ id: c.id, name: c.name, type: c.type }));
	await ensureCredential(client, credentials, CREDENTIALS.httpHeaderAuth, 'httpHeaderAuth', { name: HEADER_NAME, value: options.headerSecret });
	await ensureCredential(client, credentials, CREDENTIALS.talentPipelineSmtp, 'talentPipelineSmtp', {
		host: options.smtp.host,
		port: options.smtp.port,
		security: options.smtp.security ?? 'none',
		user: options.smtp.user ?? '',
		password: options.smtp.password ?? '',
		ignoreSslIssues: false,
	});
	await ensureCredential(client, credentials, CREDENTIALS.talentPipelineGithubApi, 'talentPipelineGithubApi', {
		server: options.githubServer ?? 'https://api.github.com',
		token: options.githubToken ?? '',
	});
	if (options.redis) {
		await ensureCredential(client, credentials, CREDENTIALS.talentPipelineRedis, 'talentPipelineRedis', {
			host: options.redis.host,
			port: options.redis.port,
			user: '',
			password: '',
			database: 0,
			ssl: false,
			prefix: options.redis.prefix ?? 'talent-pipeline:',
		});
	}
	const tables = await ensureTables(client);

	const existing = await client.listWorkflows();
	const workflows: Provisioned['workflows'] = {};
	const files = options.files ?? EXAMPLE_FILES;
	for (const file of files) {
		let body = loadWorkflowFile(file);
		if (options.redis) body = useRedisState(body);
		if (options.adjust) body = options.adjust(file, body);
		const paths = webhookPaths(body);
		const found = existing.find((w) => w.name === body.name);
		const wf = found ?? (await client.createWorkflow(bindCredentials(withFreshWebhookIds(body), credentials)));
		workflows[file] = { id: wf.id, name: body.name, webhooks: paths };
		const activate = options.activate ? options.activate.includes(file) : paths.length > 0;
		if (activate && !found?.active) await client.activateWorkflow(wf.id);
	}
	// Webhooks register asynchronously in queue mode: wait for every activated one.
	for (const [file, wf] of Object.entries(workflows)) {
		const activate = options.activate ? options.activate.includes(file) : wf.webhooks.length > 0;
		if (!activate) continue;
		for (const p of wf.webhooks) await waitForWebhook(`${client.baseUrl}/webhook/${p}`);
	}
	return { credentials, tables, workflows };
}

/** All rows of a data table (bounded pages). */
export async function dataTableRows(client: N8nClient, tableId: string, maxPages = 20): Promise<Array<Record<string, unknown>>> {
	const rows: Array<Record<string, unknown>> = [];
	let cursor: string | undefined;
	for (let page = 0; page < maxPages; page++) {
		const query = new URLSearchParams({ limit: '250' });
		if (cursor) query.set('cursor', cursor);
		const res = await client.api<{ data: Array<Record<string, unknown>>; nextCursor?: string | null }>('GET', `/data-tables/${tableId}/rows?${query.toString()}`);
		rows.push(...res.data);
		if (!res.nextCursor) return rows;
		cursor = res.nextCursor;
	}
	throw new Error(`more than ${maxPages} pages of rows in data table ${tableId}`);
}
