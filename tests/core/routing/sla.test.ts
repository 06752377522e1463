import { InputError } from '../../../core/errors';
import { parseBusinessHours, slaDueAt } from '../../../core/routing/sla';

describe('slaDueAt', () => {
	it.each<[string, string, number, string, string]>([
		['within the day', '2025-06-02T10:00:00Z', 4, 'UTC', '2025-06-02T14:00:00.000Z'],
		['rolls over the evening', '2025-06-02T15:00:00Z', 4, 'UTC', '2025-06-03T11:00:00.000Z'],
		['Friday afternoon to Monday', '2025-06-06T16:00:00Z', 4, 'UTC', '2025-06-09T12:00:00.000Z'],
		['arrives at night: starts at 9', '2025-06-03T02:00:00Z', 8, 'UTC', '2025-06-03T17:00:00.000Z'],
		['arrives on Saturday', '2025-06-07T12:00:00Z', 1, 'UTC', '2025-06-09T10:00:00.000Z'],
		['owner time zone (Berlin, UTC+2 in June)', '2025-06-02T06:00:00Z', 2, 'Europe/Berlin', '2025-06-02T09:00:00.000Z'],
		['owner time zone (Kolkata, UTC+5:30; 17:30 local is after hours)', '2025-06-02T12:00:00Z', 4, 'Asia/Kolkata', '2025-06-03T07:30:00.000Z'],
		['zero hours during business hours is now', '2025-06-02T10:15:00Z', 0, 'UTC', '2025-06-02T10:15:00.000Z'],
		['zero hours at night is the next opening', '2025-06-02T20:00:00Z', 0, 'UTC', '2025-06-03T09:00:00.000Z'],
		['fractional hours', '2025-06-02T09:00:00Z', 1.5, 'UTC', '2025-06-02T10:30:00.000Z'],
		['several days', '2025-06-02T09:00:00Z', 20, 'UTC', '2025-06-04T13:00:00.000Z'],
		// New York switches to daylight time on 9 March 2025: Friday 16:30 EST + 1h = Monday 09:30 EDT (13:30Z, not 14:30Z).
		['across a daylight-saving change', '2025-03-07T21:30:00Z', 1, 'America/New_York', '2025-03-10T13:30:00.000Z'],
	])('%s', (_name, now, hours, tz, expected) => {
		expect(slaDueAt(new Date(now), hours, tz).toISOString()).toBe(expected);
	});

	it('skips the owner days off', () => {
		const due = slaDueAt(new Date('2025-06-02T16:00:00Z'), 2, 'UTC', undefined, (d) => d === '2025-06-03');
		expect(due.toISOString()).toBe('2025-06-04T10:00:00.000Z');
	});

	it('meets the longest deadline with one working day a week (the search is bounded by what it needs)', () => {
		const hours = parseBusinessHours({ days: ['mon'], start: '09:00', end: '17:00' });
		// 520 business hours at 8 a week: 65 Mondays.
		const due = slaDueAt(new Date('2025-06-02T09:00:00Z'), 520, 'UTC', hours);
		expect(due.toISOString()).toBe('2026-08-24T17:00:00.000Z');
	});

	it('follows custom business hours', () => {
		const hours = parseBusinessHours({ days: ['sun', 'mon', 'tue', 'wed', 'thu'], start: '08:00', end: '16:00' });
		expect(hours.days).toEqual([1, 2, 3, 4, 7]);
		// Friday 10:00 in Dubai (UTC+4) → Sunday 08:00 + 2h.
		expect(slaDueAt(new Date('2025-06-06T06:00:00Z'), 2, 'Asia/Dubai', hours).toISOString()).toBe('2025-06-08T06:00:00.000Z');
	});

	it.each<[string, () => unknown, string]>([
		['negative hours', () => slaDueAt(new Date(), -1, 'UTC'), 'slaHours'],
		['not a number', () => slaDueAt(new Date(), Number.NaN, 'UTC'), 'slaHours'],
		['bad zone', () => slaDueAt(new Date(), 1, 'Nowhere/Land'), 'timeZone'],
		['no reachable day', () => slaDueAt(new Date('2025-06-02T10:00:00Z'), 1, 'UTC', undefined, () => true), 'businessHours'],
		['end before start', () => parseBusinessHours({ days: [1], start: '17:00', end: '09:00' }), 'businessHours.end'],
		['bad time', () => parseBusinessHours({ days: [1], start: '9am', end: '17:00' }), 'businessHours.start'],
		['no days', () => parseBusinessHours({ days: [], start: '09:00', end: '17:00' }), 'businessHours.days'],
	])('%s → InputError naming %s', (_name, fn, field) => {
		expect(fn).toThrow(InputError);
		try {
			fn();
		} catch (e) {
			expect((e as InputError).field).toBe(field);
		}
	});
});
