import type { Ruleset } from '../lead/ruleset';
import { Disposition, Role, Stage, Track, type Classification } from '../lead/schema';
import { classifyWithModel } from './classify';
import type { LabelledLead, Labels } from './corpus';
import type { LeadModel } from './model';
import { allRight, auroc, coverageAccuracy, expectedCalibrationError } from './scores';

export { allRight, auroc, coverageAccuracy, expectedCalibrationError };

/**
 * Evaluation of a lead classifier against labelled leads: accuracy per label
 * (disposition on every lead; stage, track and role on the true leads),
 * "all labels right", confusion tables, and how well `confidence` knows when
 * it is right (expected calibration error, AUROC, accuracy of the most
 * confident 80% and 50%).
 */

export const LABELS = ['disposition', 'stage', 'track', 'primaryRole'] as const;
export type LabelName = (typeof LABELS)[number];

const OPTIONS: Record<LabelName, readonly string[]> = {
	disposition: Disposition.options,
	stage: Stage.options,
	track: Track.options,
	primaryRole: Role.options,
};

export interface EvalFigures {
	n: number;
	accuracy: Record<LabelName | 'all', number>;
	counts: Record<LabelName | 'all', { ok: number; n: number }>;
	/** Expected calibration error of `confidence` for "all labels right" (10 equal-width bins). */
	ece: number;
	/** Area under the ROC curve of `confidence` for "all labels right". */
	auroc: number;
	/** "All right" among the most confident 80% and 50% of leads. */
	coverage80: number;
	coverage50: number;
	meanConfidence: number;
}

export interface EvalRow {
	id: string;
	truth: Labels;
	got: Pick<Classification, LabelName | 'confidence'>;
}

export function evaluate(rows: EvalRow[]): EvalFigures {
	const counts = Object.fromEntries([...LABELS, 'all'].map((l) => [l, { ok: 0, n: 0 }])) as EvalFigures['counts'];
	const points: Array<{ c: number; right: boolean }> = [];
	for (const { truth, got } of rows) {
		for (const label of LABELS) {
			if (label !== 'disposition' && truth.disposition !== 'lead') continue;
			counts[label].n++;
			if (got[label] === (truth[label] ?? null)) counts[label].ok++;
		}
		const right = allRight(truth, got);
		counts.all.n++;
		if (right) counts.all.ok++;
		points.push({ c: got.confidence, right });
	}
	const accuracy = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v.n ? v.ok / v.n : 0])) as EvalFigures['accuracy'];
	return {
		n: rows.length,
		accuracy,
		counts,
		ece: expectedCalibrationError(points),
		auroc: auroc(points),
		coverage80: coverageAccuracy(points, 0.8),
		coverage50: coverageAccuracy(points, 0.5),
		meanConfidence: points.length ? points.reduce((a, p) => a + p.c, 0) / points.length : 0,
	};
}

/** Rows true, columns predicted. */
export function confusionTable(rows: EvalRow[], label: LabelName): string {
	const confusion = new Map<string, number>();
	for (const { truth, got } of rows) {
		if (label !== 'disposition' && truth.disposition !== 'lead') continue;
		const key = `${truth[label]}\u0000${got[label]}`;
		confusion.set(key, (confusion.get(key) ?? 0) + 1);
	}
	const used = [...OPTIONS[label], 'null'].filter((o) => [...confusion.keys()].some((k) => k.split('\u0000').includes(o)));
	const width = Math.max(10, ...used.map((o) => o.length)) + 1;
	const out = ['  ' + ''.padEnd(width) + used.map((o) => o.padStart(width)).join('')];
	for (const t of used) out.push('  ' + t.padEnd(width) + used.map((p) => String(confusion.get(`${t}\u0000${p}`) ?? 0).padStart(width)).join(''));
	return out.join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The printed report: figures, calibration, confusion tables and (optionally) the misclassified ids. */
export function formatReport(title: string, rows: EvalRow[], options: { misses?: number } = {}): string {
	const f = evaluate(rows);
	const out = [`${title}: ${f.n} leads`];
	for (const label of [...LABELS, 'all'] as const) {
		const c = f.counts[label];
		const scope = label === 'disposition' || label === 'all' ? 'all leads' : 'true leads';
		out.push(`  ${(label === 'all' ? 'all four' : label).padEnd(12)} ${pct(f.accuracy[label]).padStart(6)}  (${c.ok}/${c.n}, ${scope})`);
	}
	out.push(
		`  confidence: ECE ${f.ece.toFixed(3)}, AUROC ${f.auroc.toFixed(3)}, all-right among the most confident 80% ${pct(f.coverage80)}, 50% ${pct(f.coverage50)}, mean ${f.meanConfidence.toFixed(3)}`,
	);
	for (const label of LABELS) out.push('', `  Confusion: ${label} (rows true, columns predicted)`, confusionTable(rows, label));
	const limit = options.misses ?? 0;
	if (limit > 0) {
		const misses = rows.filter((r) => !allRight(r.truth, r.got));
		out.push('', misses.length ? `  Misclassified (${misses.length}${misses.length > limit ? `, first ${limit}` : ''}):` : '  Misclassified: none');
		for (const r of misses.slice(0, limit)) {
			const wrong = LABELS.filter((l) => (l === 'disposition' || r.truth.disposition === 'lead') && r.got[l] !== (r.truth[l] ?? null)).map(
				(l) => `${l}: ${r.got[l]} (true ${r.truth[l]})`,
			);
			out.push(`    ${r.id}: ${wrong.join('; ')}  [confidence ${r.got.confidence}]`);
		}
	}
	return out.join('\n');
}

/** One row per labelled lead: the model's verdict beside the truth, and whether Hybrid would ask the LLM. The leads' rules pass is reused, so `ruleset` must be the one they were read with. */
export function modelRows(leads: LabelledLead[], options: { model?: LeadModel; ruleset?: Ruleset; threshold?: number } = {}): Array<EvalRow & { sent: boolean }> {
	return leads.map((l) => {
		const result = classifyWithModel(l.lead, { model: options.model, ruleset: options.ruleset, explain: 0, analysis: l.analysis });
		const got = result.classification;
		const sent = options.threshold !== undefined && (got.confidence < options.threshold || result.disagreement);
		return { id: l.id, truth: l.labels, got, sent };
	});
}

/** Hybrid at a threshold: the share of leads sent to the LLM, and the figures if that LLM were always right. */
export function hybridWithPerfectLlm(rows: Array<EvalRow & { sent: boolean }>): { share: number; figures: EvalFigures } {
	const fixed = rows.map((r) => (r.sent ? { ...r, got: { ...r.got, disposition: r.truth.disposition, stage: r.truth.stage ?? null, track: r.truth.track ?? null, primaryRole: r.truth.primaryRole ?? null } } : r));
	return { share: rows.length ? rows.filter((r) => r.sent).length / rows.length : 0, figures: evaluate(fixed as EvalRow[]) };
}
