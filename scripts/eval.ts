/**
 * `npm run eval`: accuracy figures on the labelled development data in
 * ../shared/data (never shipped; the package is judged on data it never sees).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

async function main(): Promise<void> {
	const dataDir = process.env.TALENT_PIPELINE_DATA ?? path.resolve(__dirname, '..', '..', 'shared', 'data');
	if (!existsSync(dataDir)) {
		process.stderr.write(`eval: no labelled data at ${dataDir} (set TALENT_PIPELINE_DATA)\n`);
		process.exitCode = 2;
		return;
	}
	const { evalLeads } = await import('./eval-leads');
	process.stdout.write(`# Leads (${path.join(dataDir, 'leads.jsonl')})\n${await evalLeads(dataDir)}\n`);
	if (existsSync(path.join(__dirname, 'eval-candidates.ts'))) {
		const { evalCandidates } = await import('./eval-candidates');
		process.stdout.write(`\n# Candidates (${path.join(dataDir, 'candidates.jsonl')})\n${await evalCandidates(dataDir)}\n`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`eval: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
