/**
 * Text cleaning for free-text form fields (a lead's message, a CV). Contact
 * forms post HTML, quoted e-mail threads, signatures, control characters and
 * sometimes megabytes of junk; the classifiers want the author's own words,
 * bounded in size. Every step here is linear in the input: regexes have no
 * nested quantifiers, and the raw input is cut before any regex runs, so a
 * hostile 1 MB message costs the same as a 200 KB one.
 */

export interface CleanOptions {
	/** Raw characters looked at before any parsing (default 200,000). */
	maxRawChars?: number;
	/** Characters kept after cleaning (default 20,000). */
	maxChars?: number;
	/** Keep quoted replies (`> ...`, "On ... wrote:") instead of dropping them (default false). */
	keepQuoted?: boolean;
	/** Keep everything after a `-- ` signature delimiter (default false). */
	keepSignature?: boolean;
}

export interface CleanResult {
	text: string;
	/** True when the raw input or the cleaned text was cut to the configured bounds. */
	truncated: boolean;
}

export const DEFAULT_MAX_RAW_CHARS = 200_000;
export const DEFAULT_MAX_CHARS = 20_000;

/** Entities seen in real form posts; anything else numeric is decoded generically. */
const NAMED_ENTITIES: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: ' ',
	ndash: '–',
	mdash: '—',
	hellip: '…',
	lsquo: '‘',
	rsquo: '’',
	ldquo: '“',
	rdquo: '”',
	laquo: '«',
	raquo: '»',
	bull: '•',
	middot: '·',
	copy: '©',
	reg: '®',
	trade: '™',
	euro: '€',
	pound: '£',
	yen: '¥',
	cent: '¢',
	deg: '°',
	times: '×',
	shy: '',
	zwj: '',
	zwnj: '',
	aacute: 'á',
	eacute: 'é',
	iacute: 'í',
	oacute: 'ó',
	uacute: 'ú',
	agrave: 'à',
	egrave: 'è',
	ugrave: 'ù',
	acirc: 'â',
	ecirc: 'ê',
	icirc: 'î',
	ocirc: 'ô',
	ucirc: 'û',
	auml: 'ä',
	euml: 'ë',
	iuml: 'ï',
	ouml: 'ö',
	uuml: 'ü',
	Auml: 'Ä',
	Ouml: 'Ö',
	Uuml: 'Ü',
	szlig: 'ß',
	ccedil: 'ç',
	ntilde: 'ñ',
	Ntilde: 'Ñ',
	atilde: 'ã',
	otilde: 'õ',
	Eacute: 'É',
	iexcl: '¡',
	iquest: '¿',
};

/** Tags whose boundary is a line break in the rendered text. */
const BLOCK_TAGS = new Set([
	'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
	'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
	'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Tags whose content is never prose. */
const DROP_CONTENT_TAGS = ['script', 'style', 'head', 'title', 'noscript', 'template'];

// `[^<>]{0,2000}` bounds the attribute scan so an unclosed `<` costs at most 2,000 steps.
const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,15})\b[^<>]{0,2000}>/g;
const ENTITY_RE = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,9});/g;
/** C0/C1 controls except tab and newline, zero-width and BOM, replacement char, private use. */
const JUNK_RE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u2028\u2029\u2060\uFEFF\uFFFD\uFFFE\uFFFF\uE000-\uF8FF]/g;
/** Lone surrogates (broken UTF-16 from truncated binary data). */
const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Lines that open a quoted earlier message: everything from here on is someone else's text. */
const REPLY_HEADER_RES: RegExp[] = [
	/^-{2,}\s*(original message|forwarded message|mensaje original|message d'origine|message original|urspr(ü|ue)ngliche nachricht|original-nachricht|mensagem original|mensagem encaminhada)\s*-{2,}/i,
	/^_{8,}\s*$/,
	/^(on|le|am|el|em)\s.{1,200}\s(wrote|a écrit|schrieb|escribió|escreveu)(\s.{1,120})?\s?:\s*$/i,
	/^(from|von|de|da):\s.{1,200}$/i,
];
/** A `From:` header only opens a quote when a `Sent:`/`Date:` style line follows. */
const SENT_LINE_RE = /^(sent|date|gesendet|enviado|envoyé|datum|fecha|data|to|an|para|à):\s/i;

/** Signature delimiters (RFC 3676 `-- `) and legal disclaimers that end the author's text. */
const SIGNATURE_RES: RegExp[] = [
	/^--\s*$/,
	/^(this (e-?mail|message)( and any attachments?)? (is|are|may be|contains?) (confidential|privileged|intended))/i,
	/^(confidentiality notice|disclaimer)\s*:/i,
];
/** Mobile-client boilerplate lines that carry no meaning. */
const BOILERPLATE_LINE_RE = /^(sent from my (iphone|ipad|android|samsung|mobile|phone)|enviado desde mi (iphone|móvil|celular)|von meinem (iphone|smartphone) gesendet|envoyé de mon (iphone|mobile)|enviado do meu (iphone|celular))\b.{0,40}$/i;

/**
 * Cleans one free-text value: decodes HTML entities, strips tags (block tags
 * become line breaks), drops quoted replies and signatures, removes control
 * characters and binary junk, normalises whitespace and caps the length.
 * Non-string input yields empty text (numbers and booleans are stringified).
 */
export function cleanText(raw: unknown, opts: CleanOptions = {}): CleanResult {
	const maxRaw = opts.maxRawChars ?? DEFAULT_MAX_RAW_CHARS;
	const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
	let text: string;
	if (typeof raw === 'string') text = raw;
	else if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') text = String(raw);
	else return { text: '', truncated: false };

	let truncated = false;
	if (text.length > maxRaw) {
		text = text.slice(0, maxRaw);
		truncated = true;
	}

	text = text.replace(/\r\n?/g, '\n');
	if (text.indexOf('<') !== -1) text = stripHtml(text);
	if (text.indexOf('&') !== -1) text = decodeEntities(text);
	text = text.replace(JUNK_RE, '').replace(LONE_SURROGATE_RE, '');
	// Other whitespace (tabs, NBSP, thin spaces) becomes a plain space.
	text = text.replace(/[\t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
	text = dropQuotesAndSignature(text, opts);
	text = normaliseWhitespace(text);

	if (text.length > maxChars) {
		let cut = maxChars;
		// Do not split a surrogate pair.
		const code = text.charCodeAt(cut - 1);
		if (code >= 0xd800 && code <= 0xdbff) cut--;
		text = text.slice(0, cut).trimEnd();
		truncated = true;
	}
	return { text, truncated };
}

/**
 * Lowercases and removes accents (NFD, combining marks dropped), and `ß`
 * becomes `ss`, so one pattern matches "développer" and "developper",
 * "Lösung" and "Losung". Unicode-aware: other scripts pass through lowercased.
 */
export function foldText(text: string): string {
	let out = text.toLowerCase();
	// Fast path: pure ASCII needs no normalisation.
	if (/[^\u0000-\u007F]/.test(out)) {
		out = out.normalize('NFD').replace(/[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g, '');
		if (out.indexOf('ß') !== -1) out = out.replace(/ß/g, 'ss');
	}
	return out;
}

/** Removes tags in one linear pass; block tags become newlines, script/style content goes. */
function stripHtml(input: string): string {
	let text = removeComments(input);
	for (const tag of DROP_CONTENT_TAGS) text = removeElementContent(text, tag);
	return text.replace(TAG_RE, (_m, _slash: string, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? '\n' : ''));
}

/** `<!-- ... -->` removal with indexOf, so an unclosed comment cannot cause quadratic scanning. */
function removeComments(text: string): string {
	let start = text.indexOf('<!--');
	if (start === -1) return text;
	let out = '';
	let pos = 0;
	while (start !== -1) {
		out += text.slice(pos, start);
		const end = text.indexOf('-->', start + 4);
		if (end === -1) return out;
		pos = end + 3;
		start = text.indexOf('<!--', pos);
	}
	return out + text.slice(pos);
}

/** Drops `<tag ...> ... </tag>` content (case-insensitive) using indexOf on a lowercased copy. */
function removeElementContent(text: string, tag: string): string {
	const lower = text.toLowerCase();
	const open = `<${tag}`;
	const close = `</${tag}`;
	let start = lower.indexOf(open);
	if (start === -1) return text;
	let out = '';
	let pos = 0;
	while (start !== -1) {
		const after = lower.charCodeAt(start + open.length);
		// `<scripts>` or `<styles2>` are not the tag we want; only `>`, `/` or whitespace may follow.
		const isTag = Number.isNaN(after) || after === 62 || after === 47 || after <= 32;
		if (!isTag) {
			start = lower.indexOf(open, start + open.length);
			continue;
		}
		out += text.slice(pos, start);
		const end = lower.indexOf(close, start + open.length);
		if (end === -1) return out;
		const gt = lower.indexOf('>', end);
		pos = gt === -1 ? lower.length : gt + 1;
		start = lower.indexOf(open, pos);
	}
	return out + text.slice(pos);
}

function decodeEntities(text: string): string {
	return text.replace(ENTITY_RE, (match: string, body: string) => {
		if (body.charCodeAt(0) === 35) {
			const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
			if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '';
			return String.fromCodePoint(code);
		}
		const named = NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()];
		return named ?? match;
	});
}

/** Line-based: cuts at the first reply header or signature delimiter, drops `>` lines. */
function dropQuotesAndSignature(text: string, opts: CleanOptions): string {
	const lines = text.split('\n');
	const kept: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].trim();
		if (!opts.keepQuoted) {
			if (line.startsWith('>')) continue;
			if (line.length < 300 && isReplyHeader(line, lines[i + 1])) break;
		}
		if (!opts.keepSignature && line.length < 300 && kept.length > 0 && SIGNATURE_RES.some((re) => re.test(line))) break;
		if (line.length < 120 && BOILERPLATE_LINE_RE.test(line)) continue;
		kept.push(lines[i]);
	}
	return kept.join('\n');
}

function isReplyHeader(line: string, next: string | undefined): boolean {
	if (line === '') return false;
	for (let r = 0; r < REPLY_HEADER_RES.length; r++) {
		if (!REPLY_HEADER_RES[r].test(line)) continue;
		// The `From:` form is only a quote header when the next line looks like a mail header too.
		if (r === REPLY_HEADER_RES.length - 1) return next !== undefined && SENT_LINE_RE.test(next.trim());
		return true;
	}
	return false;
}

function normaliseWhitespace(text: string): string {
	return text
		.replace(/ {2,}/g, ' ')
		.replace(/ ?\n ?/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
