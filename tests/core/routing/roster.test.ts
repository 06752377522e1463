import { readFileSync } from 'node:fs';
import path from 'node:path';

import { InputError } from '../../../core/errors';
import { isOutOfOffice, localDate, parseRoster } from '../../../core/routing/roster';

const FIXTURE = path.join(__dirname, '../../fixtures/routing/roster.json');

function fieldOf(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		if (e instanceof InputError) return `${e.field}: ${e.message}`;
		throw e;
	}
	throw new Error('did not throw');
}

const base = { name: 'A', email: 'a@x.example', pipelines: ['engineer'] };

describe('parseRoster', () => {
	it('reads the fixture roster with defaults filled in', () => {
		const roster = parseRoster(JSON.parse(readFileSync(FIXTURE, 'utf8')));
		expect(roster).toHaveLength(4);
		expect(roster[3].dailyCapacity).toBeUndefined();
		expect(roster[3]).toMatchObject({ weight: 1, outOfOffice: [], active: true, timeZone: 'America/Mexico_City' });
	});

	it('accepts spreadsheet-style rows: lists as text, numbers as text, date ranges as text', () => {
		const [owner] = parseRoster([
			{ name: 'B', email: ' B@X.example ', pipelines: 'engineer, hybrid', roles: 'llm_engineer', skills: 'RAG; LLM', weight: '2', dailyCapacity: '5', outOfOffice: '2025-01-01..2025-01-03, 2025-02-10', timeZone: 'Europe/Paris', active: 'true' },
		]);
		expect(owner).toEqual({
			name: 'B',
			email: 'b@x.example',
			pipelines: ['engineer', 'hybrid'],
			roles: ['llm_engineer'],
			skills: ['rag', 'llm'],
			weight: 2,
			dailyCapacity: 5,
			outOfOffice: [{ from: '2025-01-01', to: '2025-01-03' }, { from: '2025-02-10', to: '2025-02-10' }],
			timeZone: 'Europe/Paris',
			active: true,
		});
	});

	it('accepts { owners: [...] } and JSON text', () => {
		expect(parseRoster({ owners: [base] })).toHaveLength(1);
		expect(parseRoster(JSON.stringify([base]))).toHaveLength(1);
	});

	it.each<[string, unknown, string]>([
		['empty list', [], 'roster: is empty: add at least one owner'],
		['empty text', '', 'roster: is empty: add at least one owner'],
		['missing', undefined, 'roster: is missing: give a list of owners'],
		['not JSON', '[{', 'roster: is not valid JSON'],
		['not a list', { name: 'x' }, 'roster: must be a list of owners'],
		['bad email', [base, { ...base, email: 'nope' }], 'roster[1].email: must be an email address'],
		['duplicate email', [base, { ...base, email: 'A@x.example' }], 'roster[1].email: duplicates roster[0].email'],
		['unknown pipeline', [{ ...base, pipelines: ['sales'] }], 'roster[0].pipelines[0]: Invalid enum value'],
		['no pipelines', [{ ...base, pipelines: [] }], 'roster[0].pipelines: must name at least one pipeline'],
		['bad time zone', [{ ...base, timeZone: 'Mars/Olympus' }], 'roster[0].timeZone: must be an IANA time zone'],
		['zero weight', [{ ...base, weight: 0 }], 'roster[0].weight: must be greater than 0'],
		['text weight', [{ ...base, weight: 'heavy' }], 'roster[0].weight: Expected number'],
		['fractional capacity', [{ ...base, dailyCapacity: 2.5 }], 'roster[0].dailyCapacity: must be a whole number'],
		['bad date', [{ ...base, outOfOffice: ['2025-13-01'] }], 'roster[0].outOfOffice[0].from: must be a date as YYYY-MM-DD'],
		['reversed range', [{ ...base, outOfOffice: [{ from: '2025-02-02', to: '2025-02-01' }] }], 'roster[0].outOfOffice[0].to: `from` must not be after `to`'],
		['missing name', [{ ...base, name: '' }], 'roster[0].name: must not be empty'],
	])('%s → error naming the field', (_name, input, expected) => {
		expect(fieldOf(() => parseRoster(input))).toContain(expected);
	});

	it('uses the caller field name in errors', () => {
		expect(fieldOf(() => parseRoster([{ ...base, email: '' }], 'team'))).toMatch(/^team\[0\]\.email/);
	});
});

describe('out of office', () => {
	it('is judged on the owner local date', () => {
		const owner = parseRoster([{ ...base, outOfOffice: ['2025-03-10'], timeZone: 'Pacific/Auckland' }])[0];
		// 2025-03-09T12:00Z is already 10 March in Auckland.
		const now = new Date('2025-03-09T12:00:00Z');
		expect(localDate(now, owner.timeZone)).toBe('2025-03-10');
		expect(isOutOfOffice(owner, localDate(now, owner.timeZone))).toBe(true);
		expect(isOutOfOffice(owner, localDate(now, 'UTC'))).toBe(false);
	});
});
