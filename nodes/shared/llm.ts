import type { IExecuteFunctions } from 'n8n-workflow';

import { chatCompletion, type ChatMessage } from '../../transport/llm';
import { n8nHttpClient } from './http';

export const LLM_CREDENTIAL = 'talentPipelineLlmApi';

/** Sends chat messages to the model of the node's LLM credential, constrained by a JSON schema. */
export type LlmComplete = (
	messages: ChatMessage[],
	jsonSchema: { name: string; schema: Record<string, unknown> },
) => Promise<string>;

/**
 * The chat completion a node's LLM credential points at (base URL, model, API
 * key through n8n's authentication), with one deadline per request.
 */
export async function llmFromCredential(ctx: IExecuteFunctions, timeoutMs: number): Promise<LlmComplete> {
	const credentials = await ctx.getCredentials(LLM_CREDENTIAL);
	const http = n8nHttpClient(ctx, 'LLM', LLM_CREDENTIAL);
	const baseUrl = String(credentials.baseUrl ?? '');
	const model = String(credentials.model ?? '');
	return (messages, jsonSchema) => chatCompletion(http, { baseUrl, model, messages, jsonSchema, timeoutMs });
}
