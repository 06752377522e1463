import { createHash } from 'node:crypto';

import { DateTime, IANAZone } from 'luxon';
import addressparser from 'nodemailer/lib/addressparser';

import { InputError } from '../errors';

import { asciiDomain, mailboxKey } from './headers';
import { atWallClock } from '../time';

/**
 * The guard rules, pure: each takes what it needs (the time as `nowMs`) and
 * says whether an item may be sent. Stateful guards (at most once, cooldown,
 * daily cap) only get their keys here; the store that holds them is passed to
 * `OutreachRun`.
 */

/* ---------- suppression ---------- */

export interface SuppressionList {
	emails: ReadonlySet<string>;
	domains: ReadonlySet<string>;
}

/**
 * Builds a suppression list from entries in the shapes address lists are exported in: a plain address
 * (`ann@example.com`), a named one (`Carl <carl@example.com>`, `"Doe, Jane" <jane@example.com>`), a `mailto:` link
 * (`mailto:dora@example.com?subject=...`), or a domain (`example.com` or `@example.com`). Case-insensitive; an
 * address covers its sub-addresses (`ann@` covers `ann+promo@`: both key on `mailboxKey`). Blank entries and lines
 * starting with `#` are ignored, and so are entries that are neither an address nor a domain.
 */
export function compileSuppression(entries: Iterable<string>): SuppressionList {
	const emails = new Set<string>();
	const domains = new Set<string>();
	for (const raw of entries) {
		if (typeof raw !== 'string') continue;
		let entry = raw.trim();
		if (entry === '' || entry.startsWith('#')) continue;
		if (/^mailto:/i.test(entry)) entry = safeDecode(entry.slice('mailto:'.length).split('?')[0]);
		// A display name, quotes, angle brackets or a comment: nodemailer's RFC 5322 address parser finds the address.
		const addresses = /[<>"()]/.test(entry) ? addressparser(entry, { flatten: true }).map((a) => a.address ?? '') : [entry];
		for (const address of addresses) {
			const text = address.trim();
			const at = text.lastIndexOf('@');
			const domain = asciiDomain(text.slice(at + 1));
			if (domain === '' || !domain.includes('.')) continue;
			if (at === 0 || at === -1) domains.add(domain);
			else emails.add(mailboxKey(text.slice(0, at), domain));
		}
	}
	return { emails, domains };
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * Splits a parameter or field value (a list, or text separated by commas, semicolons or lines) into entries. A
 * comma inside quotes or angle brackets (`"Doe, Jane" <jane@example.com>`) does not split.
 */
export function suppressionEntries(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	if (typeof value !== 'string') return [];
	const entries: string[] = [];
	let current = '';
	let quoted = false;
	let angle = false;
	for (const c of value) {
		if (c === '"') quoted = !quoted;
		else if (c === '<' && !quoted) angle = true;
		else if (c === '>' && !quoted) angle = false;
		if (c === '\n' || c === '\r' || ((c === ',' || c === ';') && !quoted && !angle)) {
			entries.push(current);
			current = '';
			quoted = false;
			angle = false;
		} else current += c;
	}
	entries.push(current);
	return entries;
}

/**
 * Why `addressKey` (lower-cased) is suppressed, or null. A domain entry also
 * covers its subdomains (`example.com` suppresses `mail.example.com`).
 */
export function suppressionReason(addressKey: string, domain: string, ...lists: SuppressionList[]): string | null {
	for (const list of lists) {
		if (list.emails.has(addressKey)) return 'the address is on the suppression list';
		const labels = domain.split('.');
		for (let i = 0; i < labels.length - 1; i++) {
			const candidate = labels.slice(i).join('.');
			if (list.domains.has(candidate)) return `the domain ${candidate} is on the suppression list`;
		}
	}
	return null;
}

/* ---------- consent ---------- */

/** Values that name no lawful basis (a form's "no" checkbox exported as text). */
const NO_BASIS = new Set(['', 'no', 'none', 'false', '0', 'n/a', 'na', 'null', 'withdrawn', 'revoked', 'unsubscribed']);

/**
 * When consent is required, the item must name its lawful basis (GDPR art. 6:
 * `consent`, `contract`, `legitimate_interests`, ...) in the consent field;
 * `allowed`, when not empty, limits which bases count. Returns the reason it
 * may not be sent, or null.
 */
export function consentReason(value: unknown, required: boolean, allowed: readonly string[] = []): string | null {
	if (!required) return null;
	if (typeof value !== 'string' || NO_BASIS.has(value.trim().toLowerCase())) {
		return 'no lawful basis recorded for this recipient and consent is required';
	}
	const basis = value.trim().toLowerCase();
	if (allowed.length > 0 && !allowed.map((a) => a.trim().toLowerCase()).includes(basis)) {
		return `lawful basis '${value.trim().slice(0, 60)}' is not one of ${allowed.join(', ')}`;
	}
	return null;
}

/* ---------- send window ---------- */

export interface SendWindow {
	/** Zone used when the recipient has none (IANA name). */
	timeZone: string;
	/** Minutes after local midnight the window opens (inclusive) and closes (exclusive). */
	startMinute: number;
	endMinute: number;
	/** ISO weekdays the window is open: 1 = Monday ... 7 = Sunday. */
	days: ReadonlySet<number>;
}

export interface SendWindowInput {
	timeZone?: string;
	/** 'HH:mm' */
	start?: string;
	end?: string;
	/** ISO weekday numbers, or names/abbreviations ('mon', 'Tuesday'), or one string 'mon-fri' / 'mon,wed'. */
	days?: ReadonlyArray<number | string> | string;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function parseDay(value: number | string, field: string): number {
	if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7) return value;
	const index = DAY_NAMES.indexOf(String(value).trim().toLowerCase().slice(0, 3));
	if (index === -1) throw new InputError(field, `'${String(value)}' is not a weekday`);
	return index + 1;
}

function parseDays(days: SendWindowInput['days'], field: string): Set<number> {
	if (days === undefined) return new Set([1, 2, 3, 4, 5]);
	const list = typeof days === 'string' ? days.split(',').map((d) => d.trim()).filter(Boolean) : [...days];
	const out = new Set<number>();
	for (const item of list) {
		const range = typeof item === 'string' ? item.split('-') : [item];
		if (range.length === 2) {
			const from = parseDay(range[0], field);
			const to = parseDay(range[1], field);
			for (let d = from; ; d = (d % 7) + 1) {
				out.add(d);
				if (d === to) break;
			}
		} else {
			out.add(parseDay(item, field));
		}
	}
	if (out.size === 0) throw new InputError(field, 'the send window has no weekdays');
	return out;
}

function parseTime(value: string | undefined, fallback: string, field: string): number {
	const text = (value ?? fallback).trim();
	const match = /^(\d{1,2}):(\d{2})$/.exec(text);
	if (!match) throw new InputError(field, `'${text}' is not a time of day (HH:mm)`);
	const minutes = Number(match[1]) * 60 + Number(match[2]);
	if (Number(match[1]) > 24 || Number(match[2]) > 59 || minutes > 24 * 60) throw new InputError(field, `'${text}' is not a time of day`);
	return minutes;
}

/**
 * Zone names already checked. Luxon checks a zone by building an
 * Intl.DateTimeFormat (~50 µs), which dominated rendering; recipients repeat a
 * handful of zones. Bounded, so hostile input cannot grow it without limit.
 */
const zoneCache = new Map<string, boolean>();
const ZONE_CACHE_MAX = 2_000;

/** True when `zone` is an IANA time zone luxon knows. */
export function isValidZone(zone: string): boolean {
	let valid = zoneCache.get(zone);
	if (valid === undefined) {
		valid = IANAZone.isValidZone(zone);
		if (zoneCache.size >= ZONE_CACHE_MAX) zoneCache.clear();
		zoneCache.set(zone, valid);
	}
	return valid;
}

/** Validates a send window's settings; throws InputError naming the bad setting. */
export function compileSendWindow(input: SendWindowInput, field = 'sendWindow'): SendWindow {
	const timeZone = (input.timeZone ?? 'UTC').trim() || 'UTC';
	if (!isValidZone(timeZone)) throw new InputError(`${field}.timeZone`, `'${timeZone}' is not an IANA time zone (e.g. Europe/Berlin)`);
	const startMinute = parseTime(input.start, '09:00', `${field}.start`);
	const endMinute = parseTime(input.end, '17:00', `${field}.end`);
	if (endMinute <= startMinute) throw new InputError(`${field}.end`, 'the send window must end after it starts on the same day');
	return { timeZone, startMinute, endMinute, days: parseDays(input.days, `${field}.days`) };
}

export type WindowCheck = { inside: true; zone: string } | { inside: false; zone: string; nextAllowedAt: string };

/** The first instant at or after `from` that lies inside `window`, in `zone`. */
export function nextOpening(from: DateTime, window: SendWindow): DateTime {
	for (let offset = 0; offset <= 7; offset++) {
		const day = from.plus({ days: offset }).startOf('day');
		if (!window.days.has(day.weekday)) continue;
		const opens = atWallClock(day, window.startMinute);
		const closes = atWallClock(day, window.endMinute);
		if (offset === 0 && from >= closes) continue;
		return from > opens ? from : opens;
	}
	// Unreachable: a window has at least one weekday, so one comes within 7 days.
	return from;
}

/**
 * Is `nowMs` inside the send window for a recipient in `recipientZone` (the
 * window's zone when absent)? When not, `nextAllowedAt` is when it next opens
 * there (ISO, UTC), so a workflow can wait and retry. An unknown recipient zone
 * is an InputError naming `zoneField`.
 */
export function checkSendWindow(nowMs: number, window: SendWindow, recipientZone?: string, zoneField = 'timeZone'): WindowCheck {
	let zone = window.timeZone;
	if (typeof recipientZone === 'string' && recipientZone.trim() !== '') {
		zone = recipientZone.trim();
		if (!isValidZone(zone)) throw new InputError(zoneField, `'${zone.slice(0, 60)}' is not an IANA time zone (e.g. America/New_York)`);
	}
	const now = DateTime.fromMillis(nowMs, { zone });
	const minute = now.hour * 60 + now.minute;
	if (window.days.has(now.weekday) && minute >= window.startMinute && minute < window.endMinute) return { inside: true, zone };
	return { inside: false, zone, nextAllowedAt: nextOpening(now, window).toUTC().toISO() ?? '' };
}

/* ---------- caps and keys ---------- */

/** The calendar day (YYYY-MM-DD) of `nowMs` in `zone`: the daily cap's period. */
export function dayOf(nowMs: number, zone: string): string {
	return DateTime.fromMillis(nowMs, { zone }).toISODate() ?? '';
}

/** When a daily cap reached today frees up: the window's first opening tomorrow (or midnight without a window), ISO UTC. */
export function nextDayOpening(nowMs: number, zone: string, window?: SendWindow): string {
	const tomorrow = DateTime.fromMillis(nowMs, { zone }).plus({ days: 1 }).startOf('day');
	return (window ? nextOpening(tomorrow, window) : tomorrow).toUTC().toISO() ?? '';
}

/** A short stable digest: state keys carry no readable addresses. */
function digest(text: string): string {
	return createHash('sha256').update(text).digest('base64url').slice(0, 24);
}

/** State keys for one campaign. */
/** Origin of claim timestamps (seconds from here fit every store's counters). */
export const CLAIM_EPOCH_MS = Date.UTC(2020, 0, 1);

export const stateKeys = {
	/** At most once per (recipient, campaign). */
	sent: (campaign: string, addressKey: string): string => `outreach:sent:${digest(campaign)}:${digest(addressKey)}`,
	/** Any campaign's message to this recipient (the cross-campaign cooldown). */
	contact: (addressKey: string): string => `outreach:contact:${digest(addressKey)}`,
	/** A recipient who unsubscribed through a signed link (Verify Unsubscribe): suppressed for every campaign. */
	unsubscribed: (addressKey: string): string => `outreach:unsubscribed:${digest(addressKey)}`,
	/** When the (recipient, campaign) claim was taken: seconds since {@link CLAIM_EPOCH_MS} (a counter, so every store keeps it). */
	claimedAt: (campaign: string, addressKey: string): string => `outreach:claimed-at:${digest(campaign)}:${digest(addressKey)}`,
	/** The claim's send was confirmed by the channel: what makes a claim "sent" rather than "claimed". */
	confirmed: (campaign: string, addressKey: string): string => `outreach:confirmed:${digest(campaign)}:${digest(addressKey)}`,
	/** Messages of a campaign sent on one day. */
	day: (campaign: string, day: string): string => `outreach:day:${digest(campaign)}:${day}`,
};
