import { writeFileSync } from 'node:fs';

import { encodeModel } from '../../core/model/model';
import { trainLeadModel } from '../../core/model/train';
import { commandFlags, type Command } from '../io';
import { bundledCorpusDir, jsonlFilesIn, readLabelledFiles, type LabelledError } from '../labelled';
import { loadRuleset } from './classify';

const HELP = `Usage: talent-pipeline train --input FILE[,FILE...] --out MODEL.json [--with-bundled]
                             [--version NAME] [--epochs N] [--seed N] [--ruleset FILE] [--skip-invalid]

Trains the Lead Classifier's model on your own labelled leads and writes a model file
that the node (Options > Model) and 'classify --model' load.

Input: JSONL, one lead per line with a 'labels' object of the rubric's fields:
  {"message": "...", "company": "...", "companySize": "50-250",
   "labels": {"disposition": "lead", "stage": "growth", "track": "engineer", "primaryRole": "ml_engineer"}}
Non-leads carry only "disposition" (job_seeker, vendor or spam). Track "consultant" means
primaryRole "ai_consultant".

Options:
  --input FILES    labelled JSONL files, comma-separated
  --out FILE       where to write the model (JSON)
  --with-bundled   also train on the corpus bundled in the repository (data/leads/train)
  --version NAME   recorded as modelVersion on every decision (default custom-<date>)
  --epochs N       passes over the data (default 8)
  --seed N         training seed (default 20261201): same data and seed, same model
  --ruleset FILE   the ruleset whose signals are features (default the bundled one)
  --skip-invalid   train on the readable lines when some cannot be used (they are listed)
Prints one JSON line: {"model", "version", "leads", "skipped", "bytes", "seconds"}.`;

/** `talent-pipeline train`: fits the lead model to a user's labelled leads. */
export const train: Command = async (args) => {
	const flags = commandFlags(
		'train',
		args,
		{ input: 'string', out: 'string', 'with-bundled': 'boolean', version: 'string', epochs: 'string', seed: 'string', ruleset: 'string', 'skip-invalid': 'boolean' },
		HELP,
	);
	if (typeof flags === 'number') return flags;
	if (typeof flags.out !== 'string' || (typeof flags.input !== 'string' && !flags['with-bundled'])) {
		process.stderr.write(`train: --out and --input (or --with-bundled) are required\n\n${HELP}\n`);
		return 2;
	}
	const epochs = flags.epochs === undefined ? undefined : Number(flags.epochs);
	const seed = flags.seed === undefined ? undefined : Number(flags.seed);
	if ((epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 1 && epochs <= 100)) || (seed !== undefined && !Number.isInteger(seed))) {
		process.stderr.write('train: --epochs must be an integer 1..100 and --seed an integer\n');
		return 2;
	}
	const files = typeof flags.input === 'string' ? flags.input.split(',').filter((f) => f !== '') : [];
	if (flags['with-bundled']) {
		const dir = bundledCorpusDir();
		if (!dir) {
			process.stderr.write('train: the bundled corpus (data/leads/train) is not installed here; it ships with the repository\n');
			return 2;
		}
		files.push(...jsonlFilesIn(dir));
	}
	const ruleset = typeof flags.ruleset === 'string' ? loadRuleset(flags.ruleset) : undefined;
	const started = Date.now();
	const { leads, errors } = readLabelledFiles(files, ruleset);
	if (errors.length > 0) {
		reportErrors(errors);
		if (!flags['skip-invalid']) {
			process.stderr.write(`train: ${errors.length} line(s) cannot be used; fix them or pass --skip-invalid\n`);
			return 2;
		}
	}
	if (leads.length < 8) {
		process.stderr.write(`train: at least 8 labelled leads are needed, got ${leads.length}\n`);
		return 2;
	}
	const version = typeof flags.version === 'string' ? flags.version : `custom-${new Date().toISOString().slice(0, 10)}`;
	const model = trainLeadModel(
		leads.map((l) => l.example),
		{ epochs, seed, version, training: { files: files.length }, onProgress: (note) => process.stderr.write(`train: ${note}\n`) },
	);
	const text = JSON.stringify(encodeModel(model));
	writeFileSync(flags.out, text + '\n');
	process.stdout.write(
		JSON.stringify({ model: flags.out, version, leads: leads.length, skipped: errors.length, bytes: text.length + 1, seconds: Math.round((Date.now() - started) / 100) / 10 }) + '\n',
	);
	return 0;
};

export function reportErrors(errors: LabelledError[], limit = 20): void {
	for (const e of errors.slice(0, limit)) process.stderr.write(JSON.stringify(e) + '\n');
	if (errors.length > limit) process.stderr.write(`... and ${errors.length - limit} more\n`);
}
