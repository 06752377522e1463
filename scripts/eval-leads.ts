import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { classifyLead, normaliseLead } from '../core/lead/classify';
import { defaultRuleset, type Ruleset } from '../core/lead/ruleset';
import { Disposition, Role, Stage, Track } from '../core/lead/schema';

/** The labels a dev-data lead carries (rubric section 2). */
interface TrueLabels {
	disposition: string;
	stage?: string;
	track?: string;
	primaryRole?: string;
}

type LabelName = 'disposition' | 'stage' | 'track' | 'primaryRole';

const OPTIONS: Record<LabelName, readonly string[]> = {
	disposition: Disposition.options,
	stage: Stage.options,
	track: Track.options,
	primaryRole: Role.options,
};

/** Targets from the project brief: rules mode on the dev data. */
const TARGETS: Record<LabelName, number> = { disposition: 0.95, stage: 0.85, track: 0.9, primaryRole: 0.85 };

/**
 * Evaluates the rules-mode Lead Classifier on `<dataDir>/leads.jsonl`:
 * per-label accuracy (disposition on all leads; stage, track and primaryRole on
 * the leads whose true disposition is `lead`), confusion tables, and every
 * misclassified id with predicted vs true. Returns the printed report.
 */
export async function evalLeads(dataDir: string, ruleset: Ruleset = defaultRuleset): Promise<string> {
	return evalLeadFile(path.join(dataDir, 'leads.jsonl'), ruleset);
}

/** The same report for any labelled JSONL file of leads (e.g. the held-out fixtures). */
export async function evalLeadFile(file: string, ruleset: Ruleset = defaultRuleset): Promise<string> {
	const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
	const counts: Record<LabelName, { ok: number; n: number; confusion: Map<string, number> }> = {
		disposition: { ok: 0, n: 0, confusion: new Map() },
		stage: { ok: 0, n: 0, confusion: new Map() },
		track: { ok: 0, n: 0, confusion: new Map() },
		primaryRole: { ok: 0, n: 0, confusion: new Map() },
	};
	const misses: string[] = [];
	let confidenceRight = 0;
	let confidenceWrong = 0;
	let nRight = 0;
	let nWrong = 0;
	for (const [i, line] of lines.entries()) {
		const record = JSON.parse(line) as Record<string, unknown> & { labels: TrueLabels };
		const id = typeof record.id === 'string' ? record.id : `line ${i + 1}`;
		const truth = record.labels;
		const { labels: _labels, ...fields } = record;
		void _labels;
		const got = classifyLead(normaliseLead(fields), ruleset);
		const wrong: string[] = [];
		const labelNames: LabelName[] = truth.disposition === 'lead' ? ['disposition', 'stage', 'track', 'primaryRole'] : ['disposition'];
		for (const label of labelNames) {
			const expected = String(truth[label]);
			const predicted = String(got[label]);
			const c = counts[label];
			c.n++;
			if (expected === predicted) c.ok++;
			else wrong.push(`${label}: ${predicted} (true ${expected})`);
			const key = `${expected}\u0000${predicted}`;
			c.confusion.set(key, (c.confusion.get(key) ?? 0) + 1);
		}
		if (wrong.length) {
			misses.push(`  ${id}: ${wrong.join('; ')}  [confidence ${got.confidence}]`);
			confidenceWrong += got.confidence;
			nWrong++;
		} else {
			confidenceRight += got.confidence;
			nRight++;
		}
	}

	const out: string[] = [];
	out.push(`Lead Classifier (rules, ruleset ${ruleset.version}) on ${file}: ${lines.length} leads`);
	for (const label of Object.keys(counts) as LabelName[]) {
		const c = counts[label];
		const acc = c.n ? c.ok / c.n : 0;
		const scope = label === 'disposition' ? 'all' : 'true leads';
		const verdict = acc >= TARGETS[label] ? 'ok' : 'BELOW TARGET';
		out.push(`  ${label.padEnd(12)} ${(acc * 100).toFixed(1).padStart(5)}%  (${c.ok}/${c.n}, ${scope}; target ${(TARGETS[label] * 100).toFixed(0)}%: ${verdict})`);
	}
	out.push(
		`  mean confidence: ${nRight ? (confidenceRight / nRight).toFixed(3) : '-'} when all labels right, ${nWrong ? (confidenceWrong / nWrong).toFixed(3) : '-'} when any label wrong`,
	);
	for (const label of Object.keys(counts) as LabelName[]) {
		out.push('', `Confusion: ${label} (rows true, columns predicted)`);
		out.push(confusionTable(counts[label].confusion, OPTIONS[label]));
	}
	out.push('', misses.length ? `Misclassified (${misses.length}):` : 'Misclassified: none');
	out.push(...misses);
	return out.join('\n');
}

function confusionTable(confusion: Map<string, number>, options: readonly string[]): string {
	const used = options.filter((o) => [...confusion.keys()].some((k) => k.split('\u0000').includes(o)));
	const width = Math.max(10, ...used.map((o) => o.length)) + 1;
	const rows = ['  ' + ''.padEnd(width) + used.map((o) => o.padStart(width)).join('')];
	for (const t of used) {
		rows.push('  ' + t.padEnd(width) + used.map((p) => String(confusion.get(`${t}\u0000${p}`) ?? 0).padStart(width)).join(''));
	}
	return rows.join('\n');
}

if (require.main === module) {
	evalLeads(path.resolve(__dirname, '..', '..', 'shared', 'data')).then(
		(report) => process.stdout.write(report + '\n'),
		(error: unknown) => {
			process.stderr.write(`eval-leads: ${error instanceof Error ? error.message : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
