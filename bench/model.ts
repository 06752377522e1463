import * as path from 'node:path';

import { jsonlFilesIn, readLabelledFiles } from '../cli/labelled';
import { analyseLead } from '../core/lead/classify';
import { bundledModel } from '../core/model/bundled';
import { classifyWithModel } from '../core/model/classify';
import { encodeModel } from '../core/model/model';
import { leadFeatureInput, predictLead } from '../core/model/predict';
import { trainLeadModel } from '../core/model/train';
import { throughput } from './classify';

/**
 * The learned Lead Classifier: inference throughput on one core (CPU time)
 * against the rules pass it builds on, measured in the same run; training
 * time for 5,000 leads; the bundled model's size.
 */
export async function benchModel(): Promise<void> {
	const root = path.resolve(__dirname, '..');
	const dir = [path.join(root, 'data', 'leads', 'train'), path.join(root, '..', 'data', 'leads', 'train')].find((d) => {
		try {
			return jsonlFilesIn(d).length > 0;
		} catch {
			return false;
		}
	});
	if (!dir) throw new Error('data/leads/train not found');
	const { leads } = readLabelledFiles(jsonlFilesIn(dir));
	const model = bundledModel();
	const plain = leads.map((l) => l.lead);
	const inputs = leads.map((l) => l.example.input);

	const rules = throughput(plain, 1500, (lead) => analyseLead(lead));
	const modelOnly = throughput(inputs, 1500, (input) => predictLead(model, input, {}, 0));
	const full = throughput(plain, 1500, (lead) => classifyWithModel(lead, { model, explain: 0 }));
	const explained = throughput(plain, 1500, (lead) => classifyWithModel(lead, { model }));
	const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
	process.stdout.write(
		[
			`  corpus leads: ${leads.length} (mean ${Math.round(plain.reduce((a, l) => a + (l.message?.length ?? 0), 0) / plain.length)} characters)`,
			`  rules pass alone (baseline)      ${fmt(rules)} leads per CPU-second`,
			`  model prediction alone           ${fmt(modelOnly)} leads per CPU-second  (${(modelOnly / rules).toFixed(2)}x the rules pass)`,
			`  rules + model (node's Model mode) ${fmt(full)} leads per CPU-second  (${(full / rules).toFixed(2)}x the rules pass)`,
			`  ... with reasons (4 per label)   ${fmt(explained)} leads per CPU-second  (${(explained / rules).toFixed(2)}x the rules pass)`,
			`  bundled model ${model.version}: ${(JSON.stringify(encodeModel(model)).length / 1e6).toFixed(2)} MB as JSON`,
		].join('\n') + '\n',
	);

	// Training: 5,000 leads (the corpus cycled), 4 calibration folds + the final model, on one core.
	const examples = Array.from({ length: 5000 }, (_, i) => leads[i % leads.length].example);
	const analyse = leads.slice(0, 500).map((l) => l.lead);
	const cpu0 = process.cpuUsage();
	for (const lead of analyse) leadFeatureInput(lead, analyseLead(lead));
	const prep = process.cpuUsage(cpu0);
	const prepSeconds = ((prep.user + prep.system) / 1e6) * (5000 / analyse.length);
	const cpu = process.cpuUsage();
	trainLeadModel(examples, { version: 'bench' });
	const used = process.cpuUsage(cpu);
	const trainSeconds = (used.user + used.system) / 1e6;
	process.stdout.write(
		`  training 5,000 leads: ${(trainSeconds + prepSeconds).toFixed(1)} CPU-seconds (reading and rules pass ${prepSeconds.toFixed(1)} s, fitting with calibration folds ${trainSeconds.toFixed(1)} s; target <= 60 s)\n`,
	);
}
