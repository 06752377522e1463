/**
 * Concurrent executions of one workflow assign every lead exactly once and
 * keep owners fair, with n8n's own store (serialised within the process; the
 * test engine's deduplicator awaits between read and write like a database)
 * and with Redis (the lock queue-mode workers share).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { closeStateConnections } from '../../../nodes/shared/state';
import { runWorkflow } from '../../helpers/engine';
import { startRedis, type RedisServer } from '../../servers/redis';
import { readJsonl, routed, routerWorkflow } from './workflow';

const ENGINE_LEAD = readJsonl('classified-leads.jsonl')[0]; // an engineer-track lead

const ROSTER = [
	{ name: 'A', email: 'a@x.example', pipelines: ['engineer'], weight: 1 },
	{ name: 'B', email: 'b@x.example', pipelines: ['engineer'], weight: 2 },
	{ name: 'C', email: 'c@x.example', pipelines: ['engineer'], weight: 3 },
];

const EXECUTIONS = 40;
const LEADS_PER_EXECUTION = 3;

/** Runs EXECUTIONS executions at once; every lead id is also sent by a second execution (a retried webhook). */
async function runConcurrently(id: string, parameters: IDataObject, credentials?: Record<string, IDataObject>): Promise<INodeExecutionData[]> {
	const distinct = (EXECUTIONS * LEADS_PER_EXECUTION) / 2;
	const results = await Promise.all(
		Array.from({ length: EXECUTIONS }, (_, e) =>
			runWorkflow(
				routerWorkflow({
					id,
					parameters: { roster: JSON.stringify(ROSTER), ...parameters },
					credentials: credentials ? { talentPipelineRedis: { id: '1', name: 'Redis' } } : undefined,
				}),
				{
					items: Array.from({ length: LEADS_PER_EXECUTION }, (_, k) => ({
						...ENGINE_LEAD,
						id: `L-${(e * LEADS_PER_EXECUTION + k) % distinct}`,
					})),
					credentials: credentials as never,
				},
			),
		),
	);
	return results.flatMap((result) => {
		expect(result.error).toBeUndefined();
		const out = routed(result);
		expect(out.review).toEqual([]);
		return out.engineer;
	});
}

function check(items: INodeExecutionData[]): void {
	expect(items).toHaveLength(EXECUTIONS * LEADS_PER_EXECUTION);
	const ownerOf = new Map<string, Set<string>>();
	const counts = new Map(ROSTER.map((o) => [o.email, 0]));
	for (const item of items) {
		const email = String((item.json.owner as IDataObject).email);
		const id = String(item.json.id);
		ownerOf.set(id, new Set([...(ownerOf.get(id) ?? []), email]));
		if (!(item.json.assignment as IDataObject).reused) counts.set(email, counts.get(email)! + 1);
	}
	// Each lead has exactly one owner, and was counted once.
	for (const owners of ownerOf.values()) expect(owners.size).toBe(1);
	expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(ownerOf.size);
	// Fair: no owner more than one lead per weight unit ahead of another.
	for (const a of ROSTER) {
		for (const b of ROSTER) {
			expect(counts.get(a.email)! / a.weight).toBeLessThanOrEqual((counts.get(b.email)! + 1) / b.weight + 1e-9);
		}
	}
}

describe('Brief Router under concurrent executions', () => {
	it("with n8n's database (dedup helpers, serialised in-process)", async () => {
		check(await runConcurrently('wf-concurrency-n8n', { stateBackend: 'n8n' }));
	});

	describe('with Redis (queue mode)', () => {
		let redis: RedisServer;
		beforeAll(async () => {
			redis = await startRedis();
		});
		afterAll(async () => {
			await closeStateConnections();
			await redis.stop();
		});

		it('assigns each lead once and stays fair', async () => {
			check(
				await runConcurrently('wf-concurrency-redis', { stateBackend: 'redis' }, {
					talentPipelineRedis: { host: redis.host, port: redis.port, database: 0, ssl: false, prefix: 'router-test:' },
				}),
			);
		});
	});
});
