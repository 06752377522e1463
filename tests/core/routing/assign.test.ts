import fc from 'fast-check';

import { selectOwner, type OwnerLoad, type Strategy } from '../../../core/routing/assign';
import { parseRoster, type Owner } from '../../../core/routing/roster';

const NOW = new Date('2025-06-02T10:00:00Z'); // a Monday

function roster(rows: Array<Record<string, unknown>>): Owner[] {
	return parseRoster(rows.map((r, i) => ({ name: `O${i}`, email: `o${i}@x.example`, pipelines: ['engineer'], ...r })));
}

const zero = (n: number): OwnerLoad[] => Array.from({ length: n }, () => ({ total: 0, today: 0 }));

describe('selectOwner', () => {
	it.each<[string, Array<Record<string, unknown>>, OwnerLoad[] | undefined, Strategy, Record<string, unknown>, number | string]>([
		['round robin picks the fewest per weight', [{}, {}], [{ total: 3, today: 0 }, { total: 2, today: 0 }], 'weightedRoundRobin', {}, 1],
		['ties fall to roster order', [{}, {}], undefined, 'weightedRoundRobin', {}, 0],
		['weight 2 takes the next lead while under twice the share', [{ weight: 2 }, {}], [{ total: 1, today: 0 }, { total: 1, today: 0 }], 'weightedRoundRobin', {}, 0],
		['skips other pipelines', [{ pipelines: ['consultant'] }, {}], undefined, 'weightedRoundRobin', {}, 1],
		['skips out of office', [{ outOfOffice: ['2025-06-02'] }, {}], undefined, 'weightedRoundRobin', {}, 1],
		['skips at capacity', [{ dailyCapacity: 2 }, {}], [{ total: 0, today: 2 }, { total: 5, today: 0 }], 'weightedRoundRobin', {}, 1],
		['skips inactive', [{ active: false }, {}], undefined, 'weightedRoundRobin', {}, 1],
		['prefers owners listing the role', [{ roles: ['mlops_engineer'] }, { roles: ['llm_engineer'] }], undefined, 'weightedRoundRobin', { role: 'llm_engineer' }, 1],
		['falls back to any owner when none lists the role', [{ roles: ['mlops_engineer'] }], undefined, 'weightedRoundRobin', { role: 'llm_engineer' }, 0],
		['least loaded counts today', [{}, {}], [{ total: 0, today: 3 }, { total: 9, today: 1 }], 'leastLoaded', {}, 1],
		['best skill match', [{ skills: ['kubernetes'] }, { skills: ['rag', 'llm'] }], undefined, 'bestSkillMatch', { stack: ['rag', 'llm', 'openai'] }, 1],
		['best skill match without overlap is round robin', [{ skills: ['x'] }, { skills: ['y'] }], [{ total: 2, today: 0 }, { total: 1, today: 0 }], 'bestSkillMatch', { stack: ['rag'] }, 1],
		['no owner covers the pipeline', [{ pipelines: ['consultant'] }], undefined, 'weightedRoundRobin', {}, 'no owner in the roster covers the engineer pipeline'],
		['everyone out of office', [{ outOfOffice: ['2025-06-01..2025-06-30'] }, { outOfOffice: ['2025-06-02'] }], undefined, 'weightedRoundRobin', {}, 'all 2 owner(s) of the engineer pipeline are unavailable (o0@x.example out of office, o1@x.example out of office)'],
	])('%s', (_name, rows, loads, strategy, extra, expected) => {
		const owners = roster(rows);
		const result = selectOwner({ owners, loads: loads ?? zero(owners.length), strategy, pipeline: 'engineer', now: NOW, ...extra });
		if (typeof expected === 'number') {
			expect(result.ok).toBe(true);
			if (result.ok) {
				expect(result.index).toBe(expected);
				expect(result.reason.length).toBeGreaterThan(10);
			}
		} else {
			expect(result).toMatchObject({ ok: false, reason: expected });
		}
	});

	it('explains the choice', () => {
		const owners = roster([{ weight: 2 }, { outOfOffice: ['2025-06-02'] }]);
		const result = selectOwner({ owners, loads: [{ total: 3, today: 1 }, { total: 0, today: 0 }], strategy: 'weightedRoundRobin', pipeline: 'engineer', now: NOW });
		expect(result.ok && result.reason).toBe(
			'weighted round robin: (assigned 3 + 1) / weight 2 = 2, the lowest among 1 eligible owner(s); skipped o1@x.example out of office',
		);
	});

	it('keeps every owner within one lead per weight unit (property)', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (weights, n) => {
				const owners = roster(weights.map((weight) => ({ weight })));
				const loads = zero(owners.length);
				for (let k = 0; k < n; k++) {
					const r = selectOwner({ owners, loads, strategy: 'weightedRoundRobin', pipeline: 'engineer', now: NOW });
					if (!r.ok) return false;
					loads[r.index].total++;
					// After every assignment (any prefix = any window from the start): n_i / w_i <= (n_j + 1) / w_j.
					for (let i = 0; i < owners.length; i++) {
						for (let j = 0; j < owners.length; j++) {
							if (loads[i].total / owners[i].weight > (loads[j].total + 1) / owners[j].weight + 1e-9) return false;
						}
					}
				}
				return true;
			}),
			{ numRuns: 200 },
		);
	});
});
