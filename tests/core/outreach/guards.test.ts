import { DateTime } from 'luxon';

import { parseAddress } from '../../../core/outreach/headers';
import { InputError } from '../../../core/errors';
import {
	checkSendWindow,
	compileSendWindow,
	compileSuppression,
	consentReason,
	dayOf,
	nextDayOpening,
	stateKeys,
	suppressionEntries,
	suppressionReason,
} from '../../../core/outreach/guards';

const at = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

describe('suppression of internationalised domains', () => {
	it('matches a domain written in Unicode or in its ASCII form alike', () => {
		const list = compileSuppression(['münchen.de', 'ann@bücher.de']);
		const viaAscii = parseAddress('ben@xn--mnchen-3ya.de', 'email');
		const viaUnicode = parseAddress('ann@bücher.de', 'email');
		expect(suppressionReason(viaAscii.key, viaAscii.domain, list)).not.toBeNull();
		expect(suppressionReason(viaUnicode.key, viaUnicode.domain, list)).not.toBeNull();
	});
});

describe('suppression in the shapes lists are exported in', () => {
	const list = compileSuppression(
		suppressionEntries(
			'Carl <carl@example.com>\n"Doe, Jane" <Jane@Example.org>; mailto:dora@example.com?subject=unsubscribe\nMAILTO:eve%40example.net\n<fay@example.com>, ann@example.com\n@blocked.io\nnot an entry',
		),
	);
	const suppressed = (email: string): boolean => {
		const a = parseAddress(email, 'email');
		return suppressionReason(a.key, a.domain, list) !== null;
	};
	it.each([
		['carl@example.com', true],
		['jane@example.org', true],
		['dora@example.com', true],
		['eve@example.net', true],
		['fay@example.com', true],
		['ann@example.com', true],
		['ANN+promo@Example.com', true],
		['ann+news+x@example.com', true],
		['anna@example.com', false],
		['carl@example.org', false],
		['x@sub.blocked.io', true],
		['doe@example.org', false],
	])('%s suppressed=%s', (email, expected) => {
		expect(suppressed(email)).toBe(expected);
	});

	it('a sub-address entry covers its base address too (suppression errs on the side of not sending)', () => {
		const tagged = compileSuppression(['bob+promo@example.com']);
		const bob = parseAddress('bob@example.com', 'email');
		expect(suppressionReason(bob.key, bob.domain, tagged)).not.toBeNull();
	});

	it('sub-addresses share the base address identity, and so its at-most-once key', () => {
		expect(parseAddress('Ann+Promo@Example.com', 'email')).toMatchObject({ address: 'Ann+Promo@example.com', key: 'ann@example.com' });
		expect(stateKeys.sent('c', parseAddress('ann+promo@example.com', 'e').key)).toBe(stateKeys.sent('c', parseAddress('ann@example.com', 'e').key));
		// A local part that starts with + has no base to fold into.
		expect(parseAddress('+tag@example.com', 'email').key).toBe('+tag@example.com');
	});
});

describe('suppression', () => {
	const list = compileSuppression(suppressionEntries('Ann@Example.com\n@blocked.io, competitor.com; # a comment\n\n'));
	it.each([
		['ann@example.com', 'example.com', true],
		['bob@example.com', 'example.com', false],
		['x@blocked.io', 'blocked.io', true],
		['x@mail.competitor.com', 'mail.competitor.com', true],
		['x@notcompetitor.com', 'notcompetitor.com', false],
		['x@competitor.com.evil.org', 'competitor.com.evil.org', false],
	])('%s suppressed=%s', (key, domain, expected) => {
		expect(suppressionReason(key, domain, list) !== null).toBe(expected);
	});
	it('reads a list field and ignores non-text entries', () => {
		const fromField = compileSuppression(suppressionEntries(['ANN@X.ORG', 7, null] as unknown[]));
		expect(suppressionReason('ann@x.org', 'x.org', compileSuppression([]), fromField)).toMatch(/address/);
	});
});

describe('consent', () => {
	it.each([
		[undefined, false, null],
		[undefined, true, 'required'],
		['', true, 'required'],
		['no', true, 'required'],
		['Withdrawn', true, 'required'],
		[true, true, 'required'],
		['consent', true, null],
		['legitimate_interests', true, null],
	])('%j required=%s', (value, required, expected) => {
		const reason = consentReason(value, required);
		if (expected === null) expect(reason).toBeNull();
		else expect(reason).toMatch(expected);
	});
	it('limits bases when told which count', () => {
		expect(consentReason('contract', true, ['consent'])).toMatch(/not one of/);
		expect(consentReason('Consent', true, ['consent'])).toBeNull();
	});
});

describe('send window', () => {
	const window = compileSendWindow({ timeZone: 'Europe/Berlin', start: '09:00', end: '17:00', days: 'mon-fri' });

	it.each([
		// [now, recipient zone, inside, nextAllowedAt]
		['2025-03-04T10:00:00+01:00', undefined, true, null], // Tuesday 10:00 Berlin
		['2025-03-04T08:59:00+01:00', undefined, false, '2025-03-04T08:00:00.000Z'], // before opening: today 09:00 Berlin
		['2025-03-04T17:00:00+01:00', undefined, false, '2025-03-05T08:00:00.000Z'], // closing time: tomorrow
		['2025-03-07T18:00:00+01:00', undefined, false, '2025-03-10T08:00:00.000Z'], // Friday evening: Monday
		['2025-03-08T12:00:00+01:00', undefined, false, '2025-03-10T08:00:00.000Z'], // Saturday
		['2025-03-04T10:00:00+01:00', 'America/New_York', false, '2025-03-04T14:00:00.000Z'], // 04:00 in New York
		['2025-03-04T16:00:00+01:00', 'America/New_York', true, null], // 10:00 in New York
		['2025-03-30T08:30:00+02:00', undefined, false, '2025-03-31T07:00:00.000Z'], // Sunday of the DST change: Monday 09:00 CEST
	])('%s in %s', (now, zone, inside, next) => {
		const check = checkSendWindow(at(now), window, zone);
		expect(check.inside).toBe(inside);
		if (!check.inside) expect(check.nextAllowedAt).toBe(next);
	});

	// On the days the clocks change, the window still opens at 09:00 on the wall clock.
	const everyDay = compileSendWindow({ timeZone: 'Europe/Berlin', start: '09:00', end: '17:00', days: 'mon-sun' });
	it.each([
		['2025-03-30T05:00:00+02:00', '2025-03-30T07:00:00.000Z'], // spring forward: 09:00 CEST
		['2025-10-26T05:00:00+01:00', '2025-10-26T08:00:00.000Z'], // fall back: 09:00 CET
	])('daylight-saving day %s opens at 09:00 local', (now, next) => {
		const check = checkSendWindow(at(now), everyDay);
		expect(check.inside).toBe(false);
		if (!check.inside) expect(check.nextAllowedAt).toBe(next);
	});

	it('names a bad recipient zone as an item error', () => {
		expect(() => checkSendWindow(0, window, 'Mars/Olympus', 'lead.tz')).toThrow(InputError);
		try {
			checkSendWindow(0, window, 'Mars/Olympus', 'lead.tz');
		} catch (error) {
			expect((error as InputError).field).toBe('lead.tz');
		}
	});

	it.each([
		[{ timeZone: 'Nowhere/City' }, 'sendWindow.timeZone'],
		[{ start: '9am' }, 'sendWindow.start'],
		[{ start: '18:00', end: '09:00' }, 'sendWindow.end'],
		[{ days: 'funday' }, 'sendWindow.days'],
		[{ days: [] }, 'sendWindow.days'],
	])('rejects settings %j', (input, field) => {
		try {
			compileSendWindow(input);
			throw new Error('expected an error');
		} catch (error) {
			expect((error as InputError).field).toBe(field);
		}
	});

	it('reads weekday names, numbers and wrapping ranges', () => {
		expect([...compileSendWindow({ days: 'sat-mon' }).days].sort()).toEqual([1, 6, 7]);
		expect([...compileSendWindow({ days: [1, 'Wednesday', 'fri'] }).days].sort()).toEqual([1, 3, 5]);
	});
});

describe('days and keys', () => {
	it('takes the day in the zone', () => {
		const now = at('2025-03-04T23:30:00Z');
		expect(dayOf(now, 'UTC')).toBe('2025-03-04');
		expect(dayOf(now, 'Europe/Berlin')).toBe('2025-03-05');
	});
	it('frees a daily cap at the next opening', () => {
		const window = compileSendWindow({ timeZone: 'UTC', start: '09:00', end: '17:00', days: 'mon-fri' });
		expect(nextDayOpening(at('2025-03-07T12:00:00Z'), 'UTC', window)).toBe('2025-03-10T09:00:00.000Z');
		expect(nextDayOpening(at('2025-03-07T12:00:00Z'), 'UTC')).toBe('2025-03-08T00:00:00.000Z');
	});
	it('keys carry no readable address', () => {
		expect(stateKeys.sent('spring', 'ann@example.com')).not.toContain('ann');
		expect(stateKeys.sent('spring', 'ann@example.com')).not.toBe(stateKeys.sent('autumn', 'ann@example.com'));
	});
});
