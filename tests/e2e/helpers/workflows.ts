/**
 * Workflow files and webhook calls: loads the example workflows, binds their credential references to the
 * credentials created on the instance under test, and posts to their webhooks.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { CredentialRef, WorkflowBody } from './n8n';
import { waitFor } from './proc';
import { REPO } from './runtime';

export const WORKFLOWS_DIR = path.join(REPO, 'workflows');

interface WorkflowNode extends Record<string, unknown> {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id?: string; name: string }>;
	webhookId?: string;
}

/** Reads `workflows/<file>` as exported JSON. */
export function loadWorkflowFile(file: string): WorkflowBody {
	const json = JSON.parse(readFileSync(path.isAbsolute(file) ? file : path.join(WORKFLOWS_DIR, file), 'utf8')) as WorkflowBody;
	return { name: json.name, nodes: json.nodes, connections: json.connections, settings: json.settings };
}

/**
 * Points every credential reference at a credential created on the instance: by name when one of that
 * name and type exists, else the only one of that type. Throws when a reference cannot be bound, so a
 * workflow never goes live with a dangling credential.
 */
export function bindCredentials(workflow: WorkflowBody, available: CredentialRef[]): WorkflowBody {
	const nodes = (workflow.nodes as WorkflowNode[]).map((node) => {
		if (!node.credentials) return node;
		const credentials: Record<string, { id: string; name: string }> = {};
		for (const [type, ref] of Object.entries(node.credentials)) {
			const ofType = available.filter((c) => c.type === type);
			const match = ofType.find((c) => c.name === ref.name) ?? (ofType.length === 1 ? ofType[0] : undefined);
			if (!match) throw new Error(`node '${node.name}': no credential of type ${type} named '${ref.name}' to bind`);
			credentials[type] = { id: match.id, name: match.name };
		}
		return { ...node, credentials };
	});
	return { ...workflow, nodes };
}

/** Sets node parameters by node name (a shallow merge), e.g. a webhook path or a base URL. */
export function withParameters(workflow: WorkflowBody, byNode: Record<string, Record<string, unknown>>): WorkflowBody {
	const nodes = (workflow.nodes as WorkflowNode[]).map((node) => {
		const patch = byNode[node.name];
		return patch ? { ...node, parameters: { ...node.parameters, ...patch } } : node;
	});
	for (const name of Object.keys(byNode)) {
		if (!nodes.some((n) => n.name === name)) throw new Error(`no node named '${name}' in workflow '${workflow.name}'`);
	}
	return { ...workflow, nodes };
}

/** Fresh webhook ids (n8n keys webhooks by them), so one file can be imported twice. */
export function withFreshWebhookIds(workflow: WorkflowBody): WorkflowBody {
	const nodes = (workflow.nodes as WorkflowNode[]).map((node) => (node.webhookId ? { ...node, webhookId: randomUUID() } : node));
	return { ...workflow, nodes };
}

/** The webhook paths a workflow serves (POST /webhook/<path>). */
export function webhookPaths(workflow: WorkflowBody): string[] {
	return (workflow.nodes as WorkflowNode[])
		.filter((n) => n.type === 'n8n-nodes-base.webhook')
		.map((n) => String(n.parameters?.path ?? ''));
}

export interface WebhookResponse {
	status: number;
	body: unknown;
	text: string;
	ms: number;
}

/** POSTs JSON to a webhook, bounded; never throws on an HTTP status. */
export async function postWebhook(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
	timeoutMs = 60_000,
): Promise<WebhookResponse> {
	const started = performance.now();
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, body: parsed, text, ms: performance.now() - started };
}

/**
 * Waits (bounded) until n8n serves a POST webhook. Activation is asynchronous in queue mode: the API answers
 * before the webhook is registered. A GET probe tells the two apart without running the workflow: n8n
 * answers "not registered for GET ... Did you mean to make a POST request?" once the POST webhook exists.
 */
export async function waitForWebhook(url: string, timeoutMs = 30_000): Promise<void> {
	await waitFor(
		`webhook ${url} to be registered`,
		async () => {
			const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(5000) });
			const text = await res.text();
			return res.status !== 404 || /Did you mean to make a POST request/.test(text) ? true : undefined;
		},
		{ timeoutMs, intervalMs: 200 },
	);
}
