import bundledJson from './lead-model.json';
import { decodeModel, type LeadModel } from './model';

let cached: LeadModel | undefined;

/**
 * The model shipped with the package (trained on the bundled corpus,
 * `data/leads/`), decoded once per process on first use.
 */
export function bundledModel(): LeadModel {
	cached ??= decodeModel(bundledJson);
	return cached;
}
