import { analyseLead, normaliseLead } from '../../../core/lead/classify';
import { parseRoster } from '../../../core/routing/roster';
import { routeRecord } from '../../../core/routing/router';
import { MemoryStore } from '../../../core/state/memory';
import type { StateStore } from '../../../core/state/store';

const NOW = new Date('2025-06-02T10:00:00Z');
const LEAD = {
	id: 'L-1',
	message:
		'We have labelled sensor data and a clear target. We need an ML engineer to build, validate and deploy a predictive maintenance model into production.',
};
const roster = parseRoster([{ name: 'Ana', email: 'ana@example.com', pipelines: ['engineer', 'hybrid', 'consultant'] }]);

/** A store that records every write, so a test can see that nothing was charged. */
function recordingStore(): { store: StateStore; writes: string[] } {
	const inner = new MemoryStore({ now: () => NOW.getTime() });
	const writes: string[] = [];
	const store: StateStore = {
		claim: (k, t) => (writes.push(`claim ${k}`), inner.claim(k, t)),
		isClaimed: (k) => inner.isClaimed(k),
		release: (k) => inner.release(k),
		increment: (k, by, t) => (writes.push(`increment ${k}`), inner.increment(k, by, t)),
		counts: (k) => inner.counts(k),
		withLock: (n, fn) => inner.withLock(n, fn),
	};
	return { store, writes };
}

const deps = (store: StateStore) => ({
	now: NOW,
	store,
	toLead: (r: Record<string, unknown>) => ({ lead: normaliseLead(r), cleaned: false }),
	classify: (lead: ReturnType<typeof normaliseLead>) => {
		const analysis = analyseLead(lead, undefined, NOW);
		return { classification: analysis.classification, cleanedMessage: analysis.message };
	},
});

describe('routeRecord', () => {
	it('routes an engineering lead to its owner with a deadline', async () => {
		const { store, writes } = recordingStore();
		const routed = await routeRecord(LEAD, { assign: { roster, strategy: 'weightedRoundRobin' } }, deps(store));
		expect(routed.output).toBe('engineer');
		expect(routed.owner?.email).toBe('ana@example.com');
		expect(routed.slaDueAt).toBe('2025-06-02T14:00:00.000Z');
		expect(writes.length).toBeGreaterThan(0);
	});

	it('a bad SLA setting fails the lead before any owner is charged for it', async () => {
		const { store, writes } = recordingStore();
		await expect(
			routeRecord(LEAD, { assign: { roster, strategy: 'weightedRoundRobin', slaHours: { engineer: 600 } } }, deps(store)),
		).rejects.toThrow(/slaHours|520/);
		expect(writes).toEqual([]);
	});
});
