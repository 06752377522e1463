/**
 * End-to-end benchmark on a real n8n 2.x (regular mode, SQLite): webhook -> routed response, p50/p95 latency
 * (one request at a time) and throughput (8 at a time), for this package's Lead Classifier + Brief Router
 * against the same routing built from n8n's own Code + Switch nodes (bench/e2e/baseline-routing.json),
 * measured in one run, interleaved so drift hits both alike. Target: package p50 <= 1.2x the baseline's.
 *
 * Run with `npx ts-node --transpile-only scripts/n8n/bench-e2e.ts` (npm run bench:e2e). It lives under
 * scripts/ rather than bench/ because it drives n8n through the e2e helpers, which must not be compiled into
 * the package's dist/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { N8nClient, startN8n, type N8nInstance, type WorkflowBody } from '../../tests/e2e/helpers/n8n';
import { buildAndPack, ensureN8nInstalled, N8N_VERSION, REPO } from '../../tests/e2e/helpers/runtime';
import { loadWorkflowFile, postWebhook, waitForWebhook, webhookPaths } from '../../tests/e2e/helpers/workflows';

interface Variant {
	key: string;
	label: string;
	file: string;
	url: string;
	latencies: number[];
	throughput: number;
}

const ROUNDS = Number(process.env.TP_BENCH_ROUNDS ?? 10);
const PER_ROUND = Number(process.env.TP_BENCH_PER_ROUND ?? 30);
const THROUGHPUT_REQUESTS = Number(process.env.TP_BENCH_THROUGHPUT ?? 400);
const CONCURRENCY = 8;

function loadLeads(): Array<Record<string, unknown>> {
	const dir = path.join(REPO, 'tests', 'fixtures', 'leads');
	return ['sample.jsonl', 'dev-sample.jsonl', 'heldout.jsonl'].flatMap((file) =>
		readFileSync(path.join(dir, file), 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const { labels: _labels, ...lead } = JSON.parse(line) as Record<string, unknown>;
				return lead;
			}),
	);
}

function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[index];
}

async function call(url: string, lead: Record<string, unknown>): Promise<number> {
	const res = await postWebhook(url, lead, {}, 30_000);
	if (res.status !== 200 || typeof (res.body as { output?: unknown }).output !== 'string') {
		throw new Error(`${url}: HTTP ${res.status}: ${res.text.slice(0, 300)}`);
	}
	return res.ms;
}

/** Runs the benchmark and returns the report it prints. */
export async function benchE2e(): Promise<string> {
	await ensureN8nInstalled();
	const work = mkdtempSync(path.join(tmpdir(), 'tp-bench-e2e-'));
	let n8n: N8nInstance | undefined;
	try {
		const tarball = await buildAndPack(work);
		n8n = await startN8n({ workDir: work, tarball, env: { N8N_LOG_LEVEL: 'warn' } });
		const client = new N8nClient(n8n.baseUrl);
		await client.bootstrap();

		const variants: Variant[] = [];
		for (const [key, label, file] of [
			['baseline', 'baseline: Code + Switch', 'baseline-routing.json'],
			['package', 'package: Lead Classifier + Brief Router', 'package-routing.json'],
			['assign', 'package, with owner assignment', 'package-routing-assign.json'],
		]) {
			const body: WorkflowBody = loadWorkflowFile(path.join(REPO, 'bench', 'e2e', file));
			const wf = await client.createWorkflow(body);
			await client.activateWorkflow(wf.id);
			const url = `${n8n.baseUrl}/webhook/${webhookPaths(body)[0]}`;
			await waitForWebhook(url);
			variants.push({ key, label, file, url, latencies: [], throughput: 0 });
		}

		const leads = loadLeads();
		let next = 0;
		const lead = () => leads[next++ % leads.length];

		// Warm-up: JIT, n8n's caches, the task runner of the Code node.
		for (let i = 0; i < 40; i++) for (const v of variants) await call(v.url, lead());

		// Latency, one request at a time, variants interleaved round by round in rotating order.
		for (let round = 0; round < ROUNDS; round++) {
			const order = variants.map((_, i) => variants[(i + round) % variants.length]);
			for (const v of order) for (let i = 0; i < PER_ROUND; i++) v.latencies.push(await call(v.url, lead()));
		}

		// Throughput: CONCURRENCY requests in flight until THROUGHPUT_REQUESTS are answered.
		for (const v of variants) {
			let issued = 0;
			const started = performance.now();
			await Promise.all(
				Array.from({ length: CONCURRENCY }, async () => {
					while (issued < THROUGHPUT_REQUESTS) {
						issued++;
						await call(v.url, lead());
					}
				}),
			);
			v.throughput = THROUGHPUT_REQUESTS / ((performance.now() - started) / 1000);
		}

		const base = variants[0];
		const stats = variants.map((v) => {
			const sorted = [...v.latencies].sort((a, b) => a - b);
			return { v, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
		});
		const baseP50 = stats[0].p50;
		const lines = [
			`E2E webhook -> routed response: n8n ${N8N_VERSION}, regular mode (SQLite), one process; ${ROUNDS * PER_ROUND} sequential calls per variant, then ${THROUGHPUT_REQUESTS} at concurrency ${CONCURRENCY}`,
			'',
			`${'variant'.padEnd(42)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'req/s'.padStart(9)}${'p50 vs base'.padStart(13)}${'req/s vs base'.padStart(15)}`,
			...stats.map(
				({ v, p50, p95 }) =>
					`${v.label.padEnd(42)}${p50.toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}${v.throughput.toFixed(1).padStart(9)}${`${(p50 / baseP50).toFixed(2)}x`.padStart(13)}${`${(v.throughput / base.throughput).toFixed(2)}x`.padStart(15)}`,
			),
			'',
			`target: package p50 <= 1.2x baseline p50: ${stats[1].p50 / baseP50 <= 1.2 ? 'met' : 'NOT met'} (${(stats[1].p50 / baseP50).toFixed(2)}x)`,
		];
		const report = lines.join('\n');
		process.stdout.write(`${report}\n`);
		return report;
	} finally {
		await n8n?.stop();
		rmSync(work, { recursive: true, force: true });
	}
}

if (require.main === module) {
	benchE2e().catch((error: unknown) => {
		process.stderr.write(`bench:e2e: ${error instanceof Error ? error.stack : String(error)}\n`);
		process.exitCode = 1;
	});
}
