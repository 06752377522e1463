import { axiosHttpClient } from '../../cli/http';
import { ServiceError } from '../../core/errors';
import { postWebhook, type WebhookMessage } from '../../transport/webhook';
import { startHttpRecorder, type HttpRecorder } from '../servers/http-recorder';

const message: WebhookMessage = {
	campaign: 'spring',
	recipient: { email: 'ann@example.com', name: 'Ann' },
	subject: 'S',
	text: 'T',
	html: null,
	unsubscribeUrl: null,
};

describe('webhook transport against a loopback HTTP server', () => {
	let hook: HttpRecorder;
	const http = axiosHttpClient('Webhook');
	beforeAll(async () => {
		hook = await startHttpRecorder();
	});
	afterAll(async () => {
		await hook.stop();
	});
	beforeEach(() => {
		hook.requests.length = 0;
	});

	it('POSTs the message as JSON with the auth header and an idempotency key', async () => {
		hook.enqueue({ status: 202, body: { id: 'msg-9' } });
		const result = await postWebhook(http, `${hook.url}/hook?token=abc`, message, { idempotencyKey: 'k1', headers: { 'X-Api-Key': 'secret' } });
		expect(result).toEqual({ messageId: 'msg-9' });
		const [req] = hook.requests;
		expect(req.path).toBe('/hook?token=abc');
		expect(req.headers['x-api-key']).toBe('secret');
		expect(req.headers['idempotency-key']).toBe('k1');
		expect(req.headers['content-type']).toMatch(/application\/json/);
		expect(req.body).toEqual(message);
	});

	it('falls back to the idempotency key as the message id', async () => {
		hook.enqueue({ status: 200, body: '' });
		expect(await postWebhook(http, `${hook.url}/hook`, message, { idempotencyKey: 'k2' })).toEqual({ messageId: 'k2' });
	});

	it.each([
		[500, true],
		[429, true],
		[401, false],
		[404, false],
	])('%i becomes a ServiceError (retryable %s) naming only the host', async (status, retryable) => {
		hook.enqueue({ status, body: { error: 'x' } });
		const error = (await postWebhook(http, `${hook.url}/hook?token=SECRET`, message, { idempotencyKey: 'k' }).catch((e: unknown) => e)) as ServiceError;
		expect(error).toBeInstanceOf(ServiceError);
		expect(error).toMatchObject({ status, retryable });
		expect(error.message).not.toContain('SECRET');
	});

	it('refuses a URL that is not http(s)', async () => {
		await expect(postWebhook(http, 'ftp://x/y', message, { idempotencyKey: 'k' })).rejects.toThrow(/http/);
	});
});
