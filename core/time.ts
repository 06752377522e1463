import type { DateTime } from 'luxon';

/**
 * `day` at `minutes` past midnight on the wall clock of its zone (24:00 is the
 * next midnight). Setting the clock, not adding minutes to midnight, keeps
 * 09:00 at 09:00 on the days daylight saving starts or ends.
 */
export function atWallClock(day: DateTime, minutes: number): DateTime {
	if (minutes >= 24 * 60) return day.plus({ days: 1 }).startOf('day');
	return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}
