import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InputError, ServiceError } from '../../core/errors';
import { runsAsTool, toolAnswer, toolInputItem } from './tool';

/** What a handler returns for one input item. */
export interface ItemOutcome {
	json: IDataObject;
	/** Index of the output the item leaves by (default 0). */
	output?: number;
}

export interface RunOptions {
	/** How many outputs the node has (default 1). */
	outputs?: number;
	/**
	 * The output an error item leaves by under continueOnFail. Nodes with several
	 * outputs name a review/not-sent output here so errors never land silently
	 * on output 0 (the flaw of Switch v3).
	 */
	errorOutput?: number;
	/** Items handled at once (default 1: in order, one at a time). Output order always follows input order. */
	concurrency?: number;
	/**
	 * Fields an error item carries beside `error` under "Continue (using regular
	 * output)", so it has the shape of the output it lands on (the Brief Router's
	 * `routing`, Outreach's `outreach`). Not used under the error output.
	 */
	errorFields?: (error: IDataObject) => IDataObject;
}

/**
 * Converts any error thrown while handling one item into the n8n error a user
 * sees, naming the item index and (for input errors) the field.
 */
export function toNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const node = ctx.getNode();
	if (error instanceof InputError) {
		return new NodeOperationError(node, `Item ${itemIndex}: field '${error.field}': ${error.message}`, {
			itemIndex,
			description: error.description,
		});
	}
	if (error instanceof ServiceError) {
		return new NodeApiError(
			node,
			{ message: error.message, service: error.service, status: error.status ?? null } as JsonObject,
			{
				itemIndex,
				message: `${error.service}: ${error.message}`,
				description: error.hint,
				httpCode: error.status !== undefined ? String(error.status) : undefined,
			},
		);
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `Item ${itemIndex}: ${message}`, { itemIndex });
}

/**
 * Converts an error raised while reading the node's own parameters, before any
 * item runs (a bad ruleset, a store that cannot be used), into the node-level
 * error a user sees, naming the parameter.
 */
export function toConfigError(ctx: IExecuteFunctions, error: unknown): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof InputError) {
		return new NodeOperationError(ctx.getNode(), `Parameter '${error.field}': ${error.message}`, {
			description: error.description,
		});
	}
	if (error instanceof ServiceError) {
		return new NodeApiError(ctx.getNode(), { message: error.message, service: error.service } as JsonObject, {
			message: `${error.service}: ${error.message}`,
			description: error.hint,
		});
	}
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error.message : String(error));
}

/** The `error` object of an error item: the message, the item index and, for input errors, the field. */
function errorObject(err: Error, itemIndex: number, cause: unknown): IDataObject {
	const error: IDataObject = { message: err.message, itemIndex };
	if (cause instanceof InputError) error.field = cause.field;
	if (cause instanceof ServiceError) {
		error.service = cause.service;
		if (cause.status !== undefined) error.httpCode = cause.status;
	}
	const description = (err as { description?: string | null }).description;
	if (description) error.description = description;
	return error;
}

/**
 * The one per-item loop every node of this package uses: each input item leaves
 * exactly once, on the output its handler names, or as an error item, always
 * with `pairedItem` pointing at its input. Without continueOnFail the first
 * error stops the node as an n8n error naming the item index.
 *
 * Error items carry `error: {message, itemIndex, field?}`. Under "On Error:
 * Continue (using error output)" an error item's json is nothing but `error`,
 * which is what makes n8n move it to the error output (n8n-core's
 * WorkflowExecute.handleNodeErrorOutput: `item.error`, or a json of nothing but
 * error/message/details; n8n then merges the input item's fields back in).
 * Under "Continue (using regular output)" it is `{...input, ...errorFields,
 * error}` on `errorOutput`.
 *
 * As an AI-agent tool (nodes/shared/tool.ts) the handler gets the Tool Input
 * values as its item, and the answer is only what the handler added.
 */
export async function runItems(
	ctx: IExecuteFunctions,
	handler: (item: INodeExecutionData, itemIndex: number) => Promise<ItemOutcome>,
	options: RunOptions = {},
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputCount = options.outputs ?? 1;
	const errorOutput = options.errorOutput ?? 0;
	const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
	const toErrorOutput = ctx.getNode().onError === 'continueErrorOutput';
	const asTool = runsAsTool(ctx);
	const results: Array<{ output: number; data: INodeExecutionData }> = new Array(items.length);

	// Without continueOnFail the first error stops the node: no worker takes a new
	// item after it (an Outreach send after the node failed would be a message the
	// user never sees), the items already in flight finish, and the error of the
	// lowest item index is the one raised.
	let failure: { itemIndex: number; error: Error } | undefined;
	const handleOne = async (itemIndex: number): Promise<void> => {
		const pairedItem = { item: itemIndex };
		let item = items[itemIndex];
		try {
			if (asTool) {
				const json = toolInputItem(ctx, itemIndex);
				if (json) item = { json };
			}
			const outcome = await handler(item, itemIndex);
			const output = outcome.output ?? 0;
			if (asTool) {
				results[itemIndex] = { output, data: { json: toolAnswer(item.json, outcome.json), pairedItem } };
			} else {
				results[itemIndex] = { output, data: { json: outcome.json, binary: item.binary, pairedItem } };
			}
		} catch (cause) {
			const err = toNodeError(ctx, cause, itemIndex);
			if (!ctx.continueOnFail()) {
				if (!failure || itemIndex < failure.itemIndex) failure = { itemIndex, error: err };
				return;
			}
			const error = errorObject(err, itemIndex, cause);
			if (asTool) {
				results[itemIndex] = { output: 0, data: { json: { error }, pairedItem } };
			} else if (toErrorOutput) {
				// Nothing but `error`: n8n moves the item to the error output and adds the input item's fields back
				// (from pairedItem). `item.error` would move it too, but n8n then flattens `error` to its message.
				results[itemIndex] = { output: errorOutput, data: { json: { error }, pairedItem } };
			} else {
				const extra = options.errorFields?.(error) ?? {};
				results[itemIndex] = { output: errorOutput, data: { json: { ...item.json, ...extra, error }, pairedItem } };
			}
		}
	};

	// A fixed pool of workers pulls the next index: bounded concurrency, and
	// results land by index so output order follows input order.
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length && !failure) await handleOne(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (failure) throw failure.error;

	const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
	for (const result of results) outputs[result.output].push(result.data);
	return outputs;
}
