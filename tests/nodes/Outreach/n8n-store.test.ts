/**
 * The n8n store on the deduplicator the test engine gives n8n-core (it awaits
 * between read and write, as n8n's database-backed one does). Shows both
 * halves of the claim: n8n's raw helpers double-grant under concurrency; the
 * store, which serialises them, grants exactly once.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { parseAddress } from '../../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage } from '../../../core/outreach/message';
import { N8nStore } from '../../../nodes/shared/state';
import { SmtpMailer } from '../../../transport/smtp';
import { deduplicator } from '../../helpers/engine';
import { storeContract } from '../../core/state/contract';
import { startSmtpServer } from '../../servers/smtp';

let workflowCounter = 0;

/** The two helpers n8n-core binds for a node, over the engine's deduplicator, for workflow `id`. */
function ctxFor(id: string): IExecuteFunctions {
	const context = { workflow: { id }, node: { id: 'n', name: 'Outreach' } } as never;
	return {
		getWorkflow: () => ({ id }),
		getNode: () => ({ id: 'n', name: 'Outreach' }),
		helpers: {
			checkProcessedAndRecord: (items: string[], scope: 'node', _options: unknown) =>
				deduplicator.checkProcessedAndRecord(items, scope, context),
			removeProcessed: (items: string[], scope: 'node', _options: unknown) =>
				deduplicator.removeProcessed(items, scope, context),
		},
	} as unknown as IExecuteFunctions;
}

storeContract(
	'N8nStore',
	async () => {
		let now = 1_000_000;
		const store = new N8nStore(ctxFor(`wf-contract-${workflowCounter++}`), { now: () => now });
		// A bucketed claim is held between one and two TTLs: move past two.
		return {
			store,
			advance: async (ms) => {
				now += 2 * ms;
			},
		};
	},
	undefined,
	{ counterTtl: false },
);

describe('N8nStore versus the raw deduplication helpers', () => {
	it('raw checkProcessedAndRecord grants one key to several concurrent callers (the bug)', async () => {
		const ctx = ctxFor('wf-raw');
		const answers = await Promise.all(
			Array.from({ length: 20 }, () => ctx.helpers.checkProcessedAndRecord(['alice@example.com'], 'workflow', { mode: 'entries' })),
		);
		const granted = answers.filter((a) => a.new.length === 1).length;
		expect(granted).toBeGreaterThan(1);
	});

	it('a node guarding sends with the raw helpers alone double-sends real mail; with N8nStore it sends 100 of 100', async () => {
		const smtp = await startSmtpServer();
		try {
			const template = compileOutreachTemplate({ campaign: 'c', subject: 'Hi', text: 'Hi' });
			const recipients = Array.from({ length: 100 }, (_, i) => `r${i}@example.com`);
			const from = { address: parseAddress('desk@agency.test', 'from') };
			const execution = async (claim: (key: string) => Promise<boolean>): Promise<void> => {
				const mailer = new SmtpMailer({ host: smtp.host, port: smtp.port }, from);
				for (const email of recipients) {
					if (await claim(email)) await mailer.send(composeMessage(template, {}, { address: parseAddress(email, 'email') }, 'smtp'));
				}
				mailer.close();
			};
			const raw = ctxFor('wf-raw-send');
			await Promise.all(
				Array.from({ length: 10 }, () =>
					execution(async (key) => (await raw.helpers.checkProcessedAndRecord([key], 'workflow', { mode: 'entries' })).new.length === 1),
				),
			);
			const rawCount = smtp.messages.length;
			expect(rawCount).toBeGreaterThan(100);

			await Promise.all(Array.from({ length: 10 }, () => execution((key) => new N8nStore(ctxFor('wf-store-send')).claim(key))));
			expect(smtp.messages.length - rawCount).toBe(100);
		} finally {
			await smtp.stop();
		}
	});

	it('N8nStore grants the same key exactly once to concurrent callers from separate executions', async () => {
		const stores = Array.from({ length: 20 }, () => new N8nStore(ctxFor('wf-serialised')));
		const granted = await Promise.all(stores.map((s) => s.claim('alice@example.com')));
		expect(granted.filter(Boolean)).toHaveLength(1);
	});

	it('keeps a TTL claim at least the TTL and at most twice it', async () => {
		let now = 0;
		const store = new N8nStore(ctxFor('wf-ttl'), { now: () => now });
		const ttl = 1_000;
		now = 1_999; // late in bucket 1
		expect(await store.claim('k', ttl)).toBe(true);
		now = 1_999 + 999;
		expect(await store.claim('k', ttl)).toBe(false); // within the TTL
		now = 3_000; // bucket 3: neither 3 nor 2 recorded, gap 1001 >= ttl
		expect(await store.claim('k', ttl)).toBe(true);
		now = 3_000 + 1_999; // bucket 4: bucket 3 still counts
		expect(await store.claim('k', ttl)).toBe(false);
		now = 5_000; // bucket 5: free after 2 * ttl
		expect(await store.claim('k', ttl)).toBe(true);
	});

	it('release after a TTL claim frees the key for a retry', async () => {
		const store = new N8nStore(ctxFor('wf-release'));
		expect(await store.claim('k', 60_000)).toBe(true);
		await store.release('k');
		expect(await store.claim('k', 60_000)).toBe(true);
	});

	it('counts beyond one probing batch', async () => {
		const store = new N8nStore(ctxFor('wf-count'));
		expect(await store.increment('day', 70)).toBe(70);
		expect(await store.increment('day')).toBe(71);
		expect(await store.increment('day', -5)).toBe(66);
		expect(await store.counts(['day', 'other'])).toEqual([66, 0]);
	});
});
