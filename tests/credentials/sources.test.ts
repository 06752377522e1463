import { TalentPipelineHuggingFaceApi } from '../../credentials/TalentPipelineHuggingFaceApi.credentials';
import { TalentPipelineSemanticScholarApi } from '../../credentials/TalentPipelineSemanticScholarApi.credentials';

describe('source credentials', () => {
	it.each([
		['Hugging Face', new TalentPipelineHuggingFaceApi(), { token: ' hf_abc123456789 ' }, { Authorization: 'Bearer hf_abc123456789' }],
		['Semantic Scholar', new TalentPipelineSemanticScholarApi(), { apiKey: 'key-123456' }, { 'x-api-key': 'key-123456' }],
	])('%s adds its secret only when one is set, keeping the other headers', async (_name, credential, secret, header) => {
		const request = { url: '/x', headers: { accept: 'application/json' } };
		expect(await credential.authenticate({ server: 'https://h.example', ...secret }, request)).toEqual({ ...request, headers: { accept: 'application/json', ...header } });
		expect(await credential.authenticate({ server: 'https://h.example', token: '', apiKey: '  ' }, request)).toEqual(request);
	});

	it('test requests go to the configured server', () => {
		expect(new TalentPipelineHuggingFaceApi().test.request).toEqual(expect.objectContaining({ baseURL: '={{$credentials.server}}', url: '/api/whoami-v2', method: 'GET' }));
		expect(new TalentPipelineSemanticScholarApi().test.request).toEqual(expect.objectContaining({ baseURL: '={{$credentials.server}}', url: '/graph/v1/author/search' }));
	});
});
