import { createHmac, timingSafeEqual } from 'node:crypto';

import { InputError } from '../errors';
import { type Address, parseAddress } from './headers';

/**
 * Signed one-click unsubscribe (RFC 8058). The link in `List-Unsubscribe` carries a token that names one recipient
 * and one campaign and is signed with HMAC-SHA256 under a secret only the sender knows (the
 * `talentPipelineUnsubscribeApi` credential). The receiving side verifies the token and suppresses the address it
 * names, so nobody can unsubscribe someone else by editing a link: a changed address, campaign or signature is
 * refused, and item data never chooses what a token is for (the sender signs the real recipient and campaign).
 *
 * Token: `v1.<payload>.<signature>`, payload = base64url(JSON [address, campaign]), signature =
 * base64url(HMAC-SHA256(secret, "talent-pipeline/unsubscribe/v1." + payload)). base64url only, so it travels in a
 * query string as is. Tokens do not expire: an unsubscribe link must keep working (RFC 8058 and the bulk-sender
 * rules of the large mailbox providers).
 */

const VERSION = 'v1';
const CONTEXT = 'talent-pipeline/unsubscribe/v1.';
/** Shorter secrets are refused: an HMAC key should carry at least 128 bits. */
export const MIN_SECRET_LENGTH = 16;
/** A token longer than this is refused before any work (an address is at most 254 characters, a campaign 200). */
const MAX_TOKEN_LENGTH = 1_200;

export interface UnsubscribeSubject {
	/** The recipient as sent to (with any sub-address tag; suppression keys on its base address). */
	address: string;
	campaign: string;
}

export type UnsubscribeCheck = ({ ok: true } & UnsubscribeSubject & { recipient: Address }) | { ok: false; reason: string };

function checkSecret(secret: string, field: string): void {
	if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
		throw new InputError(field, `the unsubscribe signing secret must be at least ${MIN_SECRET_LENGTH} characters`, 'Set a long random Secret in the Talent Pipeline Unsubscribe credential (e.g. `openssl rand -base64 32`).');
	}
}

function signature(secret: string, payload: string): Buffer {
	return createHmac('sha256', secret).update(CONTEXT + payload).digest();
}

/** The token for one recipient and campaign. Throws InputError when the secret is too short. */
export function signUnsubscribe(secret: string, subject: UnsubscribeSubject, field = 'credentials.secret'): string {
	checkSecret(secret, field);
	const payload = Buffer.from(JSON.stringify([subject.address, subject.campaign]), 'utf8').toString('base64url');
	return `${VERSION}.${payload}.${signature(secret, payload).toString('base64url')}`;
}

/**
 * Verifies a token against the current secret and, during a rotation, the previous ones. Never throws for a bad
 * token: says why it is refused (the reason names no secret and echoes nothing from the token).
 */
export function verifyUnsubscribe(secrets: readonly string[], token: unknown, field = 'credentials.secret'): UnsubscribeCheck {
	const usable = secrets.filter((s) => typeof s === 'string' && s !== '');
	if (usable.length === 0) checkSecret('', field);
	for (const s of usable) checkSecret(s, field);
	if (typeof token !== 'string' || token.trim() === '') return { ok: false, reason: 'no unsubscribe token in the request' };
	if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'the unsubscribe token is too long' };
	const parts = token.trim().split('.');
	if (parts.length !== 3 || parts[0] !== VERSION || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
		return { ok: false, reason: 'the unsubscribe token is malformed' };
	}
	const [, payload, sig] = parts;
	const given = Buffer.from(sig, 'base64url');
	const genuine = usable.some((secret) => {
		const expected = signature(secret, payload);
		return given.length === expected.length && timingSafeEqual(given, expected);
	});
	if (!genuine) return { ok: false, reason: 'the unsubscribe token is not genuine (forged or altered)' };
	let subject: unknown;
	try {
		subject = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
	} catch {
		return { ok: false, reason: 'the unsubscribe token is malformed' };
	}
	if (!Array.isArray(subject) || subject.length !== 2 || typeof subject[0] !== 'string' || typeof subject[1] !== 'string') {
		return { ok: false, reason: 'the unsubscribe token is malformed' };
	}
	let recipient: Address;
	try {
		recipient = parseAddress(subject[0], 'token');
	} catch {
		return { ok: false, reason: 'the unsubscribe token names no valid address' };
	}
	return { ok: true, address: recipient.address, campaign: subject[1], recipient };
}
