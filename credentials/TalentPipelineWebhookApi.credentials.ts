import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

/** A header the Outreach node's Webhook channel sends with every POST (e.g. `X-Api-Key` or `Authorization`). */
export class TalentPipelineWebhookApi implements ICredentialType {
	name = 'talentPipelineWebhookApi';

	displayName = 'Talent Pipeline Webhook API';

	icon = { light: 'file:webhook.svg', dark: 'file:webhook.dark.svg' } as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-talent-pipeline#outreach';

	properties: INodeProperties[] = [
		{ displayName: 'Header Name', name: 'headerName', type: 'string', default: 'Authorization', required: true },
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the header value is the API key or bearer token
		{
			displayName: 'Header Value',
			name: 'headerValue',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			placeholder: 'Bearer ...',
		},
		{
			displayName: 'Test URL',
			name: 'testUrl',
			type: 'string',
			default: '',
			placeholder: 'https://hooks.example.com/health',
			description: 'A URL that answers a GET with 2xx when the header is right; used only by the credential test',
		},
	];

	/** The header name is data, so the header is added here rather than by a fixed generic mapping. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const name = String(credentials.headerName ?? '').trim();
		// A header name is a token (RFC 9110): anything else could split the request.
		// Refuse rather than send the request without the authentication it needs.
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
			throw new ApplicationError(`The webhook credential's Header Name '${name.slice(0, 40)}' is not a valid HTTP header name`);
		}
		const value = String(credentials.headerValue ?? '').replace(/[\r\n]/g, '');
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), [name]: value } };
	}

	test: ICredentialTestRequest = {
		request: {
			url: '={{$credentials.testUrl}}',
			method: 'GET',
		},
	};
}
