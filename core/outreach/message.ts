import sanitizeHtml from 'sanitize-html';

import { InputError } from '../errors';
import { type Address, headerText } from './headers';
import type { Channel, TemplateSpec } from './schema';
import { type CompiledTemplate, type Escape, parseTemplate, renderTemplate } from './template';

/** A campaign's templates, parsed once per run. */
export interface OutreachTemplate {
	campaign: string;
	subject: CompiledTemplate;
	text: CompiledTemplate;
	html: CompiledTemplate | null;
	unsubscribeUrl: CompiledTemplate | null;
}

/** Parses every part of a template; a syntax error names the part (`template.subject`, ...). */
export function compileOutreachTemplate(spec: TemplateSpec, field = 'template'): OutreachTemplate {
	const campaign = headerText(spec.campaign, 200);
	if (campaign === '') throw new InputError(`${field}.campaign`, 'the campaign needs a name');
	return {
		campaign,
		subject: parseTemplate(spec.subject, `${field}.subject`),
		text: parseTemplate(spec.text, `${field}.text`),
		html: spec.html && spec.html.trim() !== '' ? parseTemplate(spec.html, `${field}.html`) : null,
		unsubscribeUrl: spec.unsubscribeUrl && spec.unsubscribeUrl.trim() !== '' ? parseTemplate(spec.unsubscribeUrl.trim(), `${field}.unsubscribeUrl`) : null,
	};
}

export interface ComposedMessage {
	to: Address;
	/** Display name, one line (header-safe), or null. */
	toName: string | null;
	/** One line (header-safe). */
	subject: string;
	text: string;
	html: string | null;
	unsubscribeUrl: string | null;
	/** Extra mail headers: List-Unsubscribe (and RFC 8058 one-click) when an unsubscribe URL is set. */
	headers: Record<string, string>;
}

/** Escaping of the text part per channel: Slack's markup must not be injectable from item data. */
const TEXT_ESCAPE: Record<Channel, Escape> = { smtp: 'none', dry_run: 'none', webhook: 'none', slack: 'slack' };

/**
 * Validates a rendered unsubscribe URL. RFC 8058 one-click unsubscribe needs
 * HTTPS; a `mailto:` link gives List-Unsubscribe without the one-click header.
 * The URL is re-serialised, so it can hold no line break or `>`.
 */
function unsubscribeHeaders(url: string): { url: string; headers: Record<string, string> } {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InputError('unsubscribeUrl', `'${url.slice(0, 100)}' is not a URL`);
	}
	if (parsed.protocol === 'https:') {
		return {
			url: parsed.href,
			headers: { 'List-Unsubscribe': `<${parsed.href}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
		};
	}
	if (parsed.protocol === 'mailto:') return { url: parsed.href, headers: { 'List-Unsubscribe': `<${parsed.href}>` } };
	throw new InputError('unsubscribeUrl', 'the unsubscribe URL must use https (RFC 8058 one-click) or mailto');
}

/**
 * What an email's HTML part may hold after rendering: the markup of ordinary HTML email (text, tables, images,
 * links, inline styles) and nothing that runs or loads code. Escaping item values knows nothing of where they land
 * (`href="{{url}}"` with `javascript:...`, an unquoted `<a href={{x}}>` that becomes ` onmouseover=...`), so the
 * final HTML is sanitised as a whole, template text included, by sanitize-html (htmlparser2 underneath): tags and
 * attributes outside this list are dropped, links may only be http(s), mailto or tel, images http(s) or cid.
 */
const EMAIL_HTML: sanitizeHtml.IOptions = {
	allowedTags: [...sanitizeHtml.defaults.allowedTags, 'html', 'head', 'body', 'title', 'img', 'center', 'font'],
	allowedAttributes: {
		'*': ['style', 'class', 'id', 'align', 'valign', 'width', 'height', 'bgcolor', 'border', 'dir', 'lang', 'title', 'role'],
		a: ['href', 'name', 'target', 'rel'],
		img: ['src', 'alt'],
		table: ['cellpadding', 'cellspacing'],
		td: ['colspan', 'rowspan', 'nowrap'],
		th: ['colspan', 'rowspan', 'nowrap'],
		font: ['color', 'face', 'size'],
	},
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	allowedSchemesByTag: { img: ['http', 'https', 'cid'] },
	allowProtocolRelative: false,
	// script, style, iframe...: dropped with their content, not turned into text.
	disallowedTagsMode: 'discard',
};

/** The final HTML of an email, with nothing that runs code (no script, event handler or javascript: URL). */
export function sanitizeEmailHtml(html: string): string {
	return sanitizeHtml(html, EMAIL_HTML);
}

/** How to sign the unsubscribe link: the token for a recipient and campaign (see core/outreach/unsubscribe.ts). */
export type UnsubscribeSigner = (subject: { address: string; campaign: string }) => string;

/**
 * Renders one message for one recipient. Placeholders read the item, plus
 * `campaign`, `recipient.email` / `recipient.name` and `unsubscribeUrl` when the
 * item has no field of that name. Values are HTML-escaped in the HTML part,
 * URL-encoded in the unsubscribe URL, Slack-escaped in Slack text; subject and
 * name are folded to one line. A missing value throws InputError naming its path.
 *
 * The unsubscribe URL is rendered with the real `campaign` and `recipient`,
 * whatever fields of those names the item has: one recipient's mail can never
 * carry another person's link. With `sign`, the URL gets a `token` query
 * parameter signed for this recipient and campaign (https only).
 */
export function composeMessage(
	template: OutreachTemplate,
	item: Record<string, unknown>,
	recipient: { address: Address; name?: string | null },
	channel: Channel,
	sign?: UnsubscribeSigner,
): ComposedMessage {
	const toName = recipient.name ? headerText(recipient.name, 200) || null : null;
	const own = { campaign: template.campaign, recipient: { email: recipient.address.address, name: toName ?? '' } };
	let unsubscribeUrl: string | null = null;
	let headers: Record<string, string> = {};
	if (template.unsubscribeUrl) {
		let rendered = renderTemplate(template.unsubscribeUrl, { ...item, ...own }, 'url', 'unsubscribe URL');
		if (sign) rendered = withToken(rendered, sign({ address: recipient.address.address, campaign: template.campaign }));
		const unsubscribe = unsubscribeHeaders(rendered);
		unsubscribeUrl = unsubscribe.url;
		if (channel === 'smtp' || channel === 'dry_run') headers = unsubscribe.headers;
	}
	// The item may fill in campaign or recipient for the text, never the unsubscribe link.
	const data = { ...own, ...item, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) };
	const subject = headerText(renderTemplate(template.subject, data, 'none', 'subject'));
	if (subject === '') throw new InputError('subject', 'the subject renders empty');
	const text = renderTemplate(template.text, data, TEXT_ESCAPE[channel], 'text');
	const html = template.html ? sanitizeEmailHtml(renderTemplate(template.html, data, 'html', 'HTML part')) : null;
	return { to: recipient.address, toName, subject, text, html, unsubscribeUrl, headers };
}

/** `url` with `token` set (replacing any `token` the template wrote). Signed links are https only. */
function withToken(url: string, token: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new InputError('unsubscribeUrl', `'${url.slice(0, 100)}' is not a URL`);
	}
	if (parsed.protocol !== 'https:') throw new InputError('unsubscribeUrl', 'a signed unsubscribe link must use https (RFC 8058 one-click)');
	parsed.searchParams.set('token', token);
	return parsed.href;
}
