import { domainToASCII } from 'node:url';
import { InputError } from '../errors';

/**
 * Values bound for mail headers (subject, display names) and addresses. A CR
 * or LF in a header value would end the header and start a new one ("header
 * injection": a candidate named "Ann\r\nBcc: x@y" adds a Bcc). Display text is
 * folded to one line; an address with any control character or space is refused.
 */

// C0 controls, DEL, NEL and the Unicode line and paragraph separators.
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g;

/** One line of header text: every control character or line break becomes a space, runs of spaces collapse. */
export function headerText(value: string, maxLength = 900): string {
	const flat = value.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
	return flat.length > maxLength ? flat.slice(0, maxLength) : flat;
}

export interface Address {
	/** As given, trimmed, with the domain lower-cased. */
	address: string;
	/** Lower-cased domain. */
	domain: string;
	/**
	 * The mailbox's identity for suppression and at-most-once keys: lower case, without a sub-address tag
	 * (`Ann+promo@Example.com` is `ann@example.com`), see `mailboxKey`.
	 */
	key: string;
}

/**
 * The identity of a mailbox: the local part lower-cased and cut at its first `+` (a sub-address tag: mail to
 * `ann+promo@example.com` reaches ann@example.com's mailbox), `@`, the canonical domain. Suppression and at-most-once
 * both key on it, so an unsubscribed `ann@` is not mailed as `ann+promo@`, and one campaign reaches her once.
 */
export function mailboxKey(local: string, domain: string): string {
	const lower = local.toLowerCase();
	const plus = lower.indexOf('+');
	return `${plus > 0 ? lower.slice(0, plus) : lower}@${domain}`;
}

// The dot-atom of RFC 5322 for the local part (plus non-ASCII for SMTPUTF8),
// letters-digits-hyphen labels (or non-ASCII, sent as punycode) for the domain.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uFFFF-]+)*$/;
const LABEL = /^(?:[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\u0080-\uFFFF-]{0,61}[A-Za-z0-9\u0080-\uFFFF])?)$/;

/**
 * A domain in its one canonical form, lower-case ASCII (IDNA): `münchen.de`
 * and `xn--mnchen-3ya.de` are the same mailbox domain, so the at-most-once
 * key and suppression must not tell them apart. '' when it is not a domain.
 */
export function asciiDomain(domain: string): string {
	return domainToASCII(domain.trim().toLowerCase().replace(/\.$/, ''));
}

/**
 * Validates an email address (a bare address, no display name). Throws
 * InputError naming `field` with what is wrong, so one bad address fails
 * only its own item.
 */
export function parseAddress(value: unknown, field: string): Address {
	if (typeof value !== 'string' || value.trim() === '') throw new InputError(field, 'no email address');
	const address = value.trim();
	if (/[\s\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(address)) {
		throw new InputError(field, 'the email address contains a space, line break or control character');
	}
	if (address.length > 254) throw new InputError(field, 'the email address is longer than 254 characters');
	const at = address.lastIndexOf('@');
	if (at <= 0 || at === address.length - 1) throw new InputError(field, `'${address.slice(0, 80)}' is not an email address`);
	const local = address.slice(0, at);
	const domain = asciiDomain(address.slice(at + 1));
	const labels = domain.split('.');
	const valid =
		local.length <= 64 &&
		LOCAL.test(local) &&
		labels.length >= 2 &&
		labels.every((l) => LABEL.test(l)) &&
		!/^\d+$/.test(labels[labels.length - 1]);
	if (!valid) throw new InputError(field, `'${address.slice(0, 80)}' is not a valid email address`);
	return { address: `${local}@${domain}`, domain, key: mailboxKey(local, domain) };
}
