import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Any server speaking OpenAI's chat-completions protocol: OpenAI, Azure-compatible
 * gateways, Ollama, vLLM, LiteLLM.
 */
export class TalentPipelineLlmApi implements ICredentialType {
	name = 'talentPipelineLlmApi';

	displayName = 'Talent Pipeline LLM API';

	icon = { light: 'file:llm.svg', dark: 'file:llm.dark.svg' } as const;

	documentationUrl = 'https://platform.openai.com/docs/api-reference/chat';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.openai.com/v1',
			placeholder: 'http://127.0.0.1:11434/v1',
			description: 'The URL the chat-completions path is appended to (OpenAI, a gateway, Ollama or vLLM)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as a Bearer token. Leave empty for servers without authentication (e.g. a local Ollama).',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: 'gpt-4o-mini',
			description: 'The model name the server expects',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl}}',
			url: '/models',
			method: 'GET',
		},
	};
}
