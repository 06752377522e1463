/**
 * The CLI's commands compose as a shell user expects: `classify | route` routes
 * each lead by the classification classify gave it (classify writes its labels
 * at the top level of a line; route reads them there), run as a real pipe of
 * two processes. And flags are parsed by node:util parseArgs.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { parseFlags } from '../../cli/io';

const ROOT = path.resolve(__dirname, '..', '..');
const LEADS = path.join(ROOT, 'tests', 'fixtures', 'routing', 'raw-leads.jsonl');
const ROSTER = path.join(ROOT, 'tests', 'fixtures', 'routing', 'roster.json');

interface Routed {
	id: string;
	output: string;
	reasons: string[];
	classification?: unknown;
}

/** Runs a shell pipeline of talent-pipeline commands (`tp` stands for the CLI) and parses its JSONL output. */
function pipeline(script: string): { status: number | null; stderr: string; lines: Routed[] } {
	const tp = `'${process.execPath}' -r ts-node/register/transpile-only '${path.join(ROOT, 'cli', 'talent-pipeline.ts')}'`;
	const result = spawnSync('bash', ['-o', 'pipefail', '-c', script.replace(/\btp\b/g, tp)], {
		cwd: ROOT,
		encoding: 'utf8',
		env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') },
		timeout: 90_000,
	});
	const lines = result.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Routed);
	return { status: result.status, stderr: result.stderr, lines };
}

describe('talent-pipeline classify | talent-pipeline route', () => {
	it('routes every lead by the classification classify gave it', () => {
		const now = '2025-06-02T10:00:00Z';
		const piped = pipeline(`tp classify < '${LEADS}' | tp route --roster '${ROSTER}' --now ${now}`);
		expect(piped.stderr).toBe('');
		expect(piped.status).toBe(0);
		// route alone classifies raw leads with the same bundled rules: the decisions must be the same.
		const direct = pipeline(`tp route --roster '${ROSTER}' --now ${now} < '${LEADS}'`);
		expect(direct.status).toBe(0);
		expect(piped.lines.map((l) => [l.id, l.output])).toEqual(direct.lines.map((l) => [l.id, l.output]));
		expect(new Set(piped.lines.map((l) => l.output)).size).toBeGreaterThan(1);
		for (const line of piped.lines) {
			expect(line.reasons.join(' ')).not.toMatch(/no classification/);
			// The classification came from classify, so route did not compute one.
			expect(line.classification).toBeUndefined();
		}
	}, 120_000);
});

describe('parseFlags (node:util parseArgs)', () => {
	const spec = { 'smtp-url': 'string', 'dry-run': 'boolean', input: 'string' } as const;

	it('keeps every = of a --flag=value value', () => {
		expect(parseFlags(['--smtp-url=smtp://h:25?ignoreTLS=true'], spec)).toMatchObject({ 'smtp-url': 'smtp://h:25?ignoreTLS=true' });
		expect(parseFlags(['--smtp-url', 'smtp://h:25?a=b=c', '--dry-run'], spec)).toMatchObject({ 'smtp-url': 'smtp://h:25?a=b=c', 'dry-run': true });
	});

	it.each([
		[['--bogus'], /^unknown option --bogus$/],
		[['--input'], /^--input needs a value$/],
		[['--dry-run=yes'], /^--dry-run takes no value$/],
		[['leads.jsonl'], /^unexpected argument 'leads.jsonl'$/],
		[['--input', '--dry-run'], /^--input needs a value; for one that starts with '-', write --input=VALUE$/],
	])('refuses %j', (args, message) => {
		expect(() => parseFlags(args, spec)).toThrow(message);
	});
});
