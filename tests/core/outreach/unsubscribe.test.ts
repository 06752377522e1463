import { InputError } from '../../../core/errors';
import { parseAddress } from '../../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage } from '../../../core/outreach/message';
import { signUnsubscribe, verifyUnsubscribe } from '../../../core/outreach/unsubscribe';

const SECRET = 'unsub-secret-0123456789abcdef';
const OTHER = 'another-secret-0123456789abcdef';

/** The token with its payload replaced by `payload` (JSON), the signature kept. */
function withPayload(token: string, payload: unknown): string {
	const [v, , sig] = token.split('.');
	return `${v}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
}

describe('signed unsubscribe tokens', () => {
	const token = signUnsubscribe(SECRET, { address: 'Ann+promo@example.com', campaign: 'spring' });

	it('a genuine token names its recipient and campaign', () => {
		expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(verifyUnsubscribe([SECRET], token)).toMatchObject({ ok: true, address: 'Ann+promo@example.com', campaign: 'spring', recipient: { key: 'ann@example.com' } });
	});

	it.each([
		['signed with another secret (forged)', signUnsubscribe(OTHER, { address: 'ann@example.com', campaign: 'spring' }), /not genuine/],
		['another address under the same signature', withPayload(token, ['bob@example.com', 'spring']), /not genuine/],
		['another campaign under the same signature', withPayload(token, ['Ann+promo@example.com', 'autumn']), /not genuine/],
		['one signature character changed', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), /not genuine/],
		['a truncated signature', token.slice(0, -4), /not genuine/],
		['no signature', token.split('.').slice(0, 2).join('.'), /malformed/],
		['another version', token.replace(/^v1/, 'v2'), /malformed/],
		['not base64url', token.replace('.', '.%2F'), /malformed/],
		['empty', '', /no unsubscribe token/],
		['not text', { token }, /no unsubscribe token/],
		['very long', 'v1.' + 'A'.repeat(5_000) + '.x', /too long/],
	])('refuses a token %s', (_label, bad, reason) => {
		const check = verifyUnsubscribe([SECRET], bad);
		expect(check.ok).toBe(false);
		expect(!check.ok && check.reason).toMatch(reason);
	});

	it('accepts tokens signed with the previous secret during a rotation', () => {
		const old = signUnsubscribe(OTHER, { address: 'cy@example.com', campaign: 'c' });
		expect(verifyUnsubscribe([SECRET, OTHER], old)).toMatchObject({ ok: true, address: 'cy@example.com' });
		expect(verifyUnsubscribe([SECRET], old).ok).toBe(false);
	});

	it('refuses to sign or verify with a short secret', () => {
		expect(() => signUnsubscribe('short', { address: 'a@example.com', campaign: 'c' })).toThrow(InputError);
		expect(() => verifyUnsubscribe(['short'], token)).toThrow(/at least 16 characters/);
		expect(() => verifyUnsubscribe([], token)).toThrow(/at least 16 characters/);
	});
});

describe('the signed link in a composed message', () => {
	const template = compileOutreachTemplate({
		campaign: 'spring',
		subject: 'Hi',
		text: 'Unsubscribe: {{unsubscribeUrl}}',
		unsubscribeUrl: 'https://n8n.example/webhook/unsubscribe?e={{recipient.email}}&c={{campaign}}&token=template-written',
	});
	const sign = (s: { address: string; campaign: string }) => signUnsubscribe(SECRET, s);

	it('carries a token for the real recipient and campaign, whatever the item says about either', () => {
		const item = { recipient: { email: 'victim@example.com' }, campaign: 'other', unsubscribeUrl: 'https://evil.example/' };
		const message = composeMessage(template, item, { address: parseAddress('ann@example.com', 'email') }, 'smtp', sign);
		const url = new URL(message.unsubscribeUrl ?? '');
		expect(url.searchParams.get('e')).toBe('ann@example.com');
		expect(url.searchParams.get('c')).toBe('spring');
		expect(verifyUnsubscribe([SECRET], url.searchParams.get('token'))).toMatchObject({ ok: true, address: 'ann@example.com', campaign: 'spring' });
		expect(message.headers['List-Unsubscribe']).toBe(`<${url.href}>`);
		expect(message.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(message.text).toBe(`Unsubscribe: ${url.href}`);
	});

	it('a signed link must be https', () => {
		const mailto = compileOutreachTemplate({ campaign: 'c', subject: 's', text: 't', unsubscribeUrl: 'mailto:unsub@example.com' });
		expect(() => composeMessage(mailto, {}, { address: parseAddress('ann@example.com', 'email') }, 'smtp', sign)).toThrow(/https/);
	});
});
