import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_GITHUB_URL } from '../../transport/github';
import { DEFAULT_HUGGINGFACE_URL } from '../../transport/huggingface';
import { DEFAULT_SCHOLAR_URL } from '../../transport/scholar';
import { toolInputProperties } from '../shared/tool';

/** Rubric section 4: the candidate fields a user can map from their own names. */
export const CANDIDATE_FIELDS = ['id', 'name', 'email', 'githubUsername', 'resumeText', 'linkedinUrl', 'portfolioUrls', 'huggingfaceUsername', 'orcid', 'semanticScholarId'] as const;
export type CandidateField = (typeof CANDIDATE_FIELDS)[number];

export const showOnlyForMatch = { show: { operation: ['matchToBrief'] } };
export const showOnlyForBriefParameter = { show: { operation: ['matchToBrief'], briefSource: ['parameter'] } };
/** Inside the Options collection a root parameter is named with a leading slash. */
export const showOnlyForMatchInOptions = { show: { '/operation': ['matchToBrief'] } };
export const showOnlyForBriefField = { show: { operation: ['matchToBrief'], briefSource: ['field'] } };

const operation: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Enrich and Vet',
			value: 'enrichAndVet',
			action: 'Enrich and vet candidates',
			description: 'Read public work (GitHub, Hugging Face, papers, merged pull requests, portfolio pages) and the résumé; judge role fit, production evidence and red flags with links',
		},
		{
			name: 'Match to Brief',
			value: 'matchToBrief',
			action: 'Match candidates to a brief',
			description: 'Score and rank candidates against a brief from the Brief Router, with reasons',
		},
	],
	default: 'enrichAndVet',
};

const briefFields: INodeProperties[] = [
	{
		displayName: 'Brief Source',
		name: 'briefSource',
		type: 'options',
		options: [
			{ name: 'Item Field', value: 'field', description: "Each item carries the brief (the Brief Router's output)" },
			{ name: 'Parameter', value: 'parameter', description: 'One brief, given as JSON or an expression, for the whole pool' },
		],
		default: 'field',
		displayOptions: showOnlyForMatch,
	},
	{
		displayName: 'Brief Field',
		name: 'briefField',
		type: 'string',
		default: 'brief',
		description: "The item field holding the brief (dotted paths such as 'routing.brief' work)",
		displayOptions: showOnlyForBriefField,
	},
	{
		displayName: 'Brief (JSON)',
		name: 'brief',
		type: 'json',
		default: '{\n  "track": "engineer",\n  "roles": ["llm_engineer"],\n  "stack": ["rag", "python"]\n}',
		description: "A brief as the Brief Router emits it; only 'track', 'roles' (primary first) and 'stack' are read",
		displayOptions: showOnlyForBriefParameter,
	},
];

const fieldMapping: INodeProperties = {
	displayName: 'Field Mapping',
	name: 'fieldMapping',
	type: 'collection',
	placeholder: 'Map a Field',
	default: {},
	description: "Where your data puts each candidate field, when its name differs from the default. Dotted paths such as 'applicant.github' work.",
	options: CANDIDATE_FIELDS.map((field) => ({
		displayName: `${field[0].toUpperCase()}${field.slice(1).replace(/([A-Z])/g, ' $1')} Field`,
		name: field,
		type: 'string' as const,
		default: field,
		description: `The input field that holds the candidate's ${field}`,
	})),
	// As an agent tool the candidate comes from the tool call (Tool Input below), not from the agent's item.
	displayOptions: { hide: { '@tool': [true] } },
};

const toolInput = toolInputProperties([
	{ field: 'githubUsername', description: "The candidate's GitHub login or profile URL, if known" },
	{ field: 'resumeText', description: "The candidate's résumé or CV as plain text, if known" },
	{ field: 'name', description: "The candidate's name, if known" },
	{ field: 'portfolioUrls', description: "Links to the candidate's public work, separated by spaces, if any" },
	{ field: 'huggingfaceUsername', description: "The candidate's Hugging Face user name or profile URL, if known" },
	{ field: 'orcid', description: "The candidate's ORCID iD, if known" },
]);

/**
 * One switch per public source. All are on: each is read only when the
 * candidate carries what it needs (a GitHub login, a Hugging Face name, a
 * Semantic Scholar id / ORCID / work email, portfolio URLs), and none needs a
 * credential, so a workflow without those fields makes no new requests.
 * Switch a source off where n8n cannot reach it or it must not be asked.
 */
const sources: INodeProperties = {
	displayName: 'Sources',
	name: 'sources',
	type: 'collection',
	placeholder: 'Switch a Source',
	default: {},
	description: 'The public sources read for each candidate; a source left out here is on',
	options: [
		{
			displayName: 'GitHub',
			name: 'github',
			type: 'boolean',
			default: true,
			description: "Whether to read the candidate's own repositories (githubUsername)",
		},
		{
			displayName: 'Hugging Face',
			name: 'huggingface',
			type: 'boolean',
			default: true,
			description: "Whether to read the candidate's models, datasets and Spaces (huggingfaceUsername)",
		},
		{
			displayName: 'Merged Pull Requests',
			name: 'mergedPrs',
			type: 'boolean',
			default: true,
			description: "Whether to read pull requests the candidate got merged into other people's repositories (GitHub search, same credential and rate limit)",
		},
		{
			displayName: 'Papers',
			name: 'papers',
			type: 'boolean',
			default: true,
			description: 'Whether to read papers from Semantic Scholar (semanticScholarId, or the name told apart from namesakes by orcid; by a work email too with Match Papers by Name and Work Email)',
		},
		{
			displayName: 'Portfolio Pages',
			name: 'portfolio',
			type: 'boolean',
			default: true,
			description: 'Whether to fetch the portfolioUrls (public addresses only, size and time capped)',
		},
	],
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Cache Size',
			name: 'cacheSize',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 600,
			description: 'Answers kept per source (with their ETags) in the workflow static data, so a re-run is answered by 304s, which cost no GitHub rate limit when a token is set. 0 turns the cache off.',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 32 },
			default: 8,
			description: 'Candidates enriched at once (and look-ups of one candidate at once)',
		},
		{
			displayName: 'Fail When a Source Fails',
			name: 'failOnSourceError',
			type: 'boolean',
			default: false,
			description: 'Whether a source that cannot be read (an error, a rate limit) fails the item instead of being recorded in the vetting while the other sources decide',
		},
		{
			displayName: 'GitHub API URL',
			name: 'githubUrl',
			type: 'string',
			default: DEFAULT_GITHUB_URL,
			description: 'Used when no credential is set (a credential brings its own server URL). GitHub Enterprise: https://HOST/api/v3.',
		},
		{
			displayName: 'Hugging Face URL',
			name: 'huggingfaceUrl',
			type: 'string',
			default: DEFAULT_HUGGINGFACE_URL,
			description: 'The Hub root, used when no Hugging Face credential is set (a credential brings its own). A mirror or an Enterprise Hub works.',
		},
		{
			displayName: 'Match Papers by Name and Work Email',
			name: 'papersByNameAndEmail',
			type: 'boolean',
			default: false,
			description: "Whether candidates with no semanticScholarId or orcid are looked up on Semantic Scholar by name, told apart from namesakes by their email's domain. Off by default: it sends those candidates' names to a third party.",
		},
		{
			displayName: 'Max Repositories',
			name: 'maxRepositories',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 5 },
			default: 5,
			description: 'Own repositories whose languages and root listing are read (two requests each)',
		},
		{
			displayName: 'Max Retries',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 4,
			description: 'Attempts per request to any source (the first included) on 5xx, timeouts and rate limits',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description: 'Longest total wait per request for back-off and rate-limit resets; beyond it the look-up fails',
		},
		{
			displayName: 'On GitHub Error',
			name: 'onGithubError',
			type: 'options',
			options: [
				{
					name: 'Vet From Résumé Only',
					value: 'resumeOnly',
					description: 'Judge from the résumé and record the GitHub error in the vetting',
				},
				{
					name: 'Fail the Item',
					value: 'error',
					description: 'Raise a GitHub error for the item (an error item under Continue On Fail)',
				},
			],
			default: 'resumeOnly',
		},
		{
			displayName: 'Output Field',
			name: 'outputField',
			type: 'string',
			default: 'vetting',
			description: 'The field of each item that receives the vetting',
		},
		{
			displayName: 'Reuse Existing Vetting',
			name: 'reuseVetting',
			type: 'boolean',
			default: true,
			description: 'Whether Match to Brief uses a vetting already on the item (from Enrich and Vet) instead of looking the candidate up again',
			displayOptions: showOnlyForMatchInOptions,
		},
		{
			displayName: 'Semantic Scholar URL',
			name: 'scholarUrl',
			type: 'string',
			default: DEFAULT_SCHOLAR_URL,
			description: 'The Graph API root, used when no Semantic Scholar credential is set',
		},
		{
			displayName: 'Sort by Rank',
			name: 'sortByRank',
			type: 'boolean',
			default: false,
			description: 'Whether Match to Brief emits the best match first instead of in input order',
			displayOptions: showOnlyForMatchInOptions,
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeoutMs',
			type: 'number',
			typeOptions: { minValue: 100 },
			default: 10000,
			description: 'How long to wait for one answer of any source before retrying',
		},
	],
};

export const candidateEnricherProperties: INodeProperties[] = [operation, ...briefFields, fieldMapping, ...toolInput, sources, options];
