import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../../core/errors';
import { classifyLead } from '../../../core/lead/classify';
import { compileRuleset, defaultRuleset, mergeRuleset, parseRuleset, type Ruleset } from '../../../core/lead/ruleset';

const RULESET_FILE = path.resolve(__dirname, '..', '..', '..', 'core', 'lead', 'default-ruleset.json');

function clone(): Record<string, unknown> {
	return JSON.parse(readFileSync(RULESET_FILE, 'utf8')) as Record<string, unknown>;
}

function fieldOf(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		if (e instanceof InputError) return e.field;
		throw e;
	}
	return undefined;
}

describe('parseRuleset', () => {
	test('the shipped ruleset is valid and versioned', () => {
		const rs = parseRuleset(clone());
		expect(rs.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(defaultRuleset.version).toBe(rs.version);
		for (const label of ['disposition', 'stage', 'track', 'primaryRole', 'priority'] as const) {
			expect(rs.signals[label].length).toBeGreaterThan(0);
		}
	});

	test.each<[string, (rs: Record<string, any>) => void, string]>([
		['regex that does not compile', (rs) => (rs.signals.disposition[3].patterns = ['ok', '(unclosed']), 'signals.disposition[3].patterns[1]'],
		['unknown label value', (rs) => (rs.signals.stage[0].value = 'mature'), 'signals.stage[0].value'],
		['missing weight', (rs) => delete rs.signals.track[2].weight, 'signals.track[2].weight'],
		['signal without patterns', (rs) => (rs.signals.primaryRole[1] = { name: 'x', value: 'ml_engineer', weight: 1 }), 'signals.primaryRole[1].patterns'],
		['duplicate signal name', (rs) => (rs.signals.disposition[1].name = rs.signals.disposition[0].name), 'signals.disposition[1].name'],
		['bad also vote', (rs) => (rs.signals.stage[0].also = [{ label: 'track', value: 'nope', weight: 1 }]), 'signals.stage[0].also[0].value'],
		['bad default', (rs) => (rs.defaults.stage = 'late'), 'defaults.stage'],
		['missing version', (rs) => delete rs.version, 'version'],
		['unknown top-level key', (rs) => (rs.extra = 1), '(root)'],
		['negative softness', (rs) => (rs.thresholds.confidenceSoftness = -1), 'thresholds.confidenceSoftness'],
	])('%s → InputError naming %s', (_name, mutate, field) => {
		const rs = clone();
		mutate(rs);
		expect(fieldOf(() => parseRuleset(rs))).toBe(field);
	});

	test.each([null, 42, 'x', []])('non-object %p', (value) => {
		expect(() => parseRuleset(value)).toThrow(InputError);
	});

	test('compiles once per ruleset object', () => {
		expect(compileRuleset(defaultRuleset)).toBe(compileRuleset(defaultRuleset));
	});
});

describe('mergeRuleset', () => {
	test('replaces a signal by name, appends new ones, suffixes the version', () => {
		const merged = mergeRuleset(defaultRuleset, {
			signals: {
				disposition: [
					{ name: 'spam.test', value: 'spam', weight: 0, patterns: ['never-matches-zzz'] },
					{ name: 'spam.custom', value: 'spam', weight: 20, patterns: ['\\bmagic beans\\b'] },
				],
			},
			thresholds: { maxLinks: 10 },
		});
		expect(merged.version).toBe(`${defaultRuleset.version}+custom`);
		expect(merged.signals.disposition.find((s) => s.name === 'spam.test')?.weight).toBe(0);
		expect(merged.thresholds.maxLinks).toBe(10);
		expect(merged.thresholds.stopwords).toEqual(defaultRuleset.thresholds.stopwords);
		expect(classifyLead({ message: 'We need an ML engineer to sell magic beans' }, merged).disposition).toBe('spam');
		expect(classifyLead({ message: 'test - please ignore' }, merged).reasons.some((r) => r.signal === 'spam.test')).toBe(false);
	});

	test('merges priority one level deeper', () => {
		const merged = mergeRuleset(defaultRuleset, { version: '2.0.0', priority: { companySize: { '250+': 40 } } });
		expect(merged.version).toBe('2.0.0');
		expect(merged.priority.companySize['250+']).toBe(40);
		expect(merged.priority.companySize['10-50']).toBe(defaultRuleset.priority.companySize['10-50']);
	});

	test.each<[unknown, string]>([
		[{ signals: { stage: [{ name: 'x', value: 'early', weight: 1, patterns: ['(('] }] } }, 'signals.stage[0].patterns[0]'],
		[{ signals: { stage: [{ name: 'x', value: 'later', weight: 1, patterns: ['a'] }] } }, 'signals.stage[0].value'],
		[{ signals: { stage: 'nope' } }, 'signals.stage'],
		[{ thresholds: 3 }, 'thresholds'],
		[{ bogus: true }, 'bogus'],
		[[], '(root)'],
	])('bad override %p names %s', (override, field) => {
		expect(fieldOf(() => mergeRuleset(defaultRuleset, override))).toBe(field);
	});

	test('does not modify the base ruleset', () => {
		const before = JSON.stringify(defaultRuleset);
		mergeRuleset(defaultRuleset as Ruleset, { signals: { track: [{ name: 'new', value: 'hybrid', weight: 1, keywords: ['both'] }] } });
		expect(JSON.stringify(defaultRuleset)).toBe(before);
	});
});
