import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Public Hugging Face Hub data for the Candidate Enricher: huggingface.co, a
 * mirror, or an Enterprise Hub. The token is optional: public models,
 * datasets and Spaces answer anonymously, at a lower rate limit.
 */
export class TalentPipelineHuggingFaceApi implements ICredentialType {
	name = 'talentPipelineHuggingFaceApi';

	displayName = 'Talent Pipeline Hugging Face API';

	icon = { light: 'file:huggingface.svg', dark: 'file:huggingface.dark.svg' } as const;

	documentationUrl = 'https://huggingface.co/docs/hub/api';

	properties: INodeProperties[] = [
		{
			displayName: 'Hub URL',
			name: 'server',
			type: 'string',
			default: 'https://huggingface.co',
			placeholder: 'https://hub.example.com',
			description: 'The Hub root the API paths (/api/models, ...) are appended to: https://huggingface.co, a mirror, or an Enterprise Hub',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'A read token (hf_...). Leave empty to read public data anonymously at the lower rate limit.',
		},
	];

	/** Adds the token only when one is set: an empty "Bearer " header would make the Hub answer 401. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.token === 'string' ? credentials.token.trim() : '';
		if (token === '') return requestOptions;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` } };
	}

	/** whoami-v2 answers 200 for a valid token and 401 otherwise. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.server}}',
			url: '/api/whoami-v2',
			method: 'GET',
		},
	};
}
