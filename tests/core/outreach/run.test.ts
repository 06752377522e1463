import { DateTime } from 'luxon';

import { compileSendWindow, compileSuppression, stateKeys } from '../../../core/outreach/guards';
import { parseAddress } from '../../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage, type ComposedMessage } from '../../../core/outreach/message';
import { OutreachRun, type OutreachPolicy } from '../../../core/outreach/run';
import { OutreachResult } from '../../../core/outreach/schema';
import { MemoryStore } from '../../../core/state/memory';
import { ServiceError } from '../../../core/errors';

const template = compileOutreachTemplate({
	campaign: 'spring',
	subject: 'Hello {{name|there}}',
	text: 'About {{brief.problem|your project}}',
	html: '<p>{{name|there}}</p>',
	unsubscribeUrl: 'https://example.com/u?e={{recipient.email}}',
});

function message(email: string, name = 'Ann'): ComposedMessage {
	return composeMessage(template, { name }, { address: parseAddress(email, 'email'), name }, 'smtp');
}

const TUESDAY_NOON = DateTime.fromISO('2025-03-04T12:00:00Z').toMillis();

interface Harness {
	run: OutreachRun;
	store: MemoryStore;
	sent: string[];
	failNext: { count: number };
	clock: { now: number };
}

function harness(policy: Partial<OutreachPolicy> = {}, store = new MemoryStore()): Harness {
	const sent: string[] = [];
	const failNext = { count: 0 };
	const clock = { now: TUESDAY_NOON };
	const run = new OutreachRun(
		store,
		{ campaign: 'spring', channel: 'smtp', suppression: compileSuppression([]), requireConsent: false, ...policy },
		async (m) => {
			// Yield first, as a network send does, so concurrent items interleave.
			await new Promise((r) => setImmediate(r));
			if (failNext.count > 0) {
				failNext.count--;
				throw new Error('451 try again later');
			}
			sent.push(m.to.key);
			return { messageId: `<${sent.length}@test>` };
		},
		() => clock.now,
	);
	return { run, store, sent, failNext, clock };
}

describe('OutreachRun guards', () => {
	it('sends once; the same recipient again is a duplicate, case-insensitively', async () => {
		const h = harness();
		const first = await h.run.process({ message: message('ann@example.com') });
		expect(OutreachResult.parse(first)).toMatchObject({ status: 'sent', messageId: '<1@test>', channel: 'smtp', campaign: 'spring' });
		expect((await h.run.process({ message: message('ANN@example.com') })).status).toBe('skipped_duplicate');
		expect(h.sent).toEqual(['ann@example.com']);
	});

	it('sends again after the cooldown', async () => {
		const clock = { now: TUESDAY_NOON };
		const h = harness({ cooldownMs: 1000 }, new MemoryStore({ now: () => clock.now }));
		expect((await h.run.process({ message: message('a@x.org') })).status).toBe('sent');
		clock.now += 500;
		expect((await h.run.process({ message: message('a@x.org') })).status).toBe('skipped_duplicate');
		clock.now += 600;
		expect((await h.run.process({ message: message('a@x.org') })).status).toBe('sent');
		expect(h.sent).toEqual(['a@x.org', 'a@x.org']);
	});

	it('applies suppression, consent and window before any state', async () => {
		const h = harness({
			suppression: compileSuppression(['blocked.io']),
			requireConsent: true,
			window: compileSendWindow({ timeZone: 'UTC', start: '09:00', end: '11:00', days: 'mon-fri' }),
		});
		expect((await h.run.process({ message: message('x@blocked.io'), consent: 'consent' })).status).toBe('suppressed');
		expect((await h.run.process({ message: message('x@ok.io') })).status).toBe('no_consent');
		const late = await h.run.process({ message: message('x@ok.io'), consent: 'consent' });
		expect(late).toMatchObject({ status: 'outside_window', nextAllowedAt: '2025-03-05T09:00:00.000Z' });
		expect(await h.store.isClaimed(stateKeys.sent('spring', 'x@ok.io'))).toBe(false);
		expect(h.sent).toEqual([]);
		const item = compileSuppression(['x@ok.io']);
		expect((await h.run.process({ message: message('x@ok.io'), consent: 'consent', suppression: item })).status).toBe('suppressed');
	});

	it('caps per run and per day; a capped item keeps no claim', async () => {
		const store = new MemoryStore();
		const h = harness({ perRunCap: 2 }, store);
		const statuses = [];
		for (const e of ['a@x.org', 'b@x.org', 'c@x.org']) statuses.push((await h.run.process({ message: message(e) })).status);
		expect(statuses).toEqual(['sent', 'sent', 'over_cap']);
		// A new run (new OutreachRun) may send c: its claim was never kept.
		const next = harness({ perDayCap: 1 }, store);
		expect((await next.run.process({ message: message('c@x.org') })).status).toBe('sent');
		const capped = await next.run.process({ message: message('d@x.org') });
		expect(capped).toMatchObject({ status: 'over_cap', nextAllowedAt: '2025-03-05T00:00:00.000Z' });
		expect(await store.isClaimed(stateKeys.sent('spring', 'd@x.org'))).toBe(false);
		expect(await store.counts([stateKeys.day('spring', '2025-03-04')])).toEqual([1]);
	});

	it('a recipient cooldown across campaigns gives cooldown', async () => {
		const store = new MemoryStore();
		const spring = harness({ recipientCooldownMs: 86_400_000 }, store);
		const autumn = new OutreachRun(
			store,
			{ campaign: 'autumn', channel: 'smtp', suppression: compileSuppression([]), requireConsent: false, recipientCooldownMs: 86_400_000 },
			async () => ({ messageId: 'x' }),
			() => TUESDAY_NOON,
		);
		expect((await spring.run.process({ message: message('a@x.org') })).status).toBe('sent');
		expect((await autumn.process({ message: message('a@x.org') })).status).toBe('cooldown');
		expect((await autumn.process({ message: message('b@x.org') })).status).toBe('sent');
	});

	it('a failed send releases its claim and its cap count; the retry sends', async () => {
		const h = harness({ perDayCap: 1, perRunCap: 1 });
		h.failNext.count = 1;
		await expect(h.run.process({ message: message('a@x.org') })).rejects.toThrow('451');
		expect(h.sent).toEqual([]);
		expect((await h.run.process({ message: message('a@x.org') })).status).toBe('sent');
		expect(h.sent).toEqual(['a@x.org']);
	});

	it('a send whose outcome is unknown (timed out after handing over) is status unknown and keeps its claim: a retry does not send twice', async () => {
		const store = new MemoryStore();
		const sends: string[] = [];
		const run = new OutreachRun(
			store,
			{ campaign: 'spring', channel: 'webhook', suppression: compileSuppression([]), requireConsent: false },
			async (m) => {
				sends.push(m.to.key);
				if (sends.length === 1) throw new ServiceError('Webhook', 'no answer within 15000 ms', { retryable: true, outcomeUnknown: true });
				return { messageId: 'ok' };
			},
			() => TUESDAY_NOON,
		);
		const first = await run.process({ message: message('a@x.org') });
		expect(first).toMatchObject({ status: 'unknown', messageId: null });
		expect(first.reason).toMatch(/Webhook: no answer within 15000 ms\. The message may have been delivered/);
		expect((await run.process({ message: message('a@x.org') })).status).toBe('skipped_duplicate');
		expect(sends).toEqual(['a@x.org']);
	});

	it('a sub-address shares its base address claim, and a claim on its whole address from before still counts', async () => {
		const store = new MemoryStore();
		const sends: string[] = [];
		const policy = { campaign: 'spring', channel: 'smtp' as const, suppression: compileSuppression([]), requireConsent: false };
		const run = new OutreachRun(store, policy, async (m) => {
			sends.push(m.to.address);
			return { messageId: 'ok' };
		}, () => TUESDAY_NOON);
		expect((await run.process({ message: message('ann@x.org') })).status).toBe('sent');
		expect((await run.process({ message: message('ann+promo@x.org') })).status).toBe('skipped_duplicate');
		await store.claim(stateKeys.sent('spring', 'bob+jobs@x.org'));
		expect((await run.process({ message: message('Bob+Jobs@x.org') })).status).toBe('skipped_duplicate');
		expect((await run.process({ message: message('bob@x.org') })).status).toBe('sent');
		expect(sends).toEqual(['ann@x.org', 'bob@x.org']);
	});

	it("the run's time budget: items reached after it are over_cap and claim nothing, so a later run sends them", async () => {
		const store = new MemoryStore();
		let now = TUESDAY_NOON;
		const deadlines: Array<number | undefined> = [];
		const policy = { campaign: 'spring', channel: 'smtp' as const, suppression: compileSuppression([]), requireConsent: false, runTimeoutMs: 1_000 };
		const send = async (_m: unknown, limits: { deadlineMs?: number }) => {
			deadlines.push(limits.deadlineMs);
			now += 600;
			return { messageId: 'ok' };
		};
		const run = new OutreachRun(store, policy, send, () => now);
		const statuses = [];
		for (const to of ['a@x.org', 'b@x.org', 'c@x.org']) statuses.push((await run.process({ message: message(to) })).status);
		expect(statuses).toEqual(['sent', 'sent', 'over_cap']);
		expect(deadlines).toEqual([TUESDAY_NOON + 1_000, TUESDAY_NOON + 1_000]);
		const later = new OutreachRun(store, policy, send, () => now);
		expect((await later.process({ message: message('c@x.org') })).status).toBe('sent');
	});

	it('dry run renders and claims nothing', async () => {
		const h = harness({ channel: 'dry_run' });
		const result = await h.run.process({ message: message('a@x.org') });
		expect(result.status).toBe('dry_run');
		expect(result.preview).toMatchObject({ to: 'a@x.org', subject: 'Hello Ann', unsubscribeUrl: 'https://example.com/u?e=a%40x.org' });
		const real = harness({}, h.store);
		expect((await real.run.process({ message: message('a@x.org') })).status).toBe('sent');
	});

	it('many concurrent runs on one store send each of 100 recipients exactly once', async () => {
		const store = new MemoryStore();
		const runs = Array.from({ length: 10 }, () => harness({}, store));
		const emails = Array.from({ length: 100 }, (_, i) => `r${i}@example.com`);
		await Promise.all(runs.map((h) => Promise.all(emails.map((e) => h.run.process({ message: message(e) })))));
		const all = runs.flatMap((h) => h.sent);
		expect(all).toHaveLength(100);
		expect(new Set(all).size).toBe(100);
	});
});

describe('composeMessage', () => {
	it('escapes HTML, folds header values and sets RFC 8058 headers', () => {
		const m = composeMessage(
			compileOutreachTemplate({
				campaign: 'c',
				subject: 'Hi {{name}}',
				text: 'Hi {{name}}',
				html: '<b>{{name}}</b>',
				unsubscribeUrl: 'https://example.com/u/{{recipient.email}}',
			}),
			{ name: 'Eve <script>\r\nBcc: x@y.z' },
			{ address: parseAddress('eve@example.com', 'email'), name: 'Eve\r\nBcc: x@y.z' },
			'smtp',
		);
		expect(m.subject).toBe('Hi Eve <script> Bcc: x@y.z');
		expect(m.toName).toBe('Eve Bcc: x@y.z');
		expect(m.html).toBe('<b>Eve &lt;script&gt;\r\nBcc: x@y.z</b>');
		expect(m.headers).toEqual({
			'List-Unsubscribe': '<https://example.com/u/eve%40example.com>',
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
		});
	});

	it.each(['http://example.com/u', 'javascript:alert(1)', 'not a url'])('refuses unsubscribe URL %s', (url) => {
		expect(() =>
			composeMessage(
				compileOutreachTemplate({ campaign: 'c', subject: 's', text: 't', unsubscribeUrl: url }),
				{},
				{ address: parseAddress('a@b.co', 'email') },
				'smtp',
			),
		).toThrow(/unsubscribe|URL/);
	});

	it('mailto unsubscribe gives no one-click header; Slack text is escaped', () => {
		const m = composeMessage(
			compileOutreachTemplate({ campaign: 'c', subject: 's', text: '{{x}}', unsubscribeUrl: 'mailto:u@example.com' }),
			{ x: '<!channel>' },
			{ address: parseAddress('a@b.co', 'email') },
			'slack',
		);
		expect(m.headers).toEqual({});
		expect(m.text).toBe('&lt;!channel&gt;');
	});
});

describe('claims know whether they were sent', () => {
	const CLAIM_LEASE = 5 * 60_000;

	it('a claim a dead execution took and never confirmed is reported as unknown after its lease, with when it was claimed; nothing is sent', async () => {
		const store = new MemoryStore();
		const dead = harness({}, store);
		// The dead worker: claimed (its process died inside the send), never confirmed.
		let release!: () => void;
		const hang = new OutreachRun(
			store,
			{ campaign: 'spring', channel: 'smtp', suppression: compileSuppression([]), requireConsent: false },
			() => new Promise((resolve) => (release = () => resolve({ messageId: null }))),
			() => dead.clock.now,
		);
		void hang.process({ message: message('ann@example.com') });
		await new Promise((r) => setImmediate(r));

		const live = harness({}, store);
		live.clock.now = TUESDAY_NOON + 60_000;
		const during = await live.run.process({ message: message('ann@example.com') });
		expect(during).toMatchObject({ status: 'skipped_duplicate' });
		expect(during.reason).toMatch(/being sent by another execution \(claimed at 2025-03-04T12:00:00.000Z\)/);

		live.clock.now = TUESDAY_NOON + CLAIM_LEASE + 1_000;
		const after = await live.run.process({ message: message('ann@example.com') });
		expect(after).toMatchObject({ status: 'unknown' });
		expect(after.reason).toMatch(/claimed at 2025-03-04T12:00:00.000Z .*never confirmed/);
		expect(live.sent).toEqual([]);
		release();
	});

	it('the claim lease is the policy\'s own when it sets one (Claim Lease option)', async () => {
		const store = new MemoryStore();
		const hang = new OutreachRun(
			store,
			{ campaign: 'spring', channel: 'smtp', suppression: compileSuppression([]), requireConsent: false },
			() => new Promise(() => undefined),
			() => TUESDAY_NOON,
		);
		void hang.process({ message: message('dee@example.com') });
		await new Promise((r) => setImmediate(r));
		const live = harness({ claimLeaseMs: 30_000 }, store);
		live.clock.now = TUESDAY_NOON + 29_000;
		expect((await live.run.process({ message: message('dee@example.com') })).status).toBe('skipped_duplicate');
		live.clock.now = TUESDAY_NOON + 31_000;
		expect((await live.run.process({ message: message('dee@example.com') })).status).toBe('unknown');
		expect(live.sent).toEqual([]);
	});

	it('a confirmed send stays a duplicate however old it is', async () => {
		const h = harness();
		expect((await h.run.process({ message: message('bo@example.com') })).status).toBe('sent');
		h.clock.now += 30 * 24 * 3600_000;
		expect(await h.run.process({ message: message('bo@example.com') })).toMatchObject({ status: 'skipped_duplicate', reason: 'already sent in this campaign' });
	});

	it('an uncertain delivery is reported as unknown to the items that meet it later, never resent', async () => {
		const store = new MemoryStore();
		const first = new OutreachRun(
			store,
			{ campaign: 'spring', channel: 'smtp', suppression: compileSuppression([]), requireConsent: false },
			async () => {
				throw new ServiceError('SMTP', 'connection lost after the message was handed over', { outcomeUnknown: true });
			},
			() => TUESDAY_NOON,
		);
		expect((await first.process({ message: message('cy@example.com') })).status).toBe('unknown');
		const later = harness({}, store);
		later.clock.now = TUESDAY_NOON + CLAIM_LEASE + 1;
		expect((await later.run.process({ message: message('cy@example.com') })).status).toBe('unknown');
		expect(later.sent).toEqual([]);
	});

	it('a claim recorded before claim states (no timestamp) counts as sent', async () => {
		const h = harness();
		await h.store.claim(stateKeys.sent('spring', 'dee@example.com'));
		expect(await h.run.process({ message: message('dee@example.com') })).toMatchObject({ status: 'skipped_duplicate', reason: 'already sent in this campaign' });
	});
});
