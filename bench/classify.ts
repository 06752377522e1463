import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { classifyLead, normaliseLead } from '../core/lead/classify';
import { compileRuleset, defaultRuleset } from '../core/lead/ruleset';
import type { Lead } from '../core/lead/schema';
import { cleanText } from '../core/text/clean';

/** Leads used for the benchmark: the repository's fixtures (never ../shared, which a user's clone lacks). */
function loadFixtureLeads(): Lead[] {
	// From source (bench/) the fixtures are one level up; compiled (dist/bench/) two levels up.
	const candidates = [
		path.resolve(__dirname, '..', 'tests', 'fixtures', 'leads'),
		path.resolve(__dirname, '..', '..', 'tests', 'fixtures', 'leads'),
	];
	const dir = candidates.find((d) => existsSync(d));
	if (!dir) throw new Error(`lead fixtures not found (looked in ${candidates.join(', ')})`);
	const leads: Lead[] = [];
	for (const file of ['sample.jsonl', 'heldout.jsonl', 'dev-sample.jsonl']) {
		const full = path.join(dir, file);
		if (!existsSync(full)) continue;
		for (const line of readFileSync(full, 'utf8').split('\n')) {
			if (line.trim() === '') continue;
			leads.push(normaliseLead(JSON.parse(line) as Record<string, unknown>));
		}
	}
	if (leads.length === 0) throw new Error(`no leads in ${dir}`);
	return leads;
}

/**
 * Runs `fn` over the leads repeatedly for about `ms` milliseconds of CPU time and
 * returns leads per CPU-second: CPU time rather than wall time, so other processes
 * sharing the machine do not distort the figure ("on one core").
 */
export function throughput<T = Lead>(leads: T[], ms: number, fn: (lead: T) => unknown): number {
	let sink = 0;
	// Warm up so the JIT has compiled the hot path before timing.
	for (let i = 0; i < 500; i++) sink ^= fn(leads[i % leads.length]) ? 1 : 0;
	let done = 0;
	const start = process.cpuUsage();
	let usedMicros = 0;
	while (usedMicros < ms * 1000) {
		for (let i = 0; i < leads.length; i++) sink ^= fn(leads[i]) ? 1 : 0;
		done += leads.length;
		const used = process.cpuUsage(start);
		usedMicros = used.user + used.system;
	}
	if (sink === 42) process.stdout.write(''); // keep `sink` observable so nothing is optimised away
	return done / (usedMicros / 1e6);
}

/**
 * Lead Classifier (rules) throughput on one core, in process, with two baselines
 * measured in the same run: JSON parse+stringify of the same leads (the floor any
 * JSONL pipeline pays) and `cleanText` alone (the text-preparation share).
 */
export async function benchClassify(): Promise<void> {
	const leads = loadFixtureLeads();
	compileRuleset(defaultRuleset);
	const now = new Date('2025-01-01T00:00:00Z');
	const json = leads.map((l) => JSON.stringify(l));
	const big: Lead = { ...leads[0], message: `${leads[0].message ?? ''} `.repeat(Math.ceil(1_000_000 / ((leads[0].message ?? '').length + 1))) };

	const classify = throughput(leads, 1500, (lead) => classifyLead(lead, defaultRuleset, now));
	let j = 0;
	const jsonRate = throughput(leads, 800, () => JSON.stringify(JSON.parse(json[j++ % json.length])));
	const cleanRate = throughput(leads, 800, (lead) => cleanText(lead.message));
	const bigStart = process.hrtime.bigint();
	classifyLead(big, defaultRuleset, now);
	const bigMs = Number(process.hrtime.bigint() - bigStart) / 1e6;

	const avgChars = Math.round(leads.reduce((n, l) => n + (l.message?.length ?? 0), 0) / leads.length);
	const lines = [
		`classify (rules): ${leads.length} fixture leads, mean message ${avgChars} chars`,
		`  classifyLead            ${Math.round(classify).toLocaleString('en-US').padStart(10)} leads per CPU-second`,
		`  baseline JSON round-trip ${Math.round(jsonRate).toLocaleString('en-US').padStart(9)} leads/s  (classify is ${(jsonRate / classify).toFixed(1)}x slower)`,
		`  baseline cleanText only ${Math.round(cleanRate).toLocaleString('en-US').padStart(10)} leads/s  (classify is ${(cleanRate / classify).toFixed(1)}x slower)`,
		`  one 1 MB message        ${bigMs.toFixed(1).padStart(10)} ms (input capped before parsing)`,
		`  target >= 20,000 leads/s: ${classify >= 20_000 ? 'met' : 'NOT met'}`,
	];
	process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) {
	benchClassify().catch((error: unknown) => {
		process.stderr.write(`bench classify: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	});
}
