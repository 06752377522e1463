import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { buildBrief } from '../core/brief/build';
import { analyseLead, classifyLead, normaliseLead } from '../core/lead/classify';
import type { Classification, Lead } from '../core/lead/schema';
import { decideRoute } from '../core/routing/route';
import { parseRoster } from '../core/routing/roster';
import { routeRecord, type RouterConfig, type RouterDeps } from '../core/routing/router';
import { MemoryStore } from '../core/state/memory';

/** The repository's fixtures (never ../shared, which a user's clone lacks), from source or from dist/bench. */
function fixturesDir(): string {
	const candidates = [path.resolve(__dirname, '..', 'tests', 'fixtures'), path.resolve(__dirname, '..', '..', 'tests', 'fixtures')];
	const dir = candidates.find((d) => existsSync(path.join(d, 'routing')));
	if (!dir) throw new Error(`fixtures not found (looked in ${candidates.join(', ')})`);
	return dir;
}

function readJsonl(file: string): Array<Record<string, unknown>> {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Raw leads (no classification): the routing fixtures plus the classifier's, without their labels. */
function loadRecords(dir: string): Array<Record<string, unknown>> {
	const records = [
		...readJsonl(path.join(dir, 'routing', 'raw-leads.jsonl')),
		...['sample.jsonl', 'heldout.jsonl', 'dev-sample.jsonl'].flatMap((f) => readJsonl(path.join(dir, 'leads', f))),
	].map((r) => {
		const { labels: _labels, classification: _classification, ...lead } = r;
		return lead;
	});
	if (records.length === 0) throw new Error(`no leads in ${dir}`);
	return records;
}

/** Calls `fn` over the records for about `ms` milliseconds; returns records per second. */
async function throughput(
	records: Array<Record<string, unknown>>,
	ms: number,
	fn: (record: Record<string, unknown>, i: number) => unknown,
): Promise<number> {
	let sink = 0;
	for (let i = 0; i < 100; i++) sink ^= (await fn(records[i % records.length], i)) ? 1 : 0; // warm-up
	let done = 0;
	const start = process.hrtime.bigint();
	const deadline = start + BigInt(ms) * 1_000_000n;
	let now = start;
	while (now < deadline) {
		for (let i = 0; i < records.length; i++) sink ^= (await fn(records[i], done + i)) ? 1 : 0;
		done += records.length;
		now = process.hrtime.bigint();
	}
	if (sink === 42) process.stdout.write(''); // keeps `sink` observable so nothing is optimised away
	return done / (Number(now - start) / 1e9);
}

function rate(n: number): string {
	return `${Math.round(n).toLocaleString('en-US').padStart(10)} leads/s`;
}

/**
 * Brief Router throughput in process, one core: classify + route + brief +
 * owner assignment (weighted round robin over a MemoryStore, under its lock)
 * + SLA, against classification alone measured in the same run. The middle
 * figures split the cost: routing and the brief without assignment, and the
 * brief builder alone.
 */
export async function benchRoute(): Promise<void> {
	const dir = fixturesDir();
	const records = loadRecords(dir);
	const roster = parseRoster(JSON.parse(readFileSync(path.join(dir, 'routing', 'roster.json'), 'utf8')));
	const now = new Date('2025-06-02T10:00:00Z');
	const leads: Lead[] = records.map((r) => normaliseLead(r));
	const classifications: Classification[] = leads.map((l) => classifyLead(l, undefined, now));

	const deps = (store?: MemoryStore): RouterDeps => ({
		now,
		store,
		toLead: (r) => ({ lead: normaliseLead(r), cleaned: false }),
		classify: (lead) => {
			const analysis = analyseLead(lead, undefined, now);
			return { classification: analysis.classification, cleanedMessage: analysis.message };
		},
	});
	const withOwners: RouterConfig = { assign: { roster, strategy: 'weightedRoundRobin', sticky: false } };

	const classifyOnly = await throughput(records, 1200, (r) => classifyLead(normaliseLead(r), undefined, now));
	const routeOnly = await throughput(records, 1200, (r) => routeRecord(r, {}, deps()));
	const store = new MemoryStore();
	const full = await throughput(records, 1500, (r) => routeRecord(r, withOwners, deps(store)));
	const briefOnly = await throughput(records, 800, (_r, i) => {
		const c = classifications[i % classifications.length];
		return c.stage && c.track ? buildBrief(leads[i % leads.length], c) : decideRoute(c);
	});

	const lines = [
		`route: ${records.length} fixture leads (raw, classified by the router), roster of ${roster.length} owners`,
		`  classify + route + brief + assign + SLA ${rate(full)}`,
		`  classify + route + brief (no owners)    ${rate(routeOnly)}`,
		`  brief builder alone (pre-classified)    ${rate(briefOnly)}`,
		`  baseline: classification alone          ${rate(classifyOnly)}`,
		`  full routing costs ${(classifyOnly / full).toFixed(2)}x the classification alone ` +
			`(routing + brief ${(classifyOnly / routeOnly).toFixed(2)}x; assignment adds ${(routeOnly / full).toFixed(2)}x)`,
	];
	process.stdout.write(lines.join('\n') + '\n');
	await store.close();
}

if (require.main === module) {
	benchRoute().catch((error: unknown) => {
		process.stderr.write(`bench route: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	});
}
