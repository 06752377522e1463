import { statSync } from 'node:fs';
import * as path from 'node:path';

import { jsonlFilesIn, readLabelledFiles } from '../../../cli/labelled';
import { DEFAULT_LLM_SHARE } from '../../../core/llm/classify';
import { bundledModel } from '../../../core/model/bundled';
import { labelledLead } from '../../../core/model/corpus';
import { evaluate, hybridWithPerfectLlm, LABELS, modelRows } from '../../../core/model/metrics';
import { thresholdForShare } from '../../../core/model/model';
import { MAIL_SHAPES, wrapMessage } from '../../../scripts/mail-shapes';

const root = path.resolve(__dirname, '..', '..', '..');
const validation = readLabelledFiles(jsonlFilesIn(path.join(root, 'data', 'leads', 'validation'))).leads;

/**
 * Regression guards for the shipped model on the validation split (leads no
 * training run reads). The figures themselves are printed by `npm run eval`;
 * these floors sit a little under them so a worse model cannot ship unnoticed.
 */
describe('the bundled lead model', () => {
	const model = bundledModel();
	const rows = modelRows(validation, { model, threshold: thresholdForShare(model, DEFAULT_LLM_SHARE) });
	const figures = evaluate(rows);

	test('ships as one versioned file of at most 5 MB, loaded once', () => {
		expect(statSync(path.join(root, 'core', 'model', 'lead-model.json')).size).toBeLessThanOrEqual(5 * 1024 * 1024);
		expect(model.version).toMatch(/^leads-/);
		expect(bundledModel()).toBe(model);
	});

	test('on the validation split it meets the issue targets', () => {
		expect(validation.length).toBeGreaterThan(500);
		expect(figures.accuracy.disposition).toBeGreaterThanOrEqual(0.95);
		expect(figures.accuracy.track).toBeGreaterThanOrEqual(0.92);
		expect(figures.accuracy.stage).toBeGreaterThanOrEqual(0.88);
		expect(figures.accuracy.primaryRole).toBeGreaterThanOrEqual(0.86);
		expect(figures.auroc).toBeGreaterThanOrEqual(0.88);
		expect(figures.coverage80).toBeGreaterThanOrEqual(0.92);
	});

	test('Hybrid at its default sends at most 20% of leads to the LLM', () => {
		expect(hybridWithPerfectLlm(rows).share).toBeLessThanOrEqual(0.2);
	});

	test.each(MAIL_SHAPES)('no label drops more than 3 points when the same leads arrive as %s', (shape) => {
		const sample = validation.filter((_, i) => i % 2 === 0);
		const base = evaluate(modelRows(sample, { model }));
		const wrapped = sample.map((l, i) => labelledLead({ ...l.lead, message: wrapMessage(l.lead.message ?? '', shape, l.lead), labels: l.labels }, i));
		const f = evaluate(modelRows(wrapped, { model }));
		for (const label of LABELS) expect(base.accuracy[label] - f.accuracy[label]).toBeLessThanOrEqual(0.03);
	});
});
