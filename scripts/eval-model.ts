/**
 * Figures for the learned lead model (printed by `npm run eval`): accuracy per
 * label, calibration, Hybrid at its defaults (with a perfect LLM), and how
 * much each label moves when the same leads arrive in real mail shapes.
 */
import { readLabelledFiles } from '../cli/labelled';
import { DEFAULT_LLM_SHARE } from '../core/llm/classify';
import { labelledLead, type LabelledLead } from '../core/model/corpus';
import { bundledModel } from '../core/model/bundled';
import { evaluate, formatReport, hybridWithPerfectLlm, LABELS, modelRows, type EvalFigures } from '../core/model/metrics';
import { thresholdForShare, type LeadModel } from '../core/model/model';
import { MAIL_SHAPES, wrapMessage } from './mail-shapes';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const line = (f: EvalFigures): string =>
	`${LABELS.map((l) => `${l} ${pct(f.accuracy[l])}`).join(', ')}, all four ${pct(f.accuracy.all)}`;

export function evalModelOn(title: string, files: string[], options: { model?: LeadModel; shapes?: boolean; misses?: number } = {}): string {
	const model = options.model ?? bundledModel();
	const { leads, errors } = readLabelledFiles(files);
	if (errors.length) throw new Error(`unreadable labelled lines: ${JSON.stringify(errors.slice(0, 3))}`);
	const threshold = thresholdForShare(model, DEFAULT_LLM_SHARE);
	const rows = modelRows(leads, { model, threshold });
	const out = [formatReport(`${title} — model ${model.version}`, rows, { misses: options.misses ?? 15 })];
	const rules = evaluate(leads.map((l) => ({ id: l.id, truth: l.labels, got: l.analysis.classification })));
	out.push('', `  Rules alone (ruleset ${leads[0]?.analysis.classification.rulesetVersion}): ${line(rules)}`);
	const hybrid = hybridWithPerfectLlm(rows);
	out.push(
		`  Hybrid at its default (LLM Share ${DEFAULT_LLM_SHARE * 100}% -> confidence < ${threshold.toFixed(3)}, or a decisive rule disagrees): sends ${pct(hybrid.share)} of leads; with a perfect LLM: ${line(hybrid.figures)}`,
	);
	if (options.shapes) {
		out.push('', '  Same leads in real mail shapes (points vs plain text; negative = worse):');
		const base = evaluate(rows);
		for (const shape of MAIL_SHAPES) {
			const wrapped: LabelledLead[] = leads.map((l, i) =>
				labelledLead({ ...l.lead, message: wrapMessage(l.lead.message ?? '', shape, l.lead), labels: l.labels }, i),
			);
			const f = evaluate(modelRows(wrapped, { model }));
			out.push(`    ${shape.padEnd(16)} ${LABELS.map((l) => `${l} ${((f.accuracy[l] - base.accuracy[l]) * 100).toFixed(1)}`).join(', ')}, all ${((f.accuracy.all - base.accuracy.all) * 100).toFixed(1)}`);
		}
	}
	return out.join('\n');
}
