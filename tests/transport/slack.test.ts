import { axiosHttpClient } from '../../cli/http';
import { ServiceError } from '../../core/errors';
import { postSlackMessage } from '../../transport/slack';
import { startHttpRecorder, type HttpRecorder } from '../servers/http-recorder';

const TOKEN = 'xoxb-test-token-123';

describe('Slack transport against a loopback HTTP server', () => {
	let slack: HttpRecorder;
	const http = axiosHttpClient('Slack');
	beforeAll(async () => {
		slack = await startHttpRecorder();
	});
	afterAll(async () => {
		await slack.stop();
	});
	beforeEach(() => {
		slack.requests.length = 0;
	});

	it('posts chat.postMessage with the bot token and returns the ts', async () => {
		slack.enqueue({ body: { ok: true, channel: 'C1', ts: '1700000000.000100' } });
		const result = await postSlackMessage(http, { mode: 'api', baseUrl: `${slack.url}/api/`, channel: ' C1 ', token: TOKEN }, 'hello &lt;');
		expect(result).toEqual({ messageId: '1700000000.000100' });
		const [req] = slack.requests;
		expect(req.method).toBe('POST');
		expect(req.path).toBe('/api/chat.postMessage');
		expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(req.body).toEqual({ channel: 'C1', text: 'hello &lt;', unfurl_links: false, unfurl_media: false });
	});

	it.each([
		[{ status: 200, body: { ok: false, error: 'channel_not_found' } }, /channel_not_found/, false],
		[{ status: 200, body: { ok: false, error: 'ratelimited' } }, /ratelimited/, true],
		[{ status: 429, headers: { 'retry-after': '3' }, body: { ok: false } }, /429/, true],
		[{ status: 500, body: 'oops' }, /500/, true],
		[{ status: 200, body: 'not json' }, /not a JSON answer/, false],
	])('turns %j into a ServiceError', async (answer, message, retryable) => {
		slack.enqueue(answer);
		const error = (await postSlackMessage(http, { mode: 'api', baseUrl: slack.url, channel: 'C1', token: TOKEN }, 'x').catch((e: unknown) => e)) as ServiceError;
		expect(error).toBeInstanceOf(ServiceError);
		expect(error.message).toMatch(message);
		expect(error.retryable).toBe(retryable);
		expect(JSON.stringify(error) + error.message + (error.hint ?? '')).not.toContain(TOKEN);
	});

	it('posts to an incoming webhook and never names its URL in an error', async () => {
		slack.enqueue({ status: 200, body: 'ok' }, { status: 404, body: 'no_service' });
		const url = `${slack.url}/services/T000/B000/SECRETPART`;
		expect(await postSlackMessage(http, { mode: 'webhook', webhookUrl: url }, 'hi')).toEqual({ messageId: null });
		expect(slack.requests[0]).toMatchObject({ path: '/services/T000/B000/SECRETPART', body: { text: 'hi' } });
		const error = (await postSlackMessage(http, { mode: 'webhook', webhookUrl: url }, 'hi').catch((e: unknown) => e)) as ServiceError;
		expect(error.message).toMatch(/404 \(no_service\)/);
		expect(error.message + (error.hint ?? '')).not.toContain('SECRETPART');
	});

	it('refuses a webhook URL that is not http(s)', async () => {
		await expect(postSlackMessage(http, { mode: 'webhook', webhookUrl: 'file:///etc/passwd' }, 'x')).rejects.toThrow(/http/);
	});
});
