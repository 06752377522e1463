/**
 * Mail as it really arrives, read the way a person reads it (rubric section 2,
 * borderline cases): the request is what the original sender wrote.
 *
 * - Forwarded mail (Gmail "Forwarded message", Outlook "From: / Sent: / To: /
 *   Subject: FW:", Apple "Begin forwarded message:", and their translations)
 *   keeps the forwarded content; only the forward headers go.
 * - Quoted replies ("On ... wrote:" and `>` lines, Outlook reply headers) are
 *   someone else's words, usually the agency's own: they go.
 * - Signatures (after `-- ` or a sign-off line), phone footers ("Sent from my
 *   iPhone"), legal/confidentiality disclaimers and print footers go.
 *
 * Line-based and linear: every pattern is anchored, bounded, and tested on
 * lines shorter than {@link MAX_HEADER_LINE}.
 */

export interface MailOptions {
	/** Keep quoted replies instead of dropping them. */
	keepQuoted?: boolean;
	/** Keep signatures, phone footers and disclaimers. */
	keepSignature?: boolean;
}

/** A forwarder's note shorter than this is dropped in favour of the forwarded original. */
const FORWARD_NOTE_WORDS = 30;

/** Longer lines are prose, never a header, a sign-off or a footer. */
const MAX_HEADER_LINE = 300;

/** Header field names of mail clients in the languages the agency receives mail in. */
const FROM_NAMES = 'from|von|de|da|van|od|från|fra';
const OTHER_HEADER_NAMES =
	'sent|date|to|cc|bcc|subject|reply-to|gesendet|datum|an|betreff|envoy[ée]|[àa]|objet|enviado(?: el)?|enviada|fecha|para|asunto|assunto|data|inviato|oggetto|verzonden|aan|onderwerp|wys[łl]ano|do|temat|kopia|skickat|till|ämne|emne|sendt|til';
const FROM_RE = new RegExp(`^\\*?(${FROM_NAMES})\\s?\\*?:\\s?.{0,250}$`, 'i');
const HEADER_RE = new RegExp(`^\\*?(${FROM_NAMES}|${OTHER_HEADER_NAMES})\\s?\\*?:(\\s.{0,250})?$`, 'i');
const SUBJECT_RE = /^\*?(subject|betreff|objet|asunto|assunto|oggetto|onderwerp|temat|ämne|emne)\s?\*?:\s?(.{0,250})$/i;
/** Subject prefixes that say "forwarded" (English, German WG, French TR, Spanish RV/RE?, Portuguese ENC, Italian I, Dutch Doorst, Polish PD). */
const FORWARD_SUBJECT_RE = /^\s*(fwd?|wg|tr|rv|enc|i|doorst|pd|vs|vb)\s?:/i;

/** Lines that open a forwarded message: the content that follows is kept. */
const FORWARD_MARKER_RE =
	/^[-_=*\s]{0,20}(forwarded message|begin forwarded message|weitergeleitete nachricht|anfang der weitergeleiteten nachricht|message transf[ée]r[ée]|d[ée]but du message (r[ée]exp[ée]di[ée]|transf[ée]r[ée]|r[ée]envoy[ée])|mensaje reenviado|inicio del mensaje reenviado|mensagem encaminhada|in[íi]cio da mensagem reencaminhada|messaggio inoltrato|inizio messaggio inoltrato|doorgestuurd bericht|begin doorgestuurd bericht|wiadomo[śs][ćc] przekazana|pocz[ąa]tek przekazywanej wiadomo[śs]ci|forwarded by)\b.{0,60}$/i;
/** Lines that open a quoted earlier message: the content that follows is someone else's. */
const REPLY_MARKER_RE =
	/^[-_=\s]{0,20}(original message|mensaje original|message d'origine|message original|urspr[üu]e?ngliche nachricht|original-nachricht|mensagem original|messaggio originale|oorspronkelijk bericht|origineel bericht|oryginalna wiadomo[śs][ćc])\s*[-_=]{0,20}\s*$/i;
/** Outlook's rule line above a header block. */
const RULE_LINE_RE = /^_{8,}\s*$/;
/** "On <date>, <someone> wrote:" in several languages (Gmail and Apple wrap it over two lines). */
const ATTRIBUTION_RE =
	/^(on|le|am|el|em|il|op|w dniu|den|på)\s.{1,220}\s(wrote|a [ée]crit|schrieb|escribi[óo]|escreveu|ha scritto|schreef|napisa[łl](\(a\))?|skrev)(\s.{1,120})?\s?:\s*$/i;
const ATTRIBUTION_END_RE = /(wrote|a [ée]crit|schrieb|escribi[óo]|escreveu|ha scritto|schreef|napisa[łl](\(a\))?|skrev)\s?:\s*$/i;
const ATTRIBUTION_START_RE = /^(on|le|am|el|em|il|op|w dniu)\s/i;

/** A short line that closes the author's text; what follows it (briefly) is a signature. */
const SIGN_OFF_RE =
	/^(best|best regards|best wishes|kind regards|kindest regards|warm regards|warmest regards|regards|many thanks|thanks( a lot| again| in advance)?|thank you( in advance)?|cheers|sincerely|yours sincerely|yours faithfully|yours|all the best|talk soon|speak soon|saludos( cordiales)?|un saludo|un abrazo|atentamente|gracias|muchas gracias|mit freundlichen gr(ü|ue)(ß|ss)en|freundliche gr(ü|ue)(ß|ss)e|viele gr(ü|ue)(ß|ss)e|beste gr(ü|ue)(ß|ss)e|liebe gr(ü|ue)(ß|ss)e|gru(ß|ss)|lg|vg|mfg|danke|vielen dank|cordialement|bien cordialement|bien (à|a) vous|salutations|sinc[èe]res salutations|merci( beaucoup| d'avance)?|atenciosamente|abra[çc]os|cumprimentos|obrigad[oa]|cordiali saluti|distinti saluti|saluti|un saluto|grazie( mille)?|met vriendelijke groet(en)?|vriendelijke groet(en)?|groeten|groet|hartelijke groet(en)?|bedankt|pozdrawiam( serdecznie)?|z powa[żz]aniem|dzi[ęe]kuj[ęe])\s*[,.!]*\s*$/i;
/** A signature is short: a sign-off followed by more lines than this is prose, not a signature. */
const MAX_SIGNATURE_LINES = 14;

/** Phone and webmail footers that carry no meaning. */
const CLIENT_FOOTER_RE =
	/^(sent from (my )?(iphone|ipad|android|samsung|galaxy|mobile|phone|blackberry|huawei|xiaomi|pixel|outlook|yahoo mail|mail for windows|proton ?mail)|sent via .{1,40}|get outlook for (ios|android)|enviado desde mi (iphone|ipad|m[óo]vil|celular|android|samsung)|enviado do meu (iphone|ipad|celular|android|smartphone)|von meinem (iphone|ipad|smartphone|samsung|handy|android)[\w ]{0,20} gesendet|envoy[ée] de(puis)? mon (iphone|ipad|mobile|smartphone|android)|inviato da( il mio)? (iphone|ipad|android|smartphone|cellulare)|verzonden (vanaf|met) (mijn )?(iphone|ipad|android|smartphone)|wys[łl]ane z (mojego )?(iphone'?a?|ipada?|androida?|telefonu|smartfona))\b.{0,40}$/i;
/** Footers that ask you not to print, or say how to unsubscribe from a newsletter. */
const PRINT_FOOTER_RE =
	/^(please )?(consider|think)( about)? (the environment|before (you )?print)|^bitte denken sie an die umwelt|^pensez (à|a) l'environnement|^por favor,? (piense|considere)|^antes de imprimir/i;

/** Words that make a paragraph a legal disclaimer, in the languages the agency receives mail in. */
const LEGAL_WORD_RE =
	/\b(confidential(ity)?|privileged|intended (solely )?(only )?for|intended recipient|addressee|unauthori[sz]ed|prohibited|disclos(e|ure)|disclaimer|notify the sender|delete (this|it|the)|received (this|it) in error|legally|vertraulich|empf(ä|ae)nger|irrt(ü|ue)mlich|untersagt|confidentiel(le)?|destinataire|strictement interdit|par erreur|confidencial|destinatario|prohibid[ao]|por error|riservat[oa]|destinatari|vietat[oa]|per errore|vertrouwelijk|geadresseerde|verboden|poufn[aey]|adresat|zabronione|omyłkowo)\b/gi;
/** A line that opens a disclaimer on its own. */
const DISCLAIMER_START_RE =
	/^(\*{0,3}\s*)?(confidentiality notice|confidential(ity)?\s*[:-]|disclaimer\s*[:-]|legal notice|important notice|notice of confidentiality|aviso (legal|de confidencialidad)|avis de confidentialit[ée]|haftungsausschluss|vertraulichkeitshinweis|avviso di riservatezza|informativa|disclaimer|zastrze[żz]enie|this (e-?mail|message|communication)( and any (attachments?|files)( transmitted with it)?)? (is|are|may be|contains?|and)|the information (contained )?in this (e-?mail|message)|diese (e-?mail|nachricht)( und (alle|etwaige) anh(ä|ae)nge?)? (ist|enth(ä|ae)lt|kann)|ce (message|courriel|mail|e-mail)( et (toutes )?(les|ses) pi[èe]ces jointes)? (est|sont|peut|contient)|este (mensaje|correo)|esta mensagem|questo messaggio|la presente (e-?mail|comunicazione)|dit (e-?mail)?bericht|deze e-?mail|ta wiadomo[śs][ćc])/i;

interface Line {
	raw: string;
	text: string;
}

/**
 * The author's text of one mail body (already HTML-stripped and decoded):
 * forwards unwrapped, quoted replies, signatures, footers and disclaimers
 * removed. When removing the quoted part would leave nothing, the quoted text
 * is kept (it is then the only request there is).
 */
export function authorText(text: string, opts: MailOptions = {}): string {
	const lines: Line[] = text.split('\n').map((raw) => ({ raw, text: raw.trim() }));
	const segments = splitMail(lines, opts);
	// A short note from whoever forwarded the mail ("can you help?") is not the request: the forwarded original is.
	const firstForward = segments.findIndex((s) => s.kind === 'forward' && s.lines.some((l) => l.text !== ''));
	if (firstForward > 0 && !opts.keepQuoted) {
		const note = segments.slice(0, firstForward).filter((s) => s.kind === 'own');
		if (note.reduce((n, s) => n + countWords(s.lines.map((l) => l.text).join(' ')), 0) < FORWARD_NOTE_WORDS) {
			for (const s of note) s.lines = [];
		}
	}
	const kept: string[] = [];
	let own = 0;
	for (const segment of segments) {
		if (segment.kind === 'reply' && !opts.keepQuoted) continue;
		const body = opts.keepSignature ? segment.lines : dropFooters(segment.lines);
		const value = body.map((l) => l.raw).join('\n').trim();
		if (value !== '') {
			kept.push(value);
			own += countWords(value);
		}
	}
	if (own === 0 && !opts.keepQuoted) {
		// Nothing of the sender's own survives: what is quoted is the request (e.g. a bare reply-forward).
		const quoted = segments.filter((s) => s.kind === 'reply').map((s) => (opts.keepSignature ? s.lines : dropFooters(s.lines)));
		return quoted.map((ls) => ls.map((l) => l.raw.replace(/^\s*(>\s?)+/, '')).join('\n').trim()).filter((v) => v !== '').join('\n\n');
	}
	return kept.join('\n\n');
}

interface Segment {
	kind: 'own' | 'forward' | 'reply';
	lines: Line[];
}

/** Splits a body at forward and reply boundaries, dropping the boundary lines themselves. */
function splitMail(lines: Line[], opts: MailOptions): Segment[] {
	const segments: Segment[] = [{ kind: 'own', lines: [] }];
	let current = segments[0];
	const open = (kind: Segment['kind']): void => {
		current = { kind, lines: [] };
		segments.push(current);
	};
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].text;
		const short = line.length > 0 && line.length < MAX_HEADER_LINE;
		if (short && FORWARD_MARKER_RE.test(line)) {
			open('forward');
			i = skipHeaderBlock(lines, i + 1) - 1;
			continue;
		}
		if (short && (REPLY_MARKER_RE.test(line) || RULE_LINE_RE.test(line))) {
			const end = skipHeaderBlock(lines, i + 1);
			open(isForwardHeader(lines, i + 1, end) ? 'forward' : 'reply');
			i = end - 1;
			continue;
		}
		if (short && FROM_RE.test(line) && headerBlockLength(lines, i) >= 2) {
			const end = skipHeaderBlock(lines, i);
			open(isForwardHeader(lines, i, end) ? 'forward' : 'reply');
			i = end - 1;
			continue;
		}
		if (short && isAttribution(lines, i)) {
			open('reply');
			if (!ATTRIBUTION_END_RE.test(line)) i++;
			continue;
		}
		if (!opts.keepQuoted && line.startsWith('>')) {
			// A quoted line inside the sender's own text: someone else's words.
			if (current.kind !== 'reply') open('reply');
			current.lines.push(lines[i]);
			continue;
		}
		if (current.kind === 'reply' && line !== '' && !line.startsWith('>') && isQuoteRun(current)) {
			// Text after a run of `>` lines is the sender's own again (inline replies).
			open('own');
		}
		current.lines.push(lines[i]);
	}
	return segments;
}

/** A reply segment made only of `>` lines (as opposed to an attribution-opened one). */
function isQuoteRun(segment: Segment): boolean {
	return segment.lines.some((l) => l.text.startsWith('>')) && segment.lines.every((l) => l.text === '' || l.text.startsWith('>'));
}

function isAttribution(lines: Line[], i: number): boolean {
	const line = lines[i].text;
	if (ATTRIBUTION_RE.test(line)) return true;
	// Wrapped over two lines: "On Tue, 3 Mar 2026 at 10:02, Ann <ann@x>" / "wrote:".
	if (!ATTRIBUTION_START_RE.test(line) || i + 1 >= lines.length) return false;
	const next = lines[i + 1].text;
	return next.length < 120 && ATTRIBUTION_END_RE.test(next) && ATTRIBUTION_RE.test(`${line} ${next}`);
}

/** How many consecutive header lines start at `i` (blank lines inside the block are allowed once). */
function headerBlockLength(lines: Line[], i: number): number {
	let n = 0;
	for (let j = i; j < lines.length && j < i + 12; j++) {
		const t = lines[j].text;
		if (t === '' && n === 0) continue;
		if (t.length < MAX_HEADER_LINE && HEADER_RE.test(t)) n++;
		else break;
	}
	return n;
}

/** The index after a header block starting at or after `i` (leading blank lines included). */
function skipHeaderBlock(lines: Line[], i: number): number {
	let j = i;
	while (j < lines.length && lines[j].text === '') j++;
	let end = j;
	while (end < lines.length && end < j + 12 && lines[end].text.length < MAX_HEADER_LINE && HEADER_RE.test(lines[end].text)) end++;
	return end === j ? i : end;
}

/** A header block is a forward when its subject says so (FW:, Fwd:, WG:, TR:, RV:, ENC:, I:, Doorst:, PD:). */
function isForwardHeader(lines: Line[], start: number, end: number): boolean {
	for (let j = start; j < end; j++) {
		const m = SUBJECT_RE.exec(lines[j].text);
		if (m) return FORWARD_SUBJECT_RE.test(m[2]);
	}
	return false;
}

/** Drops signatures, phone footers, print footers and disclaimers from one segment. */
function dropFooters(lines: Line[]): Line[] {
	const out: Line[] = [];
	let words = 0;
	// Legal words per line, counted once (a disclaimer check looks at a paragraph of them).
	const legal = lines.map((l) => (l.text === '' ? 0 : (l.text.slice(0, 3000).match(LEGAL_WORD_RE)?.length ?? 0)));
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].text;
		const short = line.length < MAX_HEADER_LINE;
		if (short && /^--\s*$/.test(line) && words > 0) break;
		if (short && (CLIENT_FOOTER_RE.test(line) || PRINT_FOOTER_RE.test(line))) continue;
		if (words > 0 && isDisclaimerStart(lines, legal, i)) break;
		if (words > 0 && line.length <= 60 && SIGN_OFF_RE.test(line) && lines.length - i - 1 <= MAX_SIGNATURE_LINES) {
			// What follows is the signature unless it is prose (a long line) before the end.
			const rest = lines.slice(i + 1);
			if (rest.every((l) => l.text.length <= 160) && !rest.some((l) => countWords(l.text) > 18)) break;
		}
		out.push(lines[i]);
		words += countWords(line);
	}
	while (out.length > 0 && out[out.length - 1].text === '') out.pop();
	return out;
}

/** A disclaimer opens with a line of its own kind, or is a paragraph dense with legal words. */
function isDisclaimerStart(lines: Line[], legal: number[], i: number): boolean {
	const line = lines[i].text;
	if (line === '') return false;
	let count = 0;
	for (let j = i; j < lines.length && j < i + 12 && lines[j].text !== ''; j++) count += legal[j];
	if (count >= 3) return true;
	return line.length < MAX_HEADER_LINE && DISCLAIMER_START_RE.test(line) && (count >= 1 || line.length < 40);
}

/** Words in a text: runs of letters or digits (any script), counted without a regex. */
function countWords(text: string): number {
	let n = 0;
	let inWord = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		const word = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && (c < 0x2000 || c > 0x2bff));
		if (word && !inWord) n++;
		inWord = word;
	}
	return n;
}
