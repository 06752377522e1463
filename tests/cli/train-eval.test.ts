import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { classify } from '../../cli/commands/classify';
import { evalCommand } from '../../cli/commands/eval';
import { train } from '../../cli/commands/train';
import { decodeModel } from '../../core/model/model';
import { runCommand } from '../helpers/cli';

const corpus = path.resolve(__dirname, '..', '..', 'data', 'leads');

/** A user's own labelled leads: a slice of the corpus, written as the README shows (with a BOM, as Windows tools write it). */
function userFile(dir: string): string {
	const lines = readFileSync(path.join(corpus, 'train', 'w1.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 120);
	const file = path.join(dir, 'labelled.jsonl');
	writeFileSync(file, '\uFEFF' + lines.join('\n') + '\n');
	return file;
}

describe('talent-pipeline train and eval on a user JSONL', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'tp-train-'));
	const input = userFile(dir);
	const out = path.join(dir, 'model.json');

	test('train writes a model file the node and the CLI load, and reports what it did', async () => {
		const run = await runCommand(train, ['--input', input, '--out', out, '--version', 'acme-1', '--epochs', '3']);
		expect(run.code).toBe(0);
		expect(run.lines[0]).toMatchObject({ model: out, version: 'acme-1', leads: 120, skipped: 0 });
		const model = decodeModel(readFileSync(out, 'utf8'));
		expect(model.version).toBe('acme-1');
	});

	test('eval prints per-label accuracy, confusion tables and calibration for that model', async () => {
		const run = await runCommand(evalCommand, ['--input', input, '--model', out]);
		expect(run.code).toBe(0);
		for (const text of ['disposition', 'stage', 'track', 'primaryRole', 'all four', 'ECE', 'AUROC', 'most confident 80%', 'Confusion: track']) {
			expect(run.stdout).toContain(text);
		}
		const json = await runCommand(evalCommand, ['--input', input, '--model', out, '--json']);
		const figures = json.lines[0] as { model: string; n: number; accuracy: Record<string, number>; auroc: number };
		expect(figures.model).toBe('acme-1');
		expect(figures.n).toBe(120);
		// It was trained on these leads: it must have learnt them.
		expect(figures.accuracy.disposition).toBeGreaterThan(0.9);
	});

	test('classify --model records the model version on every decision', async () => {
		const leads = path.join(dir, 'leads.jsonl');
		writeFileSync(leads, '{"id":"a","message":"We need an MLOps engineer to deploy and monitor our three fraud models."}\n{"id":"b","message":"hi"}\n');
		const run = await runCommand(classify, ['--input', leads, '--model', out]);
		expect(run.code).toBe(0);
		expect(run.lines).toHaveLength(2);
		for (const line of run.lines) expect(line).toMatchObject({ modelVersion: 'acme-1', method: 'model' });
	});

	test('lines that cannot be used are named by file, line and field; training refuses them unless told to skip', async () => {
		const bad = path.join(dir, 'bad.jsonl');
		const good = readFileSync(input, 'utf8').replace(/^\uFEFF/, '').split('\n').filter(Boolean).slice(0, 20);
		writeFileSync(bad, [...good, '{"message":"x","labels":{"disposition":"lead","stage":"growth"}}', 'not json', '{"message":"y"}'].join('\n'));
		const refused = await runCommand(train, ['--input', bad, '--out', path.join(dir, 'm2.json')]);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toContain('"line":21');
		expect(refused.stderr).toContain('"field":"labels.track"');
		expect(refused.stderr).toContain('"line":22');
		expect(refused.stderr).toContain('"field":"labels"');
		const skipped = await runCommand(train, ['--input', bad, '--out', path.join(dir, 'm2.json'), '--skip-invalid', '--epochs', '1']);
		expect(skipped.code).toBe(0);
		expect(skipped.lines[0]).toMatchObject({ leads: 20, skipped: 3 });
	});

	test('a file that is not a model is refused with the problem named', async () => {
		const notModel = path.join(dir, 'not-model.json');
		writeFileSync(notModel, '{"format":"x"}');
		const run = await runCommand(evalCommand, ['--input', input, '--model', notModel]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/not-model\.json: The model file is not a talent-pipeline\/lead-model@1 file at 'format'/);
	});

	test('usage errors exit 2', async () => {
		expect((await runCommand(train, ['--input', input])).code).toBe(2);
		expect((await runCommand(train, ['--input', input, '--out', out, '--epochs', '0'])).code).toBe(2);
		expect((await runCommand(evalCommand, [])).code).toBe(2);
	});
});
