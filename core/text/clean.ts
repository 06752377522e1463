import { authorText } from './mail';

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
	/** Links (anchors and bare URLs) in the author's own text: signatures, quotes and footers do not count. */
	links: number;
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

/** Stands in for a link (an anchor's href or a bare URL) while the text is cleaned, so links are counted where the author wrote them. */
const LINK_MARK = '\u2063';
const LINK_MARK_RE = /\u2063/g;
const ANCHOR_URL_RE = /\u2063\s*(https?:\/\/|www\.)/g;
const BARE_URL_RE = /\b(https?:\/\/|www\.)[^\s<>"']{1,2000}/gi;
// Bounded attribute scan: an unclosed `<a` costs at most 200 steps.
const ANCHOR_RE = /<a\s[^<>]{0,200}?href\s*=\s*["']?\s*(?=https?:|www\.)/gi;
/** Typographic apostrophes become the ASCII one, so "we’d" and "we'd" read alike. */
const APOSTROPHE_RE = /[\u2018\u2019\u02BC\u2032\u00B4`]/g;

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
	else return { text: '', truncated: false, links: 0 };

	let truncated = false;
	if (text.length > maxRaw) {
		text = text.slice(0, maxRaw);
		truncated = true;
	}

	text = text.replace(/\r\n?/g, '\n').replace(LINK_MARK_RE, '');
	if (text.indexOf('<') !== -1) text = stripHtml(text.replace(ANCHOR_RE, (m) => `${LINK_MARK}${m}`));
	if (text.indexOf('&') !== -1) text = decodeEntities(text);
	text = text.replace(JUNK_RE, '').replace(LONE_SURROGATE_RE, '');
	// Other whitespace (tabs, NBSP, thin spaces) becomes a plain space.
	text = text.replace(/[\t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, ' ');
	text = text.replace(APOSTROPHE_RE, "'");
	text = authorText(text, opts);
	// Anchors count once, also when their visible text is the URL itself.
	const anchors = text.split(LINK_MARK).length - 1;
	const bare = (text.match(BARE_URL_RE) ?? []).length;
	const anchorUrls = anchors ? (text.match(ANCHOR_URL_RE) ?? []).length : 0;
	const links = anchors + bare - anchorUrls;
	if (anchors) text = text.replace(LINK_MARK_RE, '');
	text = normaliseWhitespace(text);

	if (text.length > maxChars) {
		let cut = maxChars;
		// Do not split a surrogate pair.
		const code = text.charCodeAt(cut - 1);
		if (code >= 0xd800 && code <= 0xdbff) cut--;
		text = text.slice(0, cut).trimEnd();
		truncated = true;
	}
	return { text, truncated, links };
}

/**
 * Lowercases and removes accents (NFD, combining marks dropped), and `ß`
 * becomes `ss`, so one pattern matches "développer" and "developper",
 * "Lösung" and "Losung". Unicode-aware: other scripts pass through lowercased.
 */
export function foldText(text: string): string {
	let out = text.toLowerCase();
	// Fast path: pure ASCII needs no normalisation.
	if (/[\u0080-\uFFFF]/.test(out)) {
		out = out.normalize('NFD').replace(/[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]/g, '');
		if (out.indexOf('ß') !== -1) out = out.replace(/ß/g, 'ss');
	}
	return out;
}

const PRONOUN_CONTRACTION_RE = /\b(i|you|we|they|he|she|it|that|there|who|what|let)'(d|re|m|ve|ll|s)\b/g;
const NOT_CONTRACTION_RE = /\b(ca|wo|sha|[a-z]{2,6})n't\b/g;
const CONTRACTED: Record<string, string> = { d: 'would', re: 'are', m: 'am', ve: 'have', ll: 'will', s: 'is' };
const NEGATED: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall' };

/**
 * The text a pattern or a model reads: {@link foldText}, with the ASCII
 * apostrophe for typographic ones and English contractions spelled out
 * ("we'd like" reads as "we would like", "don't" as "do not"), so a concept
 * matches however it is typed. Offsets may differ from the input.
 */
export function matchText(text: string): string {
	const out = foldText(text).replace(APOSTROPHE_RE, "'");
	if (out.indexOf("'") === -1) return out;
	return out
		.replace(PRONOUN_CONTRACTION_RE, (_m, who: string, tail: string) => (who === 'let' && tail === 's' ? 'let us' : `${who} ${CONTRACTED[tail]}`))
		.replace(NOT_CONTRACTION_RE, (_m, stem: string) => `${NEGATED[stem] ?? stem} not`);
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

function normaliseWhitespace(text: string): string {
	return text
		.replace(/ {2,}/g, ' ')
		.replace(/ ?\n ?/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
