import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Semantic Scholar's Graph API for the Candidate Enricher's papers. The API
 * key is optional: without one, requests share the anonymous pool, whose rate
 * limit is small and shared by everyone.
 */
export class TalentPipelineSemanticScholarApi implements ICredentialType {
	name = 'talentPipelineSemanticScholarApi';

	displayName = 'Talent Pipeline Semantic Scholar API';

	icon = { light: 'file:scholar.svg', dark: 'file:scholar.dark.svg' } as const;

	documentationUrl = 'https://api.semanticscholar.org/api-docs/graph';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'server',
			type: 'string',
			default: 'https://api.semanticscholar.org',
			description: 'The API root the Graph API paths (/graph/v1/...) are appended to',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Sent as x-api-key. Leave empty to use the shared anonymous pool.',
		},
	];

	/** Adds x-api-key only when a key is set. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const key = typeof credentials.apiKey === 'string' ? credentials.apiKey.trim() : '';
		if (key === '') return requestOptions;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), 'x-api-key': key } };
	}

	/** A one-result author search: the smallest request the Graph API answers with and without a key (403 for a bad key). */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.server}}',
			url: '/graph/v1/author/search',
			qs: { query: 'test', limit: 1, fields: 'name' },
			method: 'GET',
		},
	};
}
