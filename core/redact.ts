/**
 * The one place where secrets are taken out of text that may reach an output,
 * an error, a log line or a credential test result. Every transport (GitHub,
 * LLM, Slack, webhook, SMTP), both HTTP clients and the CLI use it.
 *
 * Two layers:
 * - known secrets (a token, a password, an SMTP URL) in every form they can
 *   take on the wire: raw, URL-encoded, JSON-escaped, and base64 / base64url
 *   at any alignment, so a secret inside a larger base64 blob (the SMTP
 *   `AUTH PLAIN` blob `\0user\0password`, an `Authorization: Basic` value) is
 *   caught even when the rest of the blob is unknown;
 * - shapes that are secret whoever wrote them: `Bearer`/`Basic`/`token`
 *   credentials echoed back, `user:password@` inside URLs, SMTP `AUTH
 *   PLAIN|LOGIN|XOAUTH2` arguments, and the token formats of GitHub, Slack and
 *   OpenAI-style keys.
 *
 * Pure: no I/O, no n8n imports.
 */

export const REDACTED = '***';

/** Secrets shorter than this are not searched for: too many false hits, too little to leak. */
const MIN_SECRET_LENGTH = 4;
/** The shortest base64 fragment worth replacing (6 bytes of the secret). */
const MIN_BASE64_FRAGMENT = 8;

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const toBase64Url = (b64: string): string => b64.replace(/\+/g, '-').replace(/\//g, '_');

/**
 * The base64 fragments that appear in the encoding of any byte string that
 * contains `secret`, one per alignment (offset mod 3): the groups of four
 * characters made only of the secret's own bytes.
 */
function base64Fragments(secret: string): string[] {
	const bytes = Buffer.from(secret, 'utf8');
	const out: string[] = [];
	for (let pad = 0; pad < 3; pad++) {
		// With `pad` unknown bytes before it, the secret's first whole group starts at byte (3 - pad) % 3.
		const skip = (3 - pad) % 3;
		const whole = Math.floor((bytes.length - skip) / 3);
		if (whole <= 0) continue;
		const fragment = bytes.subarray(skip, skip + whole * 3).toString('base64');
		if (fragment.length >= MIN_BASE64_FRAGMENT) out.push(fragment);
	}
	// The secret encoded alone, with padding: the common case, replaced whole.
	out.unshift(bytes.toString('base64'));
	return out;
}

/** Every form of one secret that may appear in text, longest first. */
export function secretForms(secret: string): string[] {
	if (secret.length < MIN_SECRET_LENGTH) return [];
	const forms = new Set<string>([secret]);
	forms.add(encodeURIComponent(secret));
	forms.add(JSON.stringify(secret).slice(1, -1));
	for (const b64 of base64Fragments(secret)) {
		forms.add(b64);
		forms.add(toBase64Url(b64));
		forms.add(b64.replace(/=+$/, ''));
	}
	// A URL that holds credentials (smtp://user:pass@host): its parts are secrets too.
	const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]*)@/i.exec(secret);
	if (userinfo) {
		const [user, password] = userinfo[1].split(':', 2);
		for (const part of [password, user && password ? undefined : user]) {
			if (!part) continue;
			let decoded = part;
			try {
				decoded = decodeURIComponent(part);
			} catch {
				// keep the raw part
			}
			for (const f of secretForms(decoded)) forms.add(f);
			forms.add(part);
		}
	}
	return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/**
 * Patterns that are secret on their own. Each is linear-time (no nested
 * quantifiers, every repeat bounded, so a run of look-alike text cannot make
 * each start position rescan it): they run over whole error texts and answer
 * bodies (tests/core/patterns-linear.test.ts).
 */
const SECRET_SHAPES: ReadonlyArray<[RegExp, string]> = [
	// A credential header echoed back by name, whatever its value looks like.
	[/\b(authorization|proxy-authorization|x-api-key|api[-_]key)(["']?\s*[:=]\s*["']?)((?:Bearer|Basic|Token|token)\s+)?[^\s"',;}]{3,2048}/gi, `$1$2$3${REDACTED}`],
	// `Authorization: Bearer xxx`, `Basic xxx`, `token xxx` echoed back (also inside JSON).
	// The look-ahead wants a digit or a symbol, so prose ("Bearer token required") is left alone.
	[/\b(Bearer|bearer|BEARER|Basic)(\s+)(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{6,2048}/g, `$1$2${REDACTED}`],
	// user:password@ inside a URL (smtp://, redis://, https://).
	[/\b([a-z][a-z0-9+.-]{0,15}:\/\/)[^/?#@\s:'"<>]{0,256}:[^/?#@\s'"<>]{0,256}@/gi, `$1${REDACTED}@`],
	// SMTP: AUTH PLAIN <blob>, AUTH LOGIN <user>, AUTH XOAUTH2 <blob>.
	[/\b(AUTH\s+(?:PLAIN|LOGIN|XOAUTH2|CRAM-MD5))(\s+)[A-Za-z0-9+/=]{4,4096}/gi, `$1$2${REDACTED}`],
	// Token formats: GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), Slack (xoxb-, xoxp-, ...), OpenAI-style sk-.
	[/\b(?:gh[pousr]_[A-Za-z0-9]{16,255}|github_pat_[A-Za-z0-9_]{20,255})/g, REDACTED],
	[/\bxox[abposre]-[A-Za-z0-9-]{8,255}/g, REDACTED],
	[/\bsk-[A-Za-z0-9_-]{16,255}/g, REDACTED],
];

/**
 * Removes secrets from text. `secrets` are the values this caller knows
 * (tokens, passwords, URLs with credentials); the generic shapes are removed
 * whether or not any are given. Idempotent.
 */
export class Redactor {
	private forms: string[] = [];
	private pattern: RegExp | undefined;

	constructor(secrets: Iterable<string | null | undefined> = []) {
		this.add(...secrets);
	}

	/** Adds secrets to look for (empty and very short values are ignored). */
	add(...secrets: Array<string | null | undefined>): this {
		const all = new Set(this.forms);
		for (const s of secrets) if (typeof s === 'string') for (const f of secretForms(s.trim())) all.add(f);
		this.forms = [...all].sort((a, b) => b.length - a.length);
		// One alternation, longest first, so one pass replaces every form.
		this.pattern = this.forms.length > 0 ? new RegExp(this.forms.map(escapeRegExp).join('|'), 'g') : undefined;
		return this;
	}

	/** Text with every known secret form and every secret shape replaced by `***`. */
	redact(text: string): string {
		let out = this.pattern ? text.replace(this.pattern, REDACTED) : text;
		for (const [pattern, replacement] of SECRET_SHAPES) out = out.replace(pattern, replacement);
		return out;
	}

	/** The same value with every string inside it redacted (bounded depth; other values unchanged). */
	redactValue<T>(value: T, depth = 0): T {
		if (typeof value === 'string') return this.redact(value) as T;
		if (depth > 20 || value === null || typeof value !== 'object') return value;
		if (Buffer.isBuffer(value)) return value;
		if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1)) as T;
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.redactValue(v, depth + 1);
		return out as T;
	}

	/**
	 * Redacts an error in place (message, stack, and the `description`, `hint`,
	 * `reason` and `response` text fields n8n and nodemailer errors carry) and returns it.
	 */
	redactError<E>(error: E): E {
		if (!error || typeof error !== 'object') return error;
		const e = error as Record<string, unknown>;
		for (const key of ['message', 'stack', 'description', 'hint', 'reason', 'response', 'command']) {
			const v = e[key];
			if (typeof v === 'string') {
				try {
					e[key] = this.redact(v);
				} catch {
					// A read-only field stays; the caller's message is what reaches the user.
				}
			}
		}
		return error;
	}
}

/** Redacts one text with the given secrets (see Redactor). */
export function redact(text: string, secrets: Iterable<string | null | undefined> = []): string {
	return new Redactor(secrets).redact(text);
}

/** The forms an SMTP login puts on the wire: the AUTH PLAIN blob, the AUTH LOGIN lines, the XOAUTH2 blob. */
export function smtpAuthSecrets(user: string | null | undefined, password: string | null | undefined): string[] {
	const out: string[] = [];
	if (password) out.push(password);
	if (user && password) {
		out.push(`\0${user}\0${password}`, `${user}\0${user}\0${password}`, `user=${user}\x01auth=Bearer ${password}\x01\x01`);
	}
	return out;
}

/** The shape patterns, for the linear-time test (tests/core/patterns-linear.test.ts). */
export const SECRET_SHAPES_FOR_TESTS: readonly RegExp[] = SECRET_SHAPES.map(([re]) => re);
