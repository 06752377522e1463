import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runItems } from '../../../shared/runner';
import { createGithubClient, readCandidate, readOptions, vetOne } from '../shared';

/**
 * Enrich and Vet: each candidate leaves with a vetting (role fit, production
 * evidence, red flags, score, evidence links, profile) in the output field.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptions(ctx);
	const client = await createGithubClient(ctx, options);
	// One clock reading per execution: every candidate is judged against the same "now".
	const now = new Date();
	return runItems(
		ctx,
		async (item, itemIndex) => {
			const { candidate, login } = readCandidate(ctx, item, itemIndex);
			const vetting = await vetOne(client, candidate, login, now, options);
			return { json: { ...item.json, [options.outputField]: vetting } };
		},
		{ concurrency: options.concurrency },
	);
}
