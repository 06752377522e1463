/**
 * `npm run bench`: throughput figures, each printed with a ratio against a
 * baseline measured in the same run (never absolute thresholds in tests).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const SUITES: Array<{ file: string; name: string; exported: string }> = [
	{ file: 'classify', name: 'Lead classification (rules)', exported: 'benchClassify' },
	{ file: 'model', name: 'Lead classification (learned model)', exported: 'benchModel' },
	{ file: 'engine', name: 'Lead Classifier in n8n-core', exported: 'benchEngine' },
	{ file: 'route', name: 'Brief routing', exported: 'benchRoute' },
	{ file: 'enrich', name: 'Candidate enrichment', exported: 'benchEnrich' },
	{ file: 'sources', name: 'Candidate sources (requests per candidate per source)', exported: 'benchSources' },
	{ file: 'outreach', name: 'Outreach rendering', exported: 'benchOutreach' },
];

async function main(): Promise<void> {
	const only = process.argv.slice(2);
	for (const suite of SUITES) {
		if (only.length > 0 && !only.includes(suite.file)) continue;
		if (!existsSync(path.join(__dirname, `${suite.file}.js`)) && !existsSync(path.join(__dirname, `${suite.file}.ts`))) continue;
		process.stdout.write(`\n## ${suite.name}\n`);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(`./${suite.file}`) as Record<string, () => Promise<void>>;
		await mod[suite.exported]();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
