import * as path from 'node:path';

import { readLabelledFiles } from '../../../cli/labelled';
import { InputError } from '../../../core/errors';
import { featurize, tokenize } from '../../../core/model/features';
import { calibrate, decodeModel, encodeModel, HEAD_CLASSES, MODEL_FORMAT, thresholdForShare } from '../../../core/model/model';
import { predictLead } from '../../../core/model/predict';
import { isotonic, trainLeadModel } from '../../../core/model/train';
import { auroc, coverageAccuracy, expectedCalibrationError } from '../../../core/model/metrics';

const corpus = path.resolve(__dirname, '..', '..', '..', 'data', 'leads', 'train');

describe('features', () => {
	test('word numerals and digits read as the same quantity, in several languages', () => {
		expect(tokenize('three models in production')).toEqual(tokenize('3 models in production'));
		expect(tokenize('drei modelle')[0]).toBe('#few');
		expect(tokenize('tres modelos')[0]).toBe('#few');
		expect(tokenize('a dozen models')[1]).toBe('#many');
		expect(tokenize('one model')[0]).toBe('#1');
		expect(tokenize('since 2019')[1]).toBe('#year');
	});

	test('tokens of other scripts and emoji do not break tokenising', () => {
		expect(tokenize('Привет мир 👋 東京')).toEqual(['привет'.toUpperCase() === 'ПРИВЕТ' ? 'Привет' : 'Привет', 'мир', '東京']);
	});

	test('deterministic, and each group is unit length', () => {
		const input = { text: 'we need an mlops engineer for model serving', signals: ['size:250+', 'links:0'] };
		const a = featurize(input, { bits: 14, idf: null });
		const b = featurize(input, { bits: 14, idf: null });
		expect(Array.from(a.index)).toEqual(Array.from(b.index));
		expect(Array.from(a.value)).toEqual(Array.from(b.value));
		const norms = [0, 0, 0];
		for (let i = 0; i < a.length; i++) norms[a.kind[i] <= 1 ? 0 : a.kind[i] === 2 ? 1 : 2] += a.value[i] ** 2;
		// Colliding buckets of two kinds are merged, so a group's norm may fall slightly below 1, never above.
		for (const n of norms) expect(n).toBeLessThanOrEqual(1 + 1e-5);
		expect(norms[2]).toBeCloseTo(1, 5);
	});

	test('a bucket switched off by idf costs nothing', () => {
		const idf = new Float32Array(1 << 12);
		const v = featurize({ text: 'hello world', signals: [] }, { bits: 12, idf });
		expect(v.length).toBe(0);
	});
});

describe('calibration and metrics', () => {
	test('isotonic regression is monotone and maps into (0, 1)', () => {
		const points = Array.from({ length: 200 }, (_, i) => ({ p: i / 200, right: (i * 7919) % 200 < i }));
		const map = isotonic(points);
		for (let i = 1; i < map.y.length; i++) expect(map.y[i]).toBeGreaterThanOrEqual(map.y[i - 1]);
		expect(calibrate({ calibration: map }, 0)).toBeGreaterThan(0);
		expect(calibrate({ calibration: map }, 1)).toBeLessThan(1);
	});

	test('AUROC, ECE and coverage accuracy on known cases', () => {
		const perfect = [{ c: 0.9, right: true }, { c: 0.8, right: true }, { c: 0.2, right: false }];
		expect(auroc(perfect)).toBe(1);
		expect(auroc([{ c: 0.2, right: true }, { c: 0.9, right: false }])).toBe(0);
		expect(expectedCalibrationError([{ c: 0.95, right: true }, { c: 0.95, right: true }])).toBeCloseTo(0.05, 5);
		expect(coverageAccuracy(perfect, 0.5)).toBe(1);
	});
});

describe('training', () => {
	const { leads } = readLabelledFiles([path.join(corpus, 'w1.jsonl'), path.join(corpus, 'w3.jsonl')]);
	const small = leads.filter((_, i) => i % 3 === 0);
	const options = { bits: 14, epochs: 3, folds: 2, version: 'test-1' };

	test('the same data and seed give the same model file', () => {
		const a = JSON.stringify(encodeModel(trainLeadModel(small.map((l) => l.example), options)));
		const b = JSON.stringify(encodeModel(trainLeadModel(small.map((l) => l.example), options)));
		expect(a).toBe(b);
		expect(JSON.parse(a).format).toBe(MODEL_FORMAT);
	});

	test('a trained model learns its data, keeps the rubric invariants and round-trips through its file', () => {
		const model = decodeModel(JSON.stringify(encodeModel(trainLeadModel(small.map((l) => l.example), options))));
		let right = 0;
		for (const l of small) {
			const v = predictLead(model, l.example.input);
			if (v.labels.disposition === l.labels.disposition) right++;
			if (v.labels.disposition !== 'lead') {
				expect([v.labels.stage, v.labels.track, v.labels.primaryRole]).toEqual([null, null, null]);
			} else {
				expect(HEAD_CLASSES.stage).toContain(v.labels.stage);
				if (v.labels.track === 'consultant') expect(v.labels.primaryRole).toBe('ai_consultant');
				else expect(v.labels.primaryRole).not.toBe('ai_consultant');
			}
			expect(v.confidence).toBeGreaterThan(0);
			expect(v.confidence).toBeLessThan(1);
		}
		expect(right / small.length).toBeGreaterThan(0.9);
		// Share thresholds rise with the share.
		expect(thresholdForShare(model, 0.3)).toBeGreaterThanOrEqual(thresholdForShare(model, 0.1));
	});

	test('reasons name the words that pushed each label, with weights', () => {
		const model = trainLeadModel(small.map((l) => l.example), options);
		const lead = small.find((l) => l.labels.disposition === 'lead')!;
		const v = predictLead(model, lead.example.input);
		const forDisposition = v.reasons.filter((r) => r.label === 'disposition');
		expect(forDisposition.length).toBeGreaterThan(0);
		for (const r of forDisposition) {
			expect(r.signal).toMatch(/^model\./);
			expect(typeof r.evidence).toBe('string');
			expect(r.weight).toBeGreaterThan(0);
		}
	});

	test('refuses to train on too little data', () => {
		expect(() => trainLeadModel(small.slice(0, 3).map((l) => l.example))).toThrow(/at least 8/);
	});
});

describe('model files', () => {
	const model = trainLeadModel(
		readLabelledFiles([path.join(corpus, 'w5.jsonl')]).leads.slice(0, 60).map((l) => l.example),
		{ bits: 12, epochs: 1, folds: 0 },
	);
	const file = encodeModel(model);

	test.each([
		['not JSON', '{nope', 'model'],
		['another format', { ...file, format: 'something/else' }, 'model.format'],
		['wrong classes', { ...file, heads: { ...file.heads, stage: { ...file.heads.stage, classes: ['a', 'b', 'c'] } } }, 'model.heads.stage.classes'],
		['truncated weights', { ...file, heads: { ...file.heads, track: { ...file.heads.track, weights: 'AAAA' } } }, 'model.heads.track.weights'],
		['bad idf', { ...file, idf: 'AAAA' }, 'model.idf'],
		['missing calibration', { ...file, calibration: undefined }, 'model.calibration'],
	])('%s is refused with the field named', (_name, raw, field) => {
		let error: unknown;
		try {
			decodeModel(raw);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe(field);
	});
});
