import { bundledModel } from '../../core/model/bundled';
import { evaluate, formatReport, modelRows, type EvalRow } from '../../core/model/metrics';
import { commandFlags, type Command } from '../io';
import { loadModelFile, readLabelledFiles } from '../labelled';
import { loadRuleset } from './classify';
import { reportErrors } from './train';

const HELP = `Usage: talent-pipeline eval --input FILE[,FILE...] [--model MODEL.json] [--ruleset FILE] [--misses N] [--json]

Measures the Lead Classifier on labelled leads (the format 'train' reads): accuracy per
label (disposition on all leads; stage, track, primaryRole on the true leads), all four
right, confusion tables, and how well confidence knows when it is right: expected
calibration error (ECE), AUROC, and the share all right among the 80% and 50% most
confident leads.

Options:
  --input FILES   labelled JSONL files, comma-separated
  --model FILE    a model written by 'train' (default: the bundled model)
  --ruleset FILE  a ruleset override, as for classify
  --misses N      list up to N misclassified leads (default 20)
  --json          print the figures as one JSON line instead of the report
Lines that cannot be used are listed on stderr and left out; the exit status is then 1.`;

/** `talent-pipeline eval`: per-label accuracy, confusion tables and calibration on labelled leads. */
export const evalCommand: Command = async (args) => {
	const flags = commandFlags('eval', args, { input: 'string', model: 'string', ruleset: 'string', misses: 'string', json: 'boolean' }, HELP);
	if (typeof flags === 'number') return flags;
	if (typeof flags.input !== 'string') {
		process.stderr.write(`eval: --input is required\n\n${HELP}\n`);
		return 2;
	}
	let model;
	try {
		model = typeof flags.model === 'string' ? loadModelFile(flags.model) : bundledModel();
	} catch (e) {
		process.stderr.write(`eval: ${(e as Error).message}\n`);
		return 2;
	}
	const ruleset = typeof flags.ruleset === 'string' ? loadRuleset(flags.ruleset) : undefined;
	const files = flags.input.split(',').filter((f) => f !== '');
	const { leads, errors } = readLabelledFiles(files, ruleset);
	if (errors.length) reportErrors(errors);
	const rows: EvalRow[] = modelRows(leads, { model, ruleset });
	if (flags.json) process.stdout.write(JSON.stringify({ model: model.version, ...evaluate(rows) }) + '\n');
	else process.stdout.write(formatReport(`Lead Classifier (model ${model.version}) on ${files.join(', ')}`, rows, { misses: Number(flags.misses ?? 20) }) + '\n');
	return errors.length ? 1 : 0;
};
