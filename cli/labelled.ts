import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { InputError } from '../core/errors';
import type { Ruleset } from '../core/lead/ruleset';
import { labelledLead, type LabelledLead } from '../core/model/corpus';
import { decodeModel, type LeadModel } from '../core/model/model';

/** One unreadable line of a labelled file: where, which field, what. */
export interface LabelledError {
	file: string;
	line: number;
	field?: string;
	error: string;
}

/**
 * Reads labelled JSONL files (`talent-pipeline train` / `eval` input): each
 * line a lead with a `labels` object. A UTF-8 BOM is ignored. Lines that
 * cannot be used are returned as errors naming the file, line and field.
 */
export function readLabelledFiles(files: string[], ruleset?: Ruleset): { leads: LabelledLead[]; errors: LabelledError[] } {
	const leads: LabelledLead[] = [];
	const errors: LabelledError[] = [];
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (e) {
			throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
		}
		if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
		text.split('\n').forEach((raw, i) => {
			if (raw.trim() === '') return;
			let record: unknown;
			try {
				record = JSON.parse(raw);
			} catch (e) {
				errors.push({ file, line: i + 1, error: `invalid JSON: ${(e as Error).message}` });
				return;
			}
			try {
				leads.push(labelledLead(record, leads.length, ruleset));
			} catch (e) {
				errors.push({ file, line: i + 1, field: e instanceof InputError ? e.field : undefined, error: (e as Error).message });
			}
		});
	}
	return { leads, errors };
}

/** The JSONL files of a directory, sorted (the bundled corpus is a folder of them). */
export function jsonlFilesIn(dir: string): string[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.jsonl'))
		.sort()
		.map((f) => path.join(dir, f));
}

/** Loads a model file written by `talent-pipeline train`, naming the file and the problem when it is not one. */
export function loadModelFile(file: string): LeadModel {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		throw new Error(`cannot read model ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	try {
		return decodeModel(text);
	} catch (e) {
		throw new Error(`${file}: ${(e as Error).message}`);
	}
}

/** Where the repository keeps the bundled training corpus, seen from dist/cli or cli/. */
export function bundledCorpusDir(): string | null {
	for (const up of ['..', '../..']) {
		const dir = path.resolve(__dirname, up, 'data', 'leads', 'train');
		if (existsSync(dir)) return dir;
	}
	return null;
}
