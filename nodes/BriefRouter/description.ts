import type { INodeProperties } from 'n8n-workflow';

import { leadFieldMapping, stateStorage } from '../shared/properties';

/** Output names, in the order of core/routing/route.ts ROUTE_OUTPUTS. */
export const OUTPUT_NAMES = ['Consultant', 'Engineer', 'Hybrid', 'Review', 'Rejected'];

/** Index of the Review output: error items land here under continueOnFail, never on output 0. */
export const REVIEW_OUTPUT = 3;

const showWhenAssigning = { show: { assignOwners: [true] } };
/** Inside the Options collection, top-level parameters are addressed with a leading '/'. */
const showInOptionsWhenAssigning = { show: { '/assignOwners': [true] } };
const showInOptionsWhenDrafting = { show: { '/draftProblem': [true] } };
const showForRosterParameter = { show: { assignOwners: [true], rosterSource: ['parameter'] } };
const showForRosterField = { show: { assignOwners: [true], rosterSource: ['field'] } };

const ROSTER_EXAMPLE = `[
  {
    "name": "Jane Doe",
    "email": "jane@example.com",
    "pipelines": ["consultant", "hybrid"],
    "roles": ["ai_consultant"],
    "skills": ["ai governance", "forecasting"],
    "weight": 1,
    "dailyCapacity": 10,
    "outOfOffice": ["2025-08-04..2025-08-15"],
    "timeZone": "Europe/London"
  }
]`;

export const briefRouterProperties: INodeProperties[] = [
	{
		displayName:
			'Routes each lead to Consultant, Engineer or Hybrid with a brief, an owner and a first-response deadline. Non-leads go to Rejected; unsure or conflicting leads, and errors, go to Review.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Confidence Threshold',
		name: 'confidenceThreshold',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
		default: 0.5,
		description: 'Leads the classifier is less sure of than this go to Review instead of a pipeline',
	},
	{
		displayName: 'Assign Owners',
		name: 'assignOwners',
		type: 'boolean',
		default: true,
		description: 'Whether to give each routed lead an owner from a roster and a first-response deadline',
	},
	{
		displayName: 'Roster Source',
		name: 'rosterSource',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { assignOwners: [true] } },
		options: [
			{
				name: 'JSON Parameter',
				value: 'parameter',
				description: 'The roster below; an expression can build it from a previous node, e.g. all items of a sheet',
			},
			{
				name: 'Item Field',
				value: 'field',
				description: 'A field of each input item holds the roster (e.g. merged in from a sheet)',
			},
		],
		default: 'parameter',
	},
	{
		displayName: 'Roster',
		name: 'roster',
		type: 'json',
		displayOptions: showForRosterParameter,
		default: '[]',
		placeholder: ROSTER_EXAMPLE,
		description:
			'Owners as a JSON array: name, email, pipelines (consultant, engineer, hybrid), roles, skills, weight, dailyCapacity, outOfOffice (YYYY-MM-DD or FROM..TO), timeZone (IANA)',
	},
	{
		displayName: 'Roster Field',
		name: 'rosterField',
		type: 'string',
		displayOptions: showForRosterField,
		default: 'roster',
		description: 'The item field holding the roster array (dotted paths such as "team.owners" work)',
	},
	{
		displayName: 'Strategy',
		name: 'strategy',
		type: 'options',
		displayOptions: showWhenAssigning,
		options: [
			{
				name: 'Weighted Round Robin',
				value: 'weightedRoundRobin',
				description: 'Each owner gets leads in proportion to their weight, never more than one lead per weight unit ahead',
			},
			{
				name: 'Least Loaded',
				value: 'leastLoaded',
				description: "The owner with the fewest leads today for their weight",
			},
			{
				name: 'Best Skill Match',
				value: 'bestSkillMatch',
				description: "The owner whose skills share the most of the brief's stack; ties by weighted round robin",
			},
		],
		default: 'weightedRoundRobin',
	},
	stateStorage('Where assignment counts are kept between executions', showWhenAssigning),
	{
		displayName: 'Draft Problem With LLM',
		name: 'draftProblem',
		type: 'boolean',
		default: false,
		description:
			"Whether to have the LLM write the brief's problem statement; the deterministic text is kept when the LLM fails",
	},
	leadFieldMapping(
		'For items without a classification: where your form puts each lead field, as in the Lead Classifier. Dotted paths work.',
	),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Assignment Pool',
				name: 'pool',
				displayOptions: showInOptionsWhenAssigning,
				type: 'string',
				default: 'default',
				description:
					'Namespace of the assignment counts; a new name starts every owner at zero. With Redis, workflows that name the same pool share its fairness; with the n8n database, counts are per node.',
			},
			{
				displayName: 'Business Days',
				name: 'businessDays',
				displayOptions: showInOptionsWhenAssigning,
				type: 'multiOptions',
				options: [
					{ name: 'Monday', value: 1 },
					{ name: 'Tuesday', value: 2 },
					{ name: 'Wednesday', value: 3 },
					{ name: 'Thursday', value: 4 },
					{ name: 'Friday', value: 5 },
					{ name: 'Saturday', value: 6 },
					{ name: 'Sunday', value: 7 },
				],
				default: [1, 2, 3, 4, 5],
				description: 'Days on which the first-response deadline runs, in the owner time zone',
			},
			{
				displayName: 'Business Hours End',
				name: 'businessEnd',
				displayOptions: showInOptionsWhenAssigning,
				type: 'string',
				default: '17:00',
				placeholder: '17:00',
				description: 'When the working day ends (HH:mm, owner time zone)',
			},
			{
				displayName: 'Business Hours Start',
				name: 'businessStart',
				displayOptions: showInOptionsWhenAssigning,
				type: 'string',
				default: '09:00',
				placeholder: '09:00',
				description: 'When the working day starts (HH:mm, owner time zone)',
			},
			{
				displayName: 'Classification Field',
				name: 'classificationField',
				type: 'string',
				default: 'classification',
				description: "The item field holding the Lead Classifier's verdict; items without it are classified here",
			},
			{
				displayName: 'Fairness Window',
				name: 'fairnessWindow',
				displayOptions: showInOptionsWhenAssigning,
				type: 'options',
				options: [
					{ name: 'All Time', value: 'all', description: 'Counts never restart' },
					{ name: 'Month', value: 'month', description: 'Counts restart each calendar month (UTC)' },
					{ name: 'Week', value: 'week', description: 'Counts restart each ISO week (UTC)' },
					{ name: 'Day', value: 'day', description: 'Counts restart each day (UTC)' },
				],
				default: 'all',
				description: 'Over which period round-robin fairness is kept',
			},
			{
				displayName: 'Keep Owner for Same Lead',
				name: 'sticky',
				displayOptions: showInOptionsWhenAssigning,
				type: 'boolean',
				default: true,
				description:
					'Whether a lead routed again (same ID, or same email and message) keeps its owner without being counted twice',
			},
			{
				displayName: 'Lead Field',
				name: 'leadField',
				type: 'string',
				default: 'lead',
				description:
					"The item field holding the lead the Lead Classifier read (mapped and cleaned). When an item has it, Field Mapping is not used and the message is not cleaned again. Empty = always use Field Mapping.",
			},
			{
				displayName: 'LLM Timeout (Ms)',
				name: 'llmTimeout',
				displayOptions: showInOptionsWhenDrafting,
				type: 'number',
				typeOptions: { minValue: 100 },
				default: 15000,
				description: 'How long to wait for the LLM draft before keeping the deterministic problem statement',
			},
			// The SLA defaults repeat DEFAULT_SLA_HOURS of core/routing/sla.ts: the lint rules want literal defaults.
			{
				displayName: 'SLA Hours: Consultant',
				name: 'slaConsultant',
				displayOptions: showInOptionsWhenAssigning,
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 8,
				description: 'Business hours until the first response is due for consultant leads',
			},
			{
				displayName: 'SLA Hours: Engineer',
				name: 'slaEngineer',
				displayOptions: showInOptionsWhenAssigning,
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 4,
				description: 'Business hours until the first response is due for engineer leads',
			},
			{
				displayName: 'SLA Hours: Hybrid',
				name: 'slaHybrid',
				displayOptions: showInOptionsWhenAssigning,
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 4,
				description: 'Business hours until the first response is due for hybrid leads',
			},
		],
	},
];
