/**
 * Features of a lead for the learned classifier: hashed word unigrams and
 * bigrams, hashed character n-grams (3 to 5 characters inside word
 * boundaries), and a few language-independent signals (the ruleset's fired
 * signals, company size, links, length). Every feature keeps where it came
 * from, so a decision can say which words pushed it.
 *
 * Pure and deterministic: no global state but constant tables; linear in the
 * text (the message is already bounded by `cleanText`).
 */

/** Feature groups, each L2-normalised on its own so that long messages do not drown the signals. */
export const GROUPS = ['word', 'char', 'signal'] as const;
export type Group = (typeof GROUPS)[number];

/** Where a feature came from: a token (index into `tokens`) or a named signal. */
export interface FeatureVector {
	/** Hashed bucket of each feature (< 2^bits). */
	index: Int32Array;
	/** Its value after tf scaling, idf and per-group normalisation. */
	value: Float32Array;
	/** For explanations: `>= 0` a token index, `< 0` the signal `names[-source - 1]`. */
	source: Int32Array;
	/** Feature kind per entry: 0 word, 1 bigram, 2 char n-gram, 3 signal. */
	kind: Uint8Array;
	tokens: string[];
	names: string[];
	length: number;
}

/** What the featuriser reads: text already cleaned and folded by `matchText`, plus named signals. */
export interface FeatureInput {
	text: string;
	/** Language-independent signals, e.g. `sig:job_seeker.cv`, `size:250+`, `links:4+`. */
	signals: string[];
}

export interface FeatureOptions {
	bits: number;
	/** Inverse document frequency per bucket (`idf[bucket * idfStride]`), or null before training. */
	idf: Float32Array | null;
	/** Distance between two buckets' idf in `idf` (default 1; the packed model rows use 16). */
	idfStride?: number;
	/** Char n-gram sizes (default 3..5). */
	charMin?: number;
	charMax?: number;
}

const MAX_TOKENS = 1500;

/** Word numerals (accent-folded) in the agency's languages, read as quantities like digits. */
const NUMERALS = new Map<string, number>();
for (const [n, words] of [
	[1, 'one uno una um uma ein eine eins un une een jeden jedna jedno'],
	[2, 'two dos dois duas due zwei deux twee dwa dwie couple pair'],
	[3, 'three tres tre drei trois drie trzy'],
	[4, 'four cuatro quatro quattro vier quatre cztery'],
	[5, 'five cinco cinque funf cinq vijf piec'],
	[6, 'six seis sei sechs zes szesc'],
	[7, 'seven siete sete sette sieben sept zeven siedem'],
	[8, 'eight ocho oito otto acht huit osiem'],
	[9, 'nine nueve nove neun neuf negen dziewiec'],
	[10, 'ten diez dez dieci zehn dix tien dziesiec'],
	[12, 'twelve doce dodici zwolf douze twaalf dwanascie dozen'],
	[20, 'twenty veinte vinte venti zwanzig vingt twintig dwadziescia dozens'],
	[3, 'several few varios varias vari mehrere plusieurs meerdere kilka'],
	[10, 'many multiple numerous muchos muitos molti viele nombreux veel wiele hundreds'],
] as const) {
	for (const w of words.split(' ')) NUMERALS.set(w, n);
}

/** A quantity token: `#1`, `#few` (2-9) or `#many` (10 and more), so "three models" and "3 models" read alike. */
function quantity(token: string): string | null {
	let n: number | undefined;
	const first = token.charCodeAt(0);
	if (first >= 48 && first <= 57) {
		if (token.length > 7) return null;
		n = Number(token);
		if (!Number.isInteger(n)) return null;
		// Years are not counts of systems.
		if (n >= 1900 && n <= 2100) return '#year';
	} else {
		if (token.length > 12) return null;
		n = NUMERALS.get(token);
	}
	if (n === undefined) return null;
	return n <= 1 ? '#1' : n < 10 ? '#few' : '#many';
}

/**
 * Whether a UTF-16 unit belongs to a word: ASCII letters and digits, and any
 * non-ASCII unit outside the punctuation and space blocks (the text is
 * already folded, so Latin accents are gone; other scripts count as letters).
 */
function isWordUnit(c: number): boolean {
	if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
	if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba;
	if (c === 0xd7 || c === 0xf7) return false;
	if (c >= 0x2000 && c <= 0x2bff) return false; // punctuation, symbols, arrows, dingbats
	if (c >= 0x3000 && c <= 0x303f) return false; // CJK punctuation
	if (c >= 0xfe30 && c <= 0xfe6f) return false;
	if (c >= 0xff00 && c <= 0xff0f) return false;
	if (c >= 0xd800 && c <= 0xdfff) return false; // emoji and other astral symbols
	return true;
}

/** Splits matched text into tokens, quantities normalised. */
export function tokenize(text: string): string[] {
	const out: string[] = [];
	const n = text.length;
	let i = 0;
	while (i < n && out.length < MAX_TOKENS) {
		while (i < n && !isWordUnit(text.charCodeAt(i))) i++;
		const start = i;
		while (i < n && isWordUnit(text.charCodeAt(i))) i++;
		if (i > start) {
			const token = text.slice(start, i);
			out.push(quantity(token) ?? token);
		}
	}
	return out;
}

/** FNV-1a over a string's UTF-16 units, with a seed per feature kind. */
function hashString(s: string, seed: number): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

function mix(a: number, b: number): number {
	let h = Math.imul(a ^ (b + 0x9e3779b9 + (a << 6) + (a >>> 2)), 0x85ebca6b);
	h ^= h >>> 13;
	return Math.imul(h, 0xc2b2ae35) >>> 0;
}

const SEED_WORD = 1;
const SEED_BIGRAM = 2;
const SEED_CHAR = 3;
const SEED_SIGNAL = 4;

/** Growable scratch arrays, reused across calls (featurisation is synchronous). */
class Scratch {
	index = new Int32Array(8192);
	source = new Int32Array(8192);
	kind = new Uint8Array(8192);
	n = 0;
	private countBuf = new Float32Array(8192);
	private firstBuf = new Int32Array(8192);
	counts(n: number): Float32Array {
		if (this.countBuf.length < n) this.countBuf = new Float32Array(n);
		return this.countBuf;
	}
	first(n: number): Int32Array {
		if (this.firstBuf.length < n) this.firstBuf = new Int32Array(n);
		return this.firstBuf;
	}
	push(index: number, source: number, kind: number): void {
		if (this.n === this.index.length) {
			const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
				const b = make(a.length * 2);
				b.set(a);
				return b;
			};
			this.index = grow(this.index, (n) => new Int32Array(n));
			this.source = grow(this.source, (n) => new Int32Array(n));
			this.kind = grow(this.kind, (n) => new Uint8Array(n));
		}
		this.index[this.n] = index;
		this.source[this.n] = source;
		this.kind[this.n] = kind;
		this.n++;
	}
}
const scratch = new Scratch();
const slotTables = new Map<number, Int32Array>();
/** A zeroed bucket -> slot+1 table per hash size, left zeroed after every use. */
function slotTable(bits: number): Int32Array {
	let table = slotTables.get(bits);
	if (!table) {
		table = new Int32Array(1 << bits);
		slotTables.set(bits, table);
	}
	return table;
}

/**
 * The feature vector of one lead. Counts per bucket are tf-scaled
 * (1 + ln count), multiplied by idf when given, and L2-normalised per group.
 */
export function featurize(input: FeatureInput, opts: FeatureOptions): FeatureVector {
	const mask = (1 << opts.bits) - 1;
	const stride = opts.idfStride ?? 1;
	const charMin = opts.charMin ?? 3;
	const charMax = opts.charMax ?? 5;
	const tokens = tokenize(input.text);
	const names = input.signals;
	scratch.n = 0;

	const tokenHashes = new Uint32Array(tokens.length);
	for (let t = 0; t < tokens.length; t++) {
		const token = tokens[t];
		const h = hashString(token, SEED_WORD);
		tokenHashes[t] = h;
		scratch.push(h & mask, t, 0);
		if (t > 0) scratch.push(mix(tokenHashes[t - 1] ^ SEED_BIGRAM, h) & mask, t - 1, 1);
		// Character n-grams of " token ": robust to inflection, compounds and typos.
		if (token.charCodeAt(0) === 35) continue; // quantities have no spelling
		const len = token.length + 2;
		for (let start = 0; start + charMin <= len; start++) {
			let ch = (0x811c9dc5 ^ SEED_CHAR) >>> 0;
			for (let k = 0; k < charMax && start + k < len; k++) {
				const pos = start + k;
				const code = pos === 0 || pos === len - 1 ? 32 : token.charCodeAt(pos - 1);
				ch ^= code;
				ch = Math.imul(ch, 0x01000193);
				if (k + 1 >= charMin) scratch.push((ch ^ (k + 1)) & mask, t, 2);
			}
		}
	}
	for (let s = 0; s < names.length; s++) scratch.push(hashString(names[s], SEED_SIGNAL) & mask, -s - 1, 3);

	// Merge duplicates in one pass: a bucket -> slot table, reset afterwards (only the touched entries).
	const n = scratch.n;
	const slots = slotTable(opts.bits);
	const counts = scratch.counts(n);
	const first = scratch.first(n);
	let m = 0;
	for (let i = 0; i < n; i++) {
		const bucket = scratch.index[i];
		const slot = slots[bucket];
		if (slot > 0) {
			counts[slot - 1]++;
			continue;
		}
		if (opts.idf && opts.idf[bucket * stride] === 0) continue; // switched off in training: costs nothing further
		slots[bucket] = m + 1;
		first[m] = i;
		counts[m] = 1;
		m++;
	}
	const index = new Int32Array(m);
	const value = new Float32Array(m);
	const source = new Int32Array(m);
	const kind = new Uint8Array(m);
	for (let j = 0; j < m; j++) {
		const i = first[j];
		const bucket = scratch.index[i];
		slots[bucket] = 0;
		index[j] = bucket;
		source[j] = scratch.source[i];
		kind[j] = scratch.kind[i];
		value[j] = (1 + Math.log(counts[j])) * (opts.idf ? opts.idf[bucket * stride] : 1);
	}
	// Per-group L2 normalisation: words+bigrams, chars, signals.
	const norms = [0, 0, 0];
	const groupOf = (k: number): number => (k <= 1 ? 0 : k === 2 ? 1 : 2);
	for (let i = 0; i < m; i++) norms[groupOf(kind[i])] += value[i] * value[i];
	for (let g = 0; g < 3; g++) norms[g] = norms[g] > 0 ? 1 / Math.sqrt(norms[g]) : 0;
	for (let i = 0; i < m; i++) value[i] *= norms[groupOf(kind[i])];
	return { index, value, source, kind, tokens, names, length: m };
}

/** The text a feature stands for, for explanations. */
export function featureText(vector: FeatureVector, i: number): string {
	const s = vector.source[i];
	if (s < 0) return vector.names[-s - 1];
	if (vector.kind[i] === 1) return `${vector.tokens[s]} ${vector.tokens[s + 1] ?? ''}`.trim();
	return vector.tokens[s];
}

export const FEATURE_KINDS = ['word', 'bigram', 'chars', 'signal'] as const;
