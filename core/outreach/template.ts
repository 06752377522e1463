import { InputError } from '../errors';
import { readSegments } from '../path';

/**
 * Logic-less templates: `{{path}}` inserts a value from the item, `{{path|default}}`
 * inserts `default` when the value is missing. A path is dot-separated names
 * or array indexes (`candidate.name`, `brief.deliverables.0`); spaces around
 * the path are ignored; the default is the literal text after the first `|`
 * (trimmed; `{{x|}}` defaults to nothing). `\{{` writes a literal `{{`. There
 * are no conditions, loops or code: a template can only copy values.
 *
 * A value is missing when it is absent, null, an empty or blank string or an
 * empty list. Lists of plain values are joined with ", ". An object cannot be
 * inserted (it is almost always a mapping mistake).
 */

interface Placeholder {
	/** The path as written, for messages. */
	path: string;
	segments: string[];
	fallback?: string;
}

export interface CompiledTemplate {
	/** Literal text and placeholders, in order. */
	parts: Array<string | Placeholder>;
	/** Every placeholder path, in order of appearance. */
	placeholders: string[];
}

/** How inserted values are escaped for the part they land in. */
export type Escape = 'none' | 'html' | 'slack' | 'url';

const SEGMENT = /^(?:[A-Za-z_$][\w$-]*|\d+)$/;
const MAX_TEMPLATE = 200_000;

/**
 * Parses a template once so it can be rendered for many items.
 * Throws InputError naming `field` on a malformed placeholder.
 */
export function parseTemplate(source: string, field: string): CompiledTemplate {
	if (typeof source !== 'string') throw new InputError(field, 'the template must be text');
	if (source.length > MAX_TEMPLATE) throw new InputError(field, `the template is longer than ${MAX_TEMPLATE} characters`);
	const parts: CompiledTemplate['parts'] = [];
	const placeholders: string[] = [];
	let text = '';
	let i = 0;
	while (i < source.length) {
		if (source.startsWith('\\{{', i)) {
			text += '{{';
			i += 3;
			continue;
		}
		if (!source.startsWith('{{', i)) {
			text += source[i++];
			continue;
		}
		const close = source.indexOf('}}', i + 2);
		if (close === -1) throw new InputError(field, `unclosed placeholder at character ${i + 1}: '${source.slice(i, i + 30)}'`);
		const inner = source.slice(i + 2, close);
		const bar = inner.indexOf('|');
		const path = (bar === -1 ? inner : inner.slice(0, bar)).trim();
		const segments = path.split('.');
		if (path === '' || !segments.every((s) => SEGMENT.test(s))) {
			throw new InputError(
				field,
				`invalid placeholder '{{${inner}}}' at character ${i + 1}`,
				'A placeholder is a field path such as {{candidate.name}}, optionally with a default: {{candidate.name|there}}.',
			);
		}
		if (text) parts.push(text);
		text = '';
		parts.push(bar === -1 ? { path, segments } : { path, segments, fallback: inner.slice(bar + 1).trim() });
		placeholders.push(path);
		i = close + 2;
	}
	if (text) parts.push(text);
	return { parts, placeholders };
}

function isMissing(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	return false;
}

function toText(value: unknown, path: string): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
		return value.filter((v) => !isMissing(v)).map(String).join(', ');
	}
	throw new InputError(path, `placeholder {{${path}}} points at an object, not text`, 'Point the placeholder at a field inside it, e.g. {{candidate.name}}.');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const SLACK_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes `text` for where it is inserted. Slack's three are what stops `<!channel>` or a link from candidate data. */
export function escapeFor(escape: Escape, text: string): string {
	switch (escape) {
		case 'html':
			return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
		case 'slack':
			return text.replace(/[&<>]/g, (c) => SLACK_ESCAPES[c]);
		case 'url':
			return encodeURIComponent(text);
		default:
			return text;
	}
}

/**
 * Renders a parsed template against `data`. Values are escaped for `escape`;
 * the template's own text is not. A missing value without a default throws
 * InputError naming the placeholder's path; `where` says which part (subject,
 * text, html) for the message.
 */
export function renderTemplate(template: CompiledTemplate, data: unknown, escape: Escape, where: string): string {
	let out = '';
	for (const part of template.parts) {
		if (typeof part === 'string') {
			out += part;
			continue;
		}
		const value = readSegments(data, part.segments);
		if (isMissing(value)) {
			if (part.fallback === undefined) {
				throw new InputError(
					part.path,
					`the ${where} needs {{${part.path}}} but the item has no value there`,
					`Add '${part.path}' to the item, or give the placeholder a default: {{${part.path}|...}}.`,
				);
			}
			out += escapeFor(escape, part.fallback);
		} else {
			out += escapeFor(escape, toText(value, part.path));
		}
	}
	return out;
}
