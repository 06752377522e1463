import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { briefRouterProperties, OUTPUT_NAMES } from './description';
import { routeItems } from './route.execute';
import { testRedisCredential } from '../shared/state';

export class BriefRouter implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Brief Router',
		name: 'briefRouter',
		icon: { light: 'file:briefRouter.svg', dark: 'file:briefRouter.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["assignOwners"] ? "assign: " + $parameter["strategy"] : "route only" }}',
		description:
			'Routes classified leads to the consultant, engineer or hybrid pipeline with a 90-day brief, an owner and a first-response deadline',
		defaults: { name: 'Brief Router' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
			NodeConnectionTypes.Main,
		],
		outputNames: OUTPUT_NAMES,
		credentials: [
			{
				// The credential's name is fixed package-wide (credentials/TalentPipelineRedis.credentials.ts); it is not an HTTP API,
				// so it has no `Api` suffix (eslint.config.mjs, scripts/scan-exceptions.json).
				name: 'talentPipelineRedis',
				required: true,
				testedBy: 'talentPipelineRedisTest',
				displayOptions: { show: { assignOwners: [true], stateBackend: ['redis'] } },
			},
			{
				name: 'talentPipelineLlmApi',
				required: true,
				displayOptions: { show: { draftProblem: [true] } },
			},
		],
		properties: briefRouterProperties,
	};

	methods = {
		credentialTest: {
			talentPipelineRedisTest: testRedisCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return routeItems(this);
	}
}
