/**
 * Turning a contact-form message into the one or two sentences a brief opens
 * with. Messages arrive as HTML, with greetings, signatures, phone numbers and
 * junk; the problem statement keeps only what the lead says it needs.
 */

import { cleanText } from '../text/clean';

/** Longest problem statement, in characters: one screen line pair in a CRM card. */
export const PROBLEM_MAX_CHARS = 320;

/**
 * HTML to plain text with one line per block, through the same cleaning the
 * classifier uses (tags, entities, quoted replies, signatures, control
 * characters, bounded length), without blank lines.
 */
export function plainText(message: string): string {
	return plainLines(cleanText(message).text);
}

/** Text that `cleanText` already cleaned, one line per block, without blank lines. */
export function plainLines(cleaned: string): string {
	return cleaned
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line !== '')
		.join('\n');
}

/**
 * Contact details are not part of the problem, and the brief travels further
 * than the lead (to owners and candidates), so they are masked.
 */
const REDACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
	[/\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b/g, '[email]'],
	[/\b(?:https?:\/\/|www\.)[^\s<>"]{1,500}/gi, '[link]'],
	[/(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}\b/g, '[phone]'],
];

/** Masks emails, links and phone numbers. */
export function redactContacts(text: string): string {
	let out = text;
	for (const [pattern, mask] of REDACTIONS) out = out.replace(pattern, mask);
	return out;
}

/** Lines that open or close a letter and say nothing about the need, in the languages leads write in. */
const GREETING =
	/^(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening)|greetings|guten (?:tag|morgen)|hallo|bonjour|bonsoir|hola|buenos d[ií]as|buenas tardes|ciao|salve|ol[aá]|bom dia|hej|hei|respected)\b[^.!?\n]{0,40}[,.!:]?$/i;
const SIGN_OFF =
	/^(?:thanks?|thank you|thanking you|many thanks|cheers|best|best regards|kind regards|regards|warm regards|sincerely|yours|mit freundlichen gr(?:ü|ue)(?:ß|ss)en|viele gr(?:ü|ue)(?:ß|ss)e|cordialement|bien (?:à|a) vous|saludos|atentamente|cordiali saluti|pozdrawiam)\b[^\n]{0,40}$/i;
const PLEASANTRY =
	/^(?:i hope (?:this|you)|hope (?:this|you)|i came across|i found your|thanks for (?:reading|your time)|looking forward|please (?:let me know|advise)|let me know|is that something|would appreciate)/i;

/** Abbreviations whose full stop does not end a sentence. */
const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|dr|mr|mrs|ms|inc|ltd|co|no|z\.b|bzw|ca|resp|cf)|\b[A-Z])\.$/i;

/** Splits text into sentences: on . ! ? followed by space, and at line breaks (lists, headings). */
export function sentences(text: string): string[] {
	const out: string[] = [];
	for (const line of text.split('\n')) {
		let current = '';
		const parts = line.split(/(?<=[.!?。！？])\s+/);
		for (const part of parts) {
			current = current === '' ? part : `${current} ${part}`;
			if (!ABBREVIATIONS.test(current)) {
				out.push(current);
				current = '';
			}
		}
		if (current !== '') out.push(current);
	}
	return out.map((s) => s.trim()).filter((s) => s !== '');
}

function wordCount(sentence: string): number {
	return sentence.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
}

/**
 * True for a sentence that says something: enough words, not a greeting,
 * sign-off or pleasantry. Scripts without spaces between words (Chinese,
 * Japanese) count by characters instead.
 */
function meaningful(sentence: string): boolean {
	if (GREETING.test(sentence) || SIGN_OFF.test(sentence) || PLEASANTRY.test(sentence)) return false;
	if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(sentence)) return sentence.length >= 8;
	return wordCount(sentence) >= 4;
}

function truncate(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:(-]+$/, '')}…`;
}

/**
 * The lead's problem in one or two sentences: the first meaningful sentences of
 * the cleaned message (greetings, sign-offs and contact details removed), two
 * when both fit in `max` characters, cut at a word boundary otherwise. Empty
 * when the message says nothing usable.
 */
export function problemStatement(message: string | undefined, max = PROBLEM_MAX_CHARS): string {
	return message ? problemFromPlain(plainText(message), max) : '';
}

/** {@link problemStatement} of a message already turned into plain text (see {@link plainText}). */
export function problemFromPlain(plain: string, max = PROBLEM_MAX_CHARS): string {
	let text = redactContacts(plain);
	// Everything after a sign-off line is a signature block.
	const lines = text.split('\n');
	const signOff = lines.findIndex((line, i) => i > 0 && SIGN_OFF.test(line));
	if (signOff > 0) text = lines.slice(0, signOff).join('\n');

	const picked = sentences(text).filter(meaningful).slice(0, 2);
	if (picked.length === 0) return '';
	const first = picked[0];
	const both = picked.length === 2 ? `${first} ${picked[1]}` : first;
	const chosen = both.length <= max ? both : first;
	const out = truncate(chosen, max);
	return out.charAt(0).toUpperCase() + out.slice(1);
}
