/**
 * Every pattern the package runs on untrusted text is linear in the text's
 * length: the Lead Classifier's ruleset (as compiled, branch by branch), the
 * vetting rules, and the text cleaner. A test of complexity, not of machine
 * speed: each pattern's time on 100 KB is compared with its own time on 10 KB
 * (linear: about 10x; quadratic: about 100x), for every pattern whose 10 KB
 * time stands out against a trivially linear scan of the same input measured
 * in the same run (the others cost no more than reading the text).
 */
import { HF_RELEASE_PURPOSE } from '../../core/candidate/huggingface';
import { MERGED_PR_RULES } from '../../core/candidate/merged';
import { PORTFOLIO_RULES } from '../../core/candidate/portfolio';
import * as candidateRules from '../../core/candidate/rules';
import { compileRuleset, defaultRuleset } from '../../core/lead/ruleset';
import { SECRET_SHAPES_FOR_TESTS } from '../../core/redact';
import { cleanText, foldText } from '../../core/text/clean';

const SMALL = 10_000;
const LARGE = 100_000;
/** Linear scales by 10; allow noise and GC up to 30 (quadratic would be ~100). */
const MAX_RATIO = 30;
/** A pattern whose 100 KB time is within this factor of a plain linear scan is not worth a ratio. */
const CHEAP_FACTOR = 10;

/** Inputs that make backtracking patterns rescan: runs of one character, and of it alternating with a word character, a digit or a space. */
const CHARS = " a1.,!-_/'&$\n";
const INPUTS: Array<[string, (n: number) => string]> = [];
for (const ch of CHARS) {
	INPUTS.push([`${JSON.stringify(ch)} run`, (n) => ch.repeat(n)]);
	for (const other of [' ', 'a', '1']) if (other !== ch) INPUTS.push([`${JSON.stringify(ch + other)} run`, (n) => (ch + other).repeat(n / 2)]);
}
/** Words of real leads, repeated: prefixes that match and suffixes that never come. */
INPUTS.push(['"we need our " run', (n) => 'we need our '.repeat(n / 12)], ['"looking for a " run', (n) => 'looking for a '.repeat(n / 14)]);
/** Look-alikes of the secret shapes core/redact.ts removes. */
for (const word of ['sk-', 'xoxb-', 'ghp_', 'authorization:', 'bearer ', 'x://a', 'auth plain ']) INPUTS.push([`${JSON.stringify(word)} run`, (n) => word.repeat(n / word.length)]);

/**
 * Milliseconds per call: calls repeated until 5 ms have passed (so a fast
 * pattern is not measured at the clock's resolution), the fastest of `runs`
 * such rounds (the least disturbed by GC and the scheduler).
 */
function timeMs(fn: () => void, runs = 3): number {
	let best = Infinity;
	for (let i = 0; i < runs; i++) {
		let calls = 0;
		const t = process.hrtime.bigint();
		let elapsed = 0;
		do {
			fn();
			calls++;
			elapsed = Number(process.hrtime.bigint() - t) / 1e6;
		} while (elapsed < 5 && calls < 1000);
		best = Math.min(best, elapsed / calls);
	}
	return best;
}

function scanAll(re: RegExp, text: string): void {
	const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
	let k = 0;
	for (const _ of text.matchAll(g)) if (++k > 1e6) break;
}

const texts = INPUTS.map(([name, make]) => ({ name, small: make(SMALL), large: make(LARGE) }));
/** The linear baseline: a pattern shaped like the rules (word boundary, alternation, gap), linear by construction. */
const BASELINE = /\b(?:alpha|beta|gamma|delta)\s+(?:one|two)\b/g;
let baseline: Map<string, number>;

beforeAll(() => {
	baseline = new Map(texts.map((t) => [t.name, Math.max(0.01, timeMs(() => scanAll(BASELINE, t.small)))]));
});

function superLinear(subject: (text: string) => void): string[] {
	const slow: string[] = [];
	for (const t of texts) {
		// Screen on 10 KB: a pattern as cheap as a plain scan there is not worth a ratio.
		const t0 = process.hrtime.bigint();
		subject(t.small);
		if (Number(process.hrtime.bigint() - t0) / 1e6 <= CHEAP_FACTOR * (baseline.get(t.name) ?? 0.01)) continue;
		// A ratio above the bound is measured again before it counts: a quadratic pattern is over it every time, a
		// busy machine's pause (another process, GC) only once.
		let verdict = '';
		for (let attempt = 0; attempt < 3; attempt++) {
			const small = Math.max(0.001, timeMs(() => subject(t.small)));
			// A regression that is quadratic costs ~100x its 10 KB time here: measure it once, not three times.
			const large = timeMs(() => subject(t.large), small > 20 ? 1 : 3);
			verdict = large / small > MAX_RATIO ? `${t.name}: ${small.toFixed(2)} ms on 10 KB, ${large.toFixed(2)} ms on 100 KB (x${(large / small).toFixed(0)})` : '';
			if (verdict === '' || small > 20) break;
		}
		if (verdict !== '') slow.push(verdict);
	}
	return slow;
}

/** Every string in the vetting rules that is a pattern (tuples, records and lists included), the merged-PR and portfolio readers' tables too. */
function candidatePatterns(): Array<[string, RegExp]> {
	const out: Array<[string, RegExp]> = [];
	const visit = (value: unknown, where: string): void => {
		if (typeof value === 'string') {
			try {
				out.push([where, new RegExp(value, 'gi')]);
			} catch {
				// Not a pattern (a version string that happens not to compile).
			}
		} else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
		else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`);
	};
	for (const [name, value] of Object.entries(candidateRules)) visit(value, name);
	visit(MERGED_PR_RULES, 'MERGED_PR_RULES');
	visit(PORTFOLIO_RULES, 'PORTFOLIO_RULES');
	visit(HF_RELEASE_PURPOSE, 'HF_RELEASE_PURPOSE');
	return out;
}

describe('patterns are linear-time on adversarial 100 KB inputs', () => {
	it('every compiled branch of the bundled lead ruleset', () => {
		const compiled = compileRuleset(defaultRuleset);
		const slow: string[] = [];
		let count = 0;
		for (const signal of compiled.signals) {
			signal.branches.forEach((branch, i) => {
				count++;
				for (const s of superLinear((text) => scanAll(branch.re, text))) slow.push(`${signal.name} branch ${i} /${branch.re.source.slice(0, 80)}/: ${s}`);
			});
		}
		expect(count).toBeGreaterThan(300);
		expect(slow).toEqual([]);
	});

	it('every pattern of the vetting rules', () => {
		const patterns = candidatePatterns();
		expect(patterns.length).toBeGreaterThan(30);
		const slow = patterns.flatMap(([where, re]) => superLinear((text) => scanAll(re, text)).map((s) => `${where}: ${s}`));
		expect(slow).toEqual([]);
	});

	it('the text cleaner and the redaction shapes', () => {
		const slow = [
			...superLinear((text) => cleanText(text, { maxRawChars: LARGE * 2, maxChars: LARGE * 2 })).map((s) => `cleanText: ${s}`),
			...superLinear((text) => foldText(text)).map((s) => `foldText: ${s}`),
			...SECRET_SHAPES_FOR_TESTS.flatMap((re) => superLinear((text) => scanAll(re, text)).map((s) => `redact /${re.source.slice(0, 40)}/: ${s}`)),
		];
		expect(slow).toEqual([]);
	});
});
