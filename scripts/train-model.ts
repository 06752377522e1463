/**
 * `npm run train:model`: trains the bundled lead model on the corpus in
 * data/leads/train (never data/leads/validation) and writes
 * core/model/lead-model.json. Deterministic: the same corpus and seed give
 * the same file.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

import { jsonlFilesIn, readLabelledFiles } from '../cli/labelled';
import { encodeModel } from '../core/model/model';
import { trainLeadModel } from '../core/model/train';

export const MODEL_VERSION = 'leads-2026.12.1';

function main(): void {
	const root = path.resolve(__dirname, '..');
	const files = jsonlFilesIn(path.join(root, 'data', 'leads', 'train'));
	const started = process.hrtime.bigint();
	const { leads, errors } = readLabelledFiles(files);
	if (errors.length) throw new Error(`corpus lines that cannot be used: ${JSON.stringify(errors.slice(0, 5))}`);
	const model = trainLeadModel(
		leads.map((l) => l.example),
		{ version: MODEL_VERSION, training: { corpus: 'data/leads/train', files: files.map((f) => path.basename(f)) }, onProgress: (n) => process.stderr.write(`train: ${n}\n`) },
	);
	const out = path.join(root, 'core', 'model', 'lead-model.json');
	const text = JSON.stringify(encodeModel(model));
	writeFileSync(out, text + '\n');
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	process.stdout.write(`${MODEL_VERSION}: ${leads.length} leads from ${files.length} files in ${seconds.toFixed(1)} s -> ${path.relative(root, out)} (${(text.length / 1e6).toFixed(2)} MB)\n`);
}

main();
