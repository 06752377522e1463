/**
 * Literal prefiltering for rule sets with many regexes. Running a hundred
 * regexes over every message costs a scan of the message per regex; most of
 * them cannot match because a word they need is absent. Here each regex gets a
 * *gate*: a set of literal strings at least one of which appears in any text
 * the regex matches (derived from the pattern itself, so it is sound for any
 * pattern, including user-written ones). One Aho-Corasick pass over the text
 * finds which literals occur; only regexes whose gate fired are run.
 */

/** Shortest literal worth gating on: "ai", "ml" and "cv" are legitimate signals. */
const DEFAULT_MIN_LITERAL = 2;

/**
 * Literal strings, at least one of which occurs (lowercased) in every match of
 * `source`, or null when no such set can be derived (the regex must always run).
 * Sound by construction: anything the parser does not understand counts as
 * "could match anything" and only ever makes the answer weaker.
 */
export function requiredLiterals(source: string, minLength = DEFAULT_MIN_LITERAL): string[] | null {
	const parser = new Parser(source, minLength);
	try {
		const result = parser.alternation();
		if (parser.pos !== source.length) return null;
		return result === null ? null : [...new Set(result)];
	} catch {
		return null;
	}
}

/**
 * Literal strings one of which every match of `source` *starts with* (after
 * zero-width assertions such as `\b` or a lookbehind), or null. When known, a
 * caller may try the regex (sticky) only at the places those literals occur,
 * which finds exactly the match a full scan would find: the leftmost one.
 */
export function leadingLiterals(source: string): string[] | null {
	const parser = new Parser(source, 1);
	try {
		const result = parser.leadingAlternation();
		if (parser.pos !== source.length) return null;
		return result === null ? null : [...new Set(result)];
	} catch {
		return null;
	}
}

type Lits = string[] | null;

class Parser {
	pos = 0;
	constructor(
		private readonly src: string,
		private readonly minLength: number,
	) {}

	alternation(): Lits {
		const branches: Lits[] = [this.concatenation()];
		while (this.src[this.pos] === '|') {
			this.pos++;
			branches.push(this.concatenation());
		}
		if (branches.some((b) => b === null)) return null;
		return (branches as string[][]).flat();
	}

	leadingAlternation(): Lits {
		const branches: Lits[] = [this.leadingConcatenation()];
		while (this.src[this.pos] === '|') {
			this.pos++;
			branches.push(this.leadingConcatenation());
		}
		if (branches.some((b) => b === null)) return null;
		return (branches as string[][]).flat();
	}

	/** The prefix literals of one branch: zero-width atoms skipped, then a literal run or a group. */
	private leadingConcatenation(): Lits {
		let result: Lits | undefined;
		let run = '';
		let done = false;
		while (this.pos < this.src.length) {
			const ch = this.src[this.pos];
			if (ch === '|' || ch === ')') break;
			const start = this.pos;
			const zeroWidth = this.isZeroWidthAt(start);
			const atom = zeroWidth ? this.skipZeroWidth() : this.leadingAtom();
			const min = zeroWidth ? null : this.quantifier();
			if (done || zeroWidth) continue;
			if (atom.kind === 'char' && min === null) {
				run += atom.char;
				continue;
			}
			if (run !== '') {
				result = [run];
				done = true;
				continue;
			}
			if (atom.kind === 'group' && (min === null || min >= 1)) result = atom.lits;
			else result = null;
			done = true;
		}
		if (!done) result = run !== '' ? [run] : null;
		return result ?? null;
	}

	private isZeroWidthAt(pos: number): boolean {
		const src = this.src;
		if (src[pos] === '^' || src[pos] === '$') return true;
		if (src[pos] === '\\' && (src[pos + 1] === 'b' || src[pos + 1] === 'B')) return true;
		return src.startsWith('(?=', pos) || src.startsWith('(?!', pos) || src.startsWith('(?<=', pos) || src.startsWith('(?<!', pos);
	}

	private skipZeroWidth(): { kind: 'other' } {
		if (this.src[this.pos] === '(') this.atom();
		else this.pos += this.src[this.pos] === '\\' ? 2 : 1;
		return { kind: 'other' };
	}

	/** Like `atom`, but a group's literals are its leading literals. */
	private leadingAtom(): { kind: 'char'; char: string } | { kind: 'group'; lits: Lits } | { kind: 'other' } {
		if (this.src[this.pos] !== '(') return this.atom();
		this.pos++;
		if (this.src[this.pos] === '?') {
			if (this.src[this.pos + 1] === ':') this.pos += 2;
			else if (this.src[this.pos + 1] === '<') {
				const end = this.src.indexOf('>', this.pos);
				if (end === -1) throw new Error('bad group name');
				this.pos = end + 1;
			} else throw new Error('unknown group');
		}
		const lits = this.leadingAlternation();
		if (this.src[this.pos] !== ')') throw new Error('unclosed group');
		this.pos++;
		return { kind: 'group', lits };
	}

	private concatenation(): Lits {
		const candidates: string[][] = [];
		let run = '';
		const flush = (): void => {
			if (run.length >= this.minLength) candidates.push([run]);
			run = '';
		};
		while (this.pos < this.src.length) {
			const ch = this.src[this.pos];
			if (ch === '|' || ch === ')') break;
			const atom = this.atom();
			const min = this.quantifier();
			if (atom.kind === 'char') {
				if (min === null) run += atom.char;
				else {
					if (min >= 1) run += atom.char;
					flush();
				}
			} else if (atom.kind === 'group') {
				flush();
				if ((min === null || min >= 1) && atom.lits !== null) candidates.push(atom.lits);
			} else {
				flush();
			}
		}
		flush();
		if (candidates.length === 0) return null;
		// Prefer the candidate whose shortest literal is longest (fewer false gate hits), then the smallest set.
		let bestSet = candidates[0];
		let bestScore = score(bestSet);
		for (const c of candidates.slice(1)) {
			const s = score(c);
			if (s[0] > bestScore[0] || (s[0] === bestScore[0] && s[1] < bestScore[1])) {
				bestSet = c;
				bestScore = s;
			}
		}
		return bestSet;
	}

	atom(): { kind: 'char'; char: string } | { kind: 'group'; lits: Lits } | { kind: 'other' } {
		const src = this.src;
		const ch = src[this.pos];
		if (ch === '(') {
			this.pos++;
			let lookaround = false;
			if (src[this.pos] === '?') {
				const next = src[this.pos + 1];
				if (next === ':') this.pos += 2;
				else if (next === '=' || next === '!') {
					this.pos += 2;
					lookaround = true;
				} else if (next === '<' && (src[this.pos + 2] === '=' || src[this.pos + 2] === '!')) {
					this.pos += 3;
					lookaround = true;
				} else if (next === '<') {
					const end = src.indexOf('>', this.pos);
					if (end === -1) throw new Error('bad group name');
					this.pos = end + 1;
				} else throw new Error('unknown group');
			}
			const lits = this.alternation();
			if (src[this.pos] !== ')') throw new Error('unclosed group');
			this.pos++;
			return lookaround ? { kind: 'other' } : { kind: 'group', lits };
		}
		if (ch === '[') {
			this.pos++;
			if (src[this.pos] === '^') this.pos++;
			if (src[this.pos] === ']') this.pos++;
			while (this.pos < src.length && src[this.pos] !== ']') {
				if (src[this.pos] === '\\') this.pos++;
				this.pos++;
			}
			if (src[this.pos] !== ']') throw new Error('unclosed class');
			this.pos++;
			return { kind: 'other' };
		}
		if (ch === '\\') {
			const c = src[this.pos + 1];
			if (c === undefined) throw new Error('trailing backslash');
			this.pos += 2;
			if (/[a-zA-Z0-9]/.test(c)) {
				// Classes, assertions, control escapes, back-references, \x \u \p \k \c: never a plain literal.
				if (c === 'x') this.pos += 2;
				else if (c === 'u') {
					if (src[this.pos] === '{') this.pos = src.indexOf('}', this.pos) + 1;
					else this.pos += 4;
				} else if ((c === 'p' || c === 'P') && src[this.pos] === '{') this.pos = src.indexOf('}', this.pos) + 1;
				else if (c === 'k' && src[this.pos] === '<') this.pos = src.indexOf('>', this.pos) + 1;
				else if (c === 'c') this.pos += 1;
				if (this.pos <= 0) throw new Error('bad escape');
				return { kind: 'other' };
			}
			return { kind: 'char', char: c.toLowerCase() };
		}
		this.pos++;
		if (ch === '.' || ch === '^' || ch === '$') return { kind: 'other' };
		return { kind: 'char', char: ch.toLowerCase() };
	}

	/** Minimum repeat count of the quantifier after an atom, or null when there is none. */
	quantifier(): number | null {
		const src = this.src;
		const ch = src[this.pos];
		let min: number | null = null;
		if (ch === '*' || ch === '?') {
			min = 0;
			this.pos++;
		} else if (ch === '+') {
			min = 1;
			this.pos++;
		} else if (ch === '{') {
			const m = /^\{(\d+)(,\d*)?\}/.exec(src.slice(this.pos, this.pos + 24));
			// In non-unicode regexes a `{` that is not a quantifier is a literal character.
			if (!m) return null;
			min = parseInt(m[1], 10);
			this.pos += m[0].length;
		}
		if (min !== null && src[this.pos] === '?') this.pos++;
		return min;
	}
}

/**
 * Splits a regex source at its top-level `|` (outside groups and classes), so
 * each branch can be gated and run on its own: `a|(b|c)|d` gives `a`, `(b|c)`, `d`.
 */
export function splitTopLevel(source: string): string[] {
	const parts: string[] = [];
	let depth = 0;
	let inClass = false;
	let start = 0;
	for (let i = 0; i < source.length; i++) {
		const ch = source[i];
		if (ch === '\\') {
			i++;
			continue;
		}
		if (inClass) {
			if (ch === ']') inClass = false;
			continue;
		}
		if (ch === '[') inClass = true;
		else if (ch === '(') depth++;
		else if (ch === ')') depth--;
		else if (ch === '|' && depth === 0) {
			parts.push(source.slice(start, i));
			start = i + 1;
		}
	}
	parts.push(source.slice(start));
	return parts;
}

/**
 * Lowercases a regex source outside escapes, so a pattern can run without the
 * `i` flag on text that is already lowercased (faster, same matches).
 */
export function lowercasePattern(source: string): string {
	let out = '';
	for (let i = 0; i < source.length; i++) {
		const ch = source[i];
		if (ch === '\\') {
			out += ch + (source[i + 1] ?? '');
			i++;
		} else out += ch.toLowerCase();
	}
	return out;
}

function score(set: string[]): [number, number] {
	let shortest = Infinity;
	for (const s of set) if (s.length < shortest) shortest = s.length;
	return [shortest, set.length];
}

/**
 * Aho-Corasick automaton over many literals, compiled to a DFA over the
 * characters the literals use (every other character leads back to the root),
 * so a scan is one table lookup per character. Built once per rule set.
 */
export class LiteralMatcher {
	readonly size: number;
	private readonly lengths: Uint32Array;
	/** Character code → alphabet class (0: a character no literal contains). */
	private readonly asciiClass = new Uint8Array(128);
	private readonly otherClass = new Map<number, number>();
	private readonly width: number;
	private readonly delta: Uint16Array | Uint32Array;
	/** Literal ids ending at each node: `outIds[outStart[node] .. outStart[node + 1])`. */
	private readonly outStart: Uint32Array;
	private readonly outIds: Uint32Array;

	constructor(literals: readonly string[]) {
		this.size = literals.length;
		this.lengths = Uint32Array.from(literals, (l) => l.length);
		let classes = 1;
		const classOf = (c: number): number => {
			if (c < 128) {
				if (this.asciiClass[c] === 0) this.asciiClass[c] = classes++;
				return this.asciiClass[c];
			}
			let k = this.otherClass.get(c);
			if (k === undefined) {
				k = classes++;
				this.otherClass.set(c, k);
			}
			return k;
		};
		// Trie first (sparse), then the dense DFA once the alphabet is known.
		const trie: Array<Map<number, number>> = [new Map()];
		const outs: number[][] = [[]];
		literals.forEach((literal, id) => {
			let node = 0;
			for (let i = 0; i < literal.length; i++) {
				const k = classOf(literal.charCodeAt(i));
				let child = trie[node].get(k);
				if (child === undefined) {
					child = trie.length;
					trie.push(new Map());
					outs.push([]);
					trie[node].set(k, child);
				}
				node = child;
			}
			outs[node].push(id);
		});
		const width = classes;
		// Number the nodes breadth-first so the shallow ones, where a scan spends nearly all
		// its time, share a few cache lines of the transition table.
		const order: number[] = [0];
		for (let q = 0; q < order.length; q++) {
			const children = [...trie[order[q]].entries()].sort((x, y) => x[0] - y[0]);
			for (const [, child] of children) order.push(child);
		}
		const renumber = new Uint32Array(trie.length);
		order.forEach((oldId, newId) => (renumber[oldId] = newId));
		const nodes = order.length;
		const delta: Uint16Array | Uint32Array = nodes < 65536 ? new Uint16Array(nodes * width) : new Uint32Array(nodes * width);
		const fail = new Uint32Array(nodes);
		const outsBfs: number[][] = order.map((oldId) => outs[oldId]);
		for (let q = 0; q < nodes; q++) {
			const node = q;
			const f = fail[node];
			if (node !== 0 && outsBfs[f].length) outsBfs[node] = outsBfs[node].concat(outsBfs[f]);
			const own = trie[order[node]];
			for (let k = 0; k < width; k++) {
				const oldChild = own.get(k);
				if (oldChild !== undefined) {
					const child = renumber[oldChild];
					// Children of the root fail to the root; deeper ones to their failure node's transition.
					fail[child] = node === 0 ? 0 : delta[f * width + k];
					delta[node * width + k] = child;
				} else {
					delta[node * width + k] = node === 0 ? 0 : delta[f * width + k];
				}
			}
		}
		const outsFinal = outsBfs;
		this.width = width;
		this.delta = delta;
		this.outStart = new Uint32Array(outsFinal.length + 1);
		let total = 0;
		outsFinal.forEach((ids, node) => {
			this.outStart[node] = total;
			total += ids.length;
		});
		this.outStart[outsFinal.length] = total;
		this.outIds = new Uint32Array(total);
		outsFinal.forEach((ids, node) => this.outIds.set(ids, this.outStart[node]));
	}

	/**
	 * Records in `state` every literal occurring in `text`: `found[id] = 1`, newly found
	 * ids appended to `hits`, and each occurrence's start offset chained per literal id.
	 * Call `state.reset()` before reusing the state.
	 */
	scan(text: string, state: ScanState): void {
		const { found, hits, head, start, next } = state;
		const { delta, width, asciiClass, otherClass, outStart, outIds } = this;
		let node = 0;
		for (let i = 0; i < text.length; i++) {
			const c = text.charCodeAt(i);
			const k = c < 128 ? asciiClass[c] : (otherClass.get(c) ?? 0);
			node = delta[node * width + k];
			const end = outStart[node + 1];
			for (let j = outStart[node]; j < end; j++) {
				const id = outIds[j];
				if (found[id] === 0) {
					found[id] = 1;
					hits.push(id);
				}
				start.push(i + 1 - this.lengths[id]);
				next.push(head[id]);
				head[id] = start.length - 1;
			}
		}
	}
}

/**
 * Reusable scan state: which literals occurred and where. Classification is
 * synchronous, so one state per view can be reused lead after lead; `reset`
 * clears only what the last scan touched.
 */
export class ScanState {
	readonly found: Uint8Array;
	/** Per literal id, the latest occurrence (index into `start`/`next`), -1 when none. */
	readonly head: Int32Array;
	readonly hits: number[] = [];
	readonly start: number[] = [];
	readonly next: number[] = [];

	constructor(size: number) {
		this.found = new Uint8Array(size);
		this.head = new Int32Array(size).fill(-1);
	}

	reset(): void {
		for (const id of this.hits) {
			this.found[id] = 0;
			this.head[id] = -1;
		}
		this.hits.length = 0;
		this.start.length = 0;
		this.next.length = 0;
	}

	/**
	 * The leftmost match of `sticky` starting where one of `ids` occurred: the same
	 * match an unanchored scan would find when every match starts with one of them.
	 */
	execAt(sticky: RegExp, text: string, ids: readonly number[]): RegExpExecArray | null {
		let best: RegExpExecArray | null = null;
		for (let i = 0; i < ids.length; i++) {
			for (let k = this.head[ids[i]]; k !== -1; k = this.next[k]) {
				const at = this.start[k];
				if (best !== null && at >= best.index) continue;
				sticky.lastIndex = at;
				const match = sticky.exec(text);
				if (match) best = match;
			}
		}
		return best;
	}
}
