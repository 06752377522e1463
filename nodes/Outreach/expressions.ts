import type { IExecuteFunctions } from 'n8n-workflow';

import { InputError } from '../../core/errors';

/**
 * Outreach templates written as n8n expressions (`=Hi {{ $json.name }}`).
 *
 * Left to n8n, an expression-mode template is evaluated as one string before
 * the node sees it: values land in the HTML part unescaped, and the package's
 * own `{{name|there}}` is run as JavaScript (`name | there`, "0"). So the node
 * reads the raw template and splits it itself:
 * - literal text stays the template's own text (not escaped, as in fixed mode);
 * - `{{ path }}` and `{{ path|default }}` (a plain field path, no `$`) stay the
 *   package's placeholders, so they mean the same in both modes;
 * - any other `{{ ... }}` is an n8n expression, evaluated by n8n for the item
 *   and inserted through a placeholder, so its value is escaped for the part
 *   it lands in (HTML-escaped in the HTML part, URL-encoded in the unsubscribe
 *   URL, Slack-escaped in Slack text, one line in the subject) exactly as a
 *   placeholder's value is.
 */

/** Where evaluated expression values sit in the data a template renders against. */
export const EXPRESSION_VALUES = '$n8nExpression';

/** A package placeholder: a dotted field path with an optional `|default` (but not JavaScript's `||`). */
const PLACEHOLDER = /^\s*[A-Za-z_][\w-]*(?:\.[\w$-]+)*\s*(?:\|(?!\|)[^]*)?$/;

export interface SplitTemplate {
	/** The template in the package's syntax; expression K is `{{$n8nExpression.K|}}`. */
	template: string;
	/** The n8n expressions, by K, as written between `{{` and `}}`. */
	expressions: string[];
}

/** Splits the body of an expression-mode template (after its `=`); see the module comment. */
export function splitExpressionTemplate(body: string, firstIndex = 0): SplitTemplate {
	let template = '';
	const expressions: string[] = [];
	let i = 0;
	while (i < body.length) {
		const open = body.indexOf('{{', i);
		if (open === -1) {
			template += body.slice(i);
			break;
		}
		const close = body.indexOf('}}', open + 2);
		if (close === -1) {
			template += body.slice(i);
			break;
		}
		template += body.slice(i, open);
		const inner = body.slice(open + 2, close);
		if (PLACEHOLDER.test(inner)) {
			template += `{{${inner}}}`;
		} else {
			// An empty default: an expression that gives nothing renders nothing, as in n8n.
			template += `{{${EXPRESSION_VALUES}.${firstIndex + expressions.length}|}}`;
			expressions.push(inner);
		}
		i = close + 2;
	}
	return { template, expressions };
}

export interface TemplateTexts {
	texts: Record<string, string>;
	/** The expressions' values, all fields in one list. */
	values: unknown[];
	/** The first expression that failed for this item, naming its field: the item fails with it (only that item). */
	failure?: InputError;
}

/**
 * Reads template parameters for one item: fixed text as it is, expression-mode
 * text split (cached by its raw text) with its expressions evaluated for this
 * item.
 */
export function templateReader(ctx: IExecuteFunctions): (names: readonly string[], itemIndex: number) => TemplateTexts {
	const splits = new Map<string, SplitTemplate>();
	return (names, itemIndex) => {
		const texts: Record<string, string> = {};
		const values: unknown[] = [];
		let failure: InputError | undefined;
		for (const name of names) {
			const raw = ctx.getNodeParameter(name, itemIndex, '', { rawExpressions: true }) as unknown;
			if (typeof raw !== 'string' || !raw.startsWith('=')) {
				texts[name] = String(raw ?? '');
				continue;
			}
			const key = `${values.length}\u0000${raw}`;
			let split = splits.get(key);
			if (!split) {
				split = splitExpressionTemplate(raw.slice(1), values.length);
				if (splits.size < 1000) splits.set(key, split);
			}
			for (const expression of split.expressions) {
				try {
					// evaluateExpression adds the leading `=` itself.
					values.push(ctx.evaluateExpression(`{{${expression}}}`, itemIndex));
				} catch (error) {
					values.push(undefined);
					failure ??= new InputError(name, `the expression {{${expression.trim()}}} failed: ${(error as Error).message}`);
				}
			}
			texts[name] = split.template;
		}
		return { texts, values, failure };
	};
}
