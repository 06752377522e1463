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
	// The learned Lead Classifier: the validation split (never trained on), then the development data (never trained on either).
	const root = path.resolve(__dirname, '..');
	const { evalModelOn } = await import('./eval-model');
	const { jsonlFilesIn } = await import('../cli/labelled');
	const validation = jsonlFilesIn(path.join(root, 'data', 'leads', 'validation'));
	process.stdout.write(
		`# Lead model on the validation split (data/leads/validation: a fixed 20% of every writer's leads, by SHA-1 of the id; no training run or rule change reads it)\n${evalModelOn('validation split', validation, { shapes: true })}\n`,
	);
	process.stdout.write(`\n# Lead model on ${path.join(dataDir, 'leads.jsonl')} (development data; never trained on)\n${evalModelOn('development leads', [path.join(dataDir, 'leads.jsonl')], { shapes: true })}\n`);
	const { evalLeads } = await import('./eval-leads');
	process.stdout.write(`\n# Rules alone on the development leads (${path.join(dataDir, 'leads.jsonl')}; the ruleset was tuned on them)\n${await evalLeads(dataDir)}\n`);
	const { evalCandidates, evalCandidateFiles } = await import('./eval-candidates');
	process.stdout.write(`\n# Candidates (${path.join(dataDir, 'candidates.jsonl')})\n${await evalCandidates(dataDir)}\n`);

	// Held-out sets written from the rubric alone, after (and by others than) the rules they test.
	// They were used to find gaps in the rules, so they are a check of the rules, not an unbiased estimate.
	const fixtures = path.resolve(__dirname, '..', 'tests', 'fixtures');
	const { evalLeadFile } = await import('./eval-leads');
	for (const file of ['heldout.jsonl', 'heldout-lead-engineer.jsonl']) {
		const full = path.join(fixtures, 'leads', file);
		process.stdout.write(`\n# Held-out leads, rules alone (tests/fixtures/leads/${file})\n${await evalLeadFile(full)}\n`);
	}
	const heldout = await evalCandidateFiles(
		path.join(fixtures, 'candidates', 'heldout.jsonl'),
		path.join(fixtures, 'github', 'heldout-github.json'),
	);
	process.stdout.write(`\n# Held-out candidates (tests/fixtures/candidates/heldout.jsonl)\n${heldout.report}\n`);

	// Every public source (FORMAT.md's layout): the small fixture written with the readers, then any directory named in
	// TALENT_PIPELINE_MULTISOURCE (a development set written independently, in the same layout).
	const { evalCandidateDir } = await import('./eval-candidates');
	const multi = await evalCandidateDir(path.join(fixtures, 'multisource'));
	process.stdout.write(`\n# Multi-source candidates (tests/fixtures/multisource; written with the readers, so a check, not an estimate)\n${multi.report}\n`);
	// data/candidates: 44 candidates written by two writers from the rubric and labelled twice, blind, which nobody who
	// wrote the readers saw: the validation split (SHA-1 of the id) and the rest, each through every source.
	const sets = path.join(root, 'data', 'candidates');
	for (const [part, what] of [
		['validation', 'validation split: a fixed 20% by SHA-1 of the id, never read while writing or tuning a rule'],
		['dev', 'development part: the other 80%'],
	] as const) {
		const result = await evalCandidateDir(sets, path.join(sets, part, 'candidates.jsonl'));
		process.stdout.write(`\n# Multi-source candidates, ${what} (data/candidates/${part})\n${result.report}\n`);
	}
	const extra = process.env.TALENT_PIPELINE_MULTISOURCE;
	if (extra) {
		const result = await evalCandidateDir(extra);
		process.stdout.write(`\n# Multi-source candidates (${extra})\n${result.report}\n`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`eval: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
