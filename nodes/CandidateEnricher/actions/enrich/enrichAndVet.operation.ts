import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runItems } from '../../../shared/runner';
import { createClients, readCandidate, readOptions, vetOne } from '../shared';

/**
 * Enrich and Vet: each candidate leaves with a vetting (role fit, production
 * evidence, red flags, score, evidence links, profile, and how each source
 * was read) in the output field.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptions(ctx);
	const clients = await createClients(ctx, options);
	// One clock reading per execution: every candidate is judged against the same "now".
	const now = new Date();
	return runItems(
		ctx,
		async (item, itemIndex) => {
			const vetting = await vetOne(clients, readCandidate(ctx, item, itemIndex), now, options);
			return { json: { ...item.json, [options.outputField]: vetting } };
		},
		{ concurrency: options.concurrency },
	);
}
