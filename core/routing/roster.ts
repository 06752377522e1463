/**
 * The roster of owners leads are assigned to. Users give it as a JSON
 * parameter or as rows from a spreadsheet-like source, so list fields accept
 * comma-separated text and numbers accept numeric text; anything else wrong
 * is an InputError naming `roster[i].field`.
 */
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

import { InputError, formatIssuePath } from '../errors';
import { Role, Track } from '../lead/schema';

/** Splits "a, b; c" into ["a", "b", "c"]; arrays pass through. */
function listOf(value: unknown): unknown {
	if (typeof value === 'string') {
		return value
			.split(/[,;\n]/)
			.map((s) => s.trim())
			.filter((s) => s !== '');
	}
	return value;
}

/** "3" → 3, "" → undefined, so sheet cells work; other values pass through for zod to judge. */
function numberOf(value: unknown): unknown {
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		const n = Number(value);
		return Number.isNaN(n) ? value : n;
	}
	return value === null ? undefined : value;
}

const IsoDate = z
	.string()
	.trim()
	.refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid, {
		message: 'must be a date as YYYY-MM-DD',
	});

/** An out-of-office period: whole days, inclusive, in the owner's time zone. */
export const DateRange = z.preprocess(
	(value) => {
		if (typeof value === 'string') {
			const [from, to] = value.split('..').map((s) => s.trim());
			return { from, to: to ?? from };
		}
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			const v = value as { from?: unknown; to?: unknown };
			return { from: v.from, to: v.to ?? v.from };
		}
		return value;
	},
	z
		.object({ from: IsoDate, to: IsoDate })
		.refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['to'] }),
);
export type DateRange = z.infer<typeof DateRange>;

export const Owner = z.object({
	name: z.string().trim().min(1, 'must not be empty').max(200),
	email: z.string().trim().toLowerCase().email('must be an email address'),
	/** The pipelines (tracks) this owner takes leads for. */
	pipelines: z.preprocess(listOf, z.array(Track).min(1, 'must name at least one pipeline')),
	/** Roles this owner staffs; leads whose primary role is listed prefer this owner. Empty = any role. */
	roles: z.preprocess(listOf, z.array(Role)).default([]),
	/** Skills (stack terms such as `kubernetes`, `rag`, `forecasting`) for best-skill-match assignment. */
	skills: z.preprocess(
		listOf,
		z.array(z.string().trim().toLowerCase().min(1).max(100)).max(200),
	).default([]),
	/** Share of leads relative to other owners (2 = twice as many as weight 1). */
	weight: z.preprocess(numberOf, z.number().finite().positive('must be greater than 0').max(1000)).default(1),
	/** Most leads per day in the owner's time zone; absent = no cap, 0 = takes none. */
	dailyCapacity: z.preprocess(numberOf, z.number().int('must be a whole number').min(0).max(100_000).optional()),
	outOfOffice: z.preprocess(listOf, z.array(DateRange).max(1000)).default([]),
	/** IANA time zone, e.g. `Europe/Berlin`: counts days for capacity and hours for the SLA. */
	timeZone: z
		.string()
		.trim()
		.default('UTC')
		.refine((tz) => IANAZone.isValidZone(tz), { message: 'must be an IANA time zone such as Europe/Berlin' }),
	/** False = skip this owner without removing the row. */
	active: z
		.preprocess((v) => (v === 'false' ? false : v === 'true' ? true : v), z.boolean())
		.default(true),
});
export type Owner = z.infer<typeof Owner>;

export const Roster = z
	.array(Owner)
	.min(1, 'is empty: add at least one owner')
	.max(10_000)
	.superRefine((owners, ctx) => {
		const seen = new Map<string, number>();
		owners.forEach((o, i) => {
			const first = seen.get(o.email);
			if (first !== undefined) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path: [i, 'email'],
					message: `duplicates roster[${first}].email (${o.email}); each owner needs a unique email`,
				});
			} else seen.set(o.email, i);
		});
	});
export type Roster = z.infer<typeof Roster>;

/**
 * Validates a roster given as an array of owners, `{ owners: [...] }`, or a
 * JSON string of either.
 *
 * @param field the name the user knows the roster by (`roster`, or the item field), used in error paths.
 * @throws InputError naming e.g. `roster[2].timeZone`.
 */
export function parseRoster(input: unknown, field = 'roster'): Roster {
	let value = input;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new InputError(field, 'is empty: add at least one owner');
		try {
			value = JSON.parse(value);
		} catch (e) {
			throw new InputError(field, `is not valid JSON: ${(e as Error).message}`);
		}
	}
	if (value && typeof value === 'object' && !Array.isArray(value) && 'owners' in value) {
		value = (value as { owners: unknown }).owners;
	}
	if (value === undefined || value === null) throw new InputError(field, 'is missing: give a list of owners');
	if (!Array.isArray(value)) throw new InputError(field, 'must be a list of owners (a JSON array)');
	const parsed = Roster.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const path = formatIssuePath(issue.path);
		throw new InputError(
			path === '(root)' ? field : `${field}${path.startsWith('[') ? '' : '.'}${path}`,
			issue.message,
			parsed.error.issues.length > 1 ? `${parsed.error.issues.length} problems in the roster; this is the first.` : undefined,
		);
	}
	return parsed.data;
}

/** The owner's calendar date at `now`, as YYYY-MM-DD in their time zone. */
export function localDate(now: Date, timeZone: string): string {
	return DateTime.fromJSDate(now, { zone: timeZone }).toISODate() ?? now.toISOString().slice(0, 10);
}

/** True when `date` (YYYY-MM-DD) falls in one of the owner's out-of-office periods. */
export function isOutOfOffice(owner: Pick<Owner, 'outOfOffice'>, date: string): boolean {
	return owner.outOfOffice.some((r) => r.from <= date && date <= r.to);
}
