import { readFileSync, statSync } from 'node:fs';
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { InputError } from '../../core/errors';
import { decodeModel, type LeadModel } from '../../core/model/model';

/** Decoded custom models by their JSON text or path+mtime: a model is parsed once per process, not per execution. */
const cache = new Map<string, LeadModel>();
const MAX_CACHED = 4;

function remember(key: string, load: () => LeadModel): LeadModel {
	const hit = cache.get(key);
	if (hit) return hit;
	const model = load();
	if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
	cache.set(key, model);
	return model;
}

/**
 * The custom lead model of a node's options (`Model (JSON)` or `Model File`),
 * or undefined for the bundled one. A bad model stops the node with an error
 * that names the problem.
 */
export function customModel(ctx: IExecuteFunctions, json: unknown, file: unknown): LeadModel | undefined {
	const fail = (e: unknown, what: string): never => {
		const where = e instanceof InputError ? ` (${e.field})` : '';
		throw new NodeOperationError(ctx.getNode(), `${what}${where}: ${(e as Error).message}`, {
			description: 'Write a model with `talent-pipeline train --input labelled.jsonl --out model.json`, or clear the option to use the bundled model.',
		});
	};
	if (typeof file === 'string' && file.trim() !== '') {
		const path = file.trim();
		let key: string;
		try {
			key = `file:${path}:${statSync(path).mtimeMs}`;
		} catch {
			// n8n rewrites messages that carry an errno code, so the path and the cause are said in words.
			throw new NodeOperationError(ctx.getNode(), `Model File '${path}' cannot be read: no such file, or no permission to read it`, {
				description: 'Give the path of a model file on the n8n host, or clear the option to use the bundled model.',
			});
		}
		try {
			return remember(key, () => decodeModel(readFileSync(path, 'utf8')));
		} catch (e) {
			return fail(e, `Model File '${path}'`);
		}
	}
	if (json === undefined || json === null || json === '' || (typeof json === 'object' && Object.keys(json).length === 0)) return undefined;
	const text = typeof json === 'string' ? json : JSON.stringify(json);
	try {
		return remember(`json:${text}`, () => decodeModel(text));
	} catch (e) {
		return fail(e, 'Model (JSON)');
	}
}
