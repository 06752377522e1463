import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as enrichAndVet from './actions/enrich/enrichAndVet.operation';
import * as matchToBrief from './actions/match/matchToBrief.operation';
import { candidateEnricherProperties } from './description';

export class CandidateEnricher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Candidate Enricher',
		name: 'candidateEnricher',
		icon: { light: 'file:candidateEnricher.svg', dark: 'file:candidateEnricher.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Vets candidates for production experience from their public work (GitHub, Hugging Face, papers, merged pull requests, portfolio pages) and the résumé, with a link for every signal, and ranks them against a brief',
		defaults: { name: 'Candidate Enricher' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// Optional: without it the node reads GitHub anonymously at the lower rate limit.
				name: 'talentPipelineGithubApi',
				required: false,
			},
			{
				// Optional: public Hub data answers anonymously; a token raises the rate limit (or reaches an Enterprise Hub).
				name: 'talentPipelineHuggingFaceApi',
				required: false,
			},
			{
				// Optional: without a key, papers come from Semantic Scholar's shared anonymous pool.
				name: 'talentPipelineSemanticScholarApi',
				required: false,
			},
		],
		properties: candidateEnricherProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		return operation === 'matchToBrief' ? matchToBrief.execute(this) : enrichAndVet.execute(this);
	}
}
