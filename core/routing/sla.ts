/**
 * First-response deadlines counted in business hours in the owner's time zone:
 * a lead that arrives on Friday at 16:00 with a 4-hour SLA is due on Monday at
 * 12:00 for an owner working 9-17, Monday to Friday.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

import { InputError, formatIssuePath } from '../errors';
import { atWallClock } from '../time';
import type { Track } from '../lead/schema';

const HHMM = z
	.string()
	.trim()
	.regex(/^([01]?\d|2[0-4]):[0-5]\d$/, 'must be a time as HH:mm, e.g. 09:00');

const DAY_NAMES: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

export const BusinessHours = z
	.object({
		/** ISO weekdays worked: 1 = Monday … 7 = Sunday (names such as `mon` are accepted). */
		days: z
			.array(
				z.preprocess(
					(d) => (typeof d === 'string' ? (DAY_NAMES[d.trim().slice(0, 3).toLowerCase()] ?? Number(d)) : d),
					z.number().int().min(1).max(7),
				),
			)
			.min(1, 'must name at least one working day'),
		start: HHMM,
		end: HHMM,
	})
	.refine((b) => minutesOf(b.start) < minutesOf(b.end), { message: 'must end after it starts', path: ['end'] });
export type BusinessHours = z.infer<typeof BusinessHours>;

/** Monday to Friday, 09:00-17:00: the default working week. */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

/**
 * Default first-response SLA per pipeline, in business hours: a scoped build
 * (engineer, hybrid) is usually time-bound and competitive, so it gets a reply
 * within half a day; strategy enquiries within one working day.
 */
export const DEFAULT_SLA_HOURS: Readonly<Record<Track, number>> = { consultant: 8, engineer: 4, hybrid: 4 };

/** The longest SLA accepted, in business hours (a quarter of a year of 8-hour days). */
export const MAX_SLA_HOURS = 520;

function minutesOf(hhmm: string): number {
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
}

/** Validates business hours, naming the field (`businessHours.end`) on error. */
export function parseBusinessHours(input: unknown, field = 'businessHours'): BusinessHours {
	const parsed = BusinessHours.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const path = formatIssuePath(issue.path);
		throw new InputError(path === '(root)' ? field : `${field}${path.startsWith('[') ? '' : '.'}${path}`, issue.message);
	}
	return { ...parsed.data, days: [...new Set(parsed.data.days)].sort((a, b) => a - b) };
}

/**
 * When a first response is due: `hours` business hours after `now`, counted
 * in `timeZone` within `businessHours`, skipping days `isDayOff` names
 * (YYYY-MM-DD in that zone, e.g. the owner's out-of-office dates). Time
 * outside business hours does not count; 0 hours means the start of the next
 * business period (or now, during one). Daylight-saving changes follow the
 * zone's rules.
 *
 * @throws InputError when `hours` is negative or too large, or no working day is reachable within a year.
 */
export function slaDueAt(
	now: Date,
	hours: number,
	timeZone: string,
	businessHours: BusinessHours = DEFAULT_BUSINESS_HOURS,
	isDayOff: (date: string) => boolean = () => false,
): Date {
	if (!Number.isFinite(hours) || hours < 0 || hours > MAX_SLA_HOURS) {
		throw new InputError('slaHours', `must be between 0 and ${MAX_SLA_HOURS} business hours, got ${hours}`);
	}
	const start = DateTime.fromJSDate(now, { zone: timeZone });
	if (!start.isValid) throw new InputError('timeZone', `'${timeZone}' is not a valid IANA time zone`);
	const open = minutesOf(businessHours.start);
	const close = minutesOf(businessHours.end);
	let remaining = Math.round(hours * 60 * 60_000); // milliseconds
	let day = start.startOf('day');
	// Bounded by what the deadline can need: enough weeks to fit the hours at one
	// working day a week, plus a year of days off.
	const dayMinutes = Math.max(1, close - open);
	const maxDays = 7 * (Math.ceil((hours * 60) / dayMinutes) + 1) + 366;
	for (let i = 0; i < maxDays; i++, day = day.plus({ days: 1 }).startOf('day')) {
		if (!businessHours.days.includes(day.weekday)) continue;
		if (isDayOff(day.toISODate() ?? '')) continue;
		const windowStart = DateTime.max(start, atWallClock(day, open));
		const windowEnd = atWallClock(day, close);
		const available = windowEnd.toMillis() - windowStart.toMillis();
		if (available < 0 || (available === 0 && remaining > 0)) continue;
		if (remaining <= available) return new Date(windowStart.toMillis() + remaining);
		remaining -= available;
	}
	throw new InputError('businessHours', 'no working time before the deadline could be met: check the working days and out-of-office dates');
}
