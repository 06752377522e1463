import fc from 'fast-check';
import { LiteralMatcher, ScanState, leadingLiterals, lowercasePattern, requiredLiterals, splitTopLevel } from '../../../core/text/literals';

describe('requiredLiterals', () => {
	test.each([
		['\\bcv\\b', ['cv']],
		['\\bmodels?\\b', ['model']],
		['\\b(foo|bar)\\s+baz', ['baz']],
		['\\b(alpha|beta)\\s+x', ['alpha', 'beta']],
		['(?:a|b)', null],
		['\\d+', null],
		['colou?r', ['colo']],
		['(optional)?only', ['only']],
		['(?<![a-z])(?:ai|machine\\s+learning)(?![a-z])', ['ai', 'learning']],
		['ci\\/cd', ['ci/cd']],
	])('%s', (source, expected) => {
		const got = requiredLiterals(source);
		expect(got === null ? null : [...got].sort()).toEqual(expected === null ? null : [...expected].sort());
	});
});

describe('leadingLiterals', () => {
	test.each([
		['\\bcv\\b', ['cv']],
		['\\b(we|our)\\s+team', ['we', 'our']],
		['(?<![a-z])(?:ai|ml)(?![a-z])', ['ai', 'ml']],
		['\\d+\\s+models', null],
		['(a)?b', null],
		['(^|x)y', null],
	])('%s', (source, expected) => {
		expect(leadingLiterals(source)).toEqual(expected);
	});
});

test('splitTopLevel ignores bars inside groups and classes', () => {
	expect(splitTopLevel('a|(b|c)|[|]|\\|d')).toEqual(['a', '(b|c)', '[|]', '\\|d']);
});

test('lowercasePattern keeps escapes', () => {
	expect(lowercasePattern('EU\\s+AI\\bAct\\W')).toBe('eu\\s+ai\\bact\\W');
});

describe('LiteralMatcher', () => {
	test('finds exactly the literals a naive search finds, with every start offset', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(fc.stringOf(fc.constantFrom('a', 'b', 'c', 'é', ' '), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
				fc.stringOf(fc.constantFrom('a', 'b', 'c', 'é', ' ', 'x'), { maxLength: 60 }),
				(literals, text) => {
					const matcher = new LiteralMatcher(literals);
					const state = new ScanState(literals.length);
					matcher.scan(text, state);
					literals.forEach((literal, id) => {
						const expected: number[] = [];
						for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) expected.push(i);
						const got: number[] = [];
						for (let k = state.head[id]; k !== -1; k = state.next[k]) got.push(state.start[k]);
						expect(state.found[id] === 1).toBe(expected.length > 0);
						expect(got.sort((a, b) => a - b)).toEqual(expected);
					});
					state.reset();
					expect(state.hits).toEqual([]);
				},
			),
			{ numRuns: 300 },
		);
	});
});
