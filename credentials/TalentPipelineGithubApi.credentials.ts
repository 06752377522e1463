import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Public GitHub data for the Candidate Enricher: github.com or a GitHub
 * Enterprise server. The token is optional: without one, GitHub answers
 * anonymously at its lower rate limit (60 requests an hour instead of 5,000).
 */
export class TalentPipelineGithubApi implements ICredentialType {
	name = 'talentPipelineGithubApi';

	displayName = 'Talent Pipeline GitHub API';

	icon = { light: 'file:github.svg', dark: 'file:github.dark.svg' } as const;

	documentationUrl = 'https://docs.github.com/en/rest/authentication/authenticating-to-the-rest-api';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'server',
			type: 'string',
			default: 'https://api.github.com',
			placeholder: 'https://github.example.com/api/v3',
			description: 'The REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A fine-grained or classic token; no scopes are needed for public data. Leave empty to read anonymously at the lower rate limit.',
		},
	];

	/** Adds the token only when one is set: an empty "Bearer " header would make GitHub answer 401. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = typeof credentials.token === 'string' ? credentials.token.trim() : '';
		if (token === '') return requestOptions;
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` } };
	}

	/** /rate_limit answers with and without a token, and costs no rate limit. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.server}}',
			url: '/rate_limit',
			method: 'GET',
		},
	};
}
