/**
 * The part of html-to-text (v10, which ships no type declarations) that the
 * portfolio transport uses. Options as documented in the package's README.
 */
declare module 'html-to-text' {
	export interface SelectorDefinition {
		selector: string;
		/** A built-in formatter: `skip`, `dataTable`, `inline`, `block`, ... */
		format?: string;
		options?: Record<string, unknown>;
	}

	export interface HtmlToTextOptions {
		wordwrap?: number | false | null;
		selectors?: SelectorDefinition[];
		limits?: { maxInputLength?: number; maxDepth?: number; maxChildNodes?: number; ellipsis?: string };
		baseElements?: { selectors?: string[]; orderBy?: 'selectors' | 'occurrence'; returnDomByDefault?: boolean };
	}

	export function convert(html: string, options?: HtmlToTextOptions): string;
}
