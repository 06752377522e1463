/**
 * Source of the example workflows in workflows/*.json (importable n8n workflow JSON). Writing them from code
 * keeps node ids, credential names and wiring consistent across the three files; run
 * `npx ts-node --transpile-only scripts/n8n/workflows.ts` after a change and commit the JSON.
 *
 * Credentials are referenced by name (ids are left empty): `npm start` and the e2e suite create credentials
 * with these names and bind them; a user importing by hand picks their own in each node.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export const PKG = 'n8n-nodes-talent-pipeline';

/** Credential names the workflows reference, by credential type. */
export const CREDENTIALS = {
	httpHeaderAuth: 'Lead form header',
	talentPipelineSmtp: 'Talent desk SMTP',
	talentPipelineGithubApi: 'GitHub (public data)',
	talentPipelineRedis: 'Pipeline Redis',
	talentPipelineUnsubscribeApi: 'Unsubscribe signing',
} as const;

/** n8n data tables the workflows use (created by `npm start` and the e2e suite). */
export const DATA_TABLES = {
	outreachDeferred: {
		name: 'outreach_deferred',
		columns: [
			{ name: 'email', type: 'string' },
			{ name: 'name', type: 'string' },
			{ name: 'campaign', type: 'string' },
			{ name: 'nextAllowedAt', type: 'string' },
			{ name: 'item', type: 'string' },
		],
	},
	candidateScorecards: {
		name: 'candidate_scorecards',
		columns: [
			{ name: 'candidate', type: 'string' },
			{ name: 'email', type: 'string' },
			{ name: 'githubUsername', type: 'string' },
			{ name: 'roleFit', type: 'string' },
			{ name: 'productionEvidence', type: 'string' },
			{ name: 'redFlags', type: 'string' },
			{ name: 'score', type: 'number' },
			{ name: 'evidence', type: 'string' },
			{ name: 'error', type: 'string' },
		],
	},
} as const;

export const WEBHOOK_PATHS = {
	leadIntake: 'talent-pipeline/lead',
	candidateVetting: 'talent-pipeline/vet',
	unsubscribe: 'talent-pipeline/unsubscribe',
} as const;

export const HEADER_NAME = 'X-Intake-Key';

type Json = Record<string, unknown>;
interface Node extends Json {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Json;
}
export interface Workflow {
	name: string;
	nodes: Node[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: number }>> }>;
	settings: Json;
	pinData: Json;
	meta: Json;
}

function node(id: string, name: string, type: string, typeVersion: number, position: [number, number], parameters: Json, extra: Json = {}): Node {
	return { id, name, type, typeVersion, position, parameters, ...extra };
}

function sticky(id: string, name: string, position: [number, number], width: number, height: number, content: string, color = 7): Node {
	return node(id, name, 'n8n-nodes-base.stickyNote', 1, position, { content, width, height, color });
}

/** A Filter node (v2.2) passing items whose `leftValue` expression compares to `rightValue` by `operation`. */
function filter(
	id: string,
	name: string,
	position: [number, number],
	condition: { leftValue: string; rightValue: string | number; type: 'string' | 'number'; operation: string },
	typeValidation: 'strict' | 'loose' = 'strict',
): Node {
	const { leftValue, rightValue, type, operation } = condition;
	return node(id, name, 'n8n-nodes-base.filter', 2.2, position, {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation, version: 2 },
			conditions: [{ id: `${id}-1`, leftValue, rightValue, operator: { type, operation } }],
			combinator: 'and',
		},
		options: {},
	});
}

const cred = (type: keyof typeof CREDENTIALS) => ({ [type]: { id: '', name: CREDENTIALS[type] } });

/** Connects `from` output `output` to each target (input 0, or `[name, input]`). */
function wire(wf: Workflow, from: string, output: number, ...targets: Array<string | [string, number]>): void {
	const entry = (wf.connections[from] ??= { main: [] });
	while (entry.main.length <= output) entry.main.push([]);
	for (const t of targets) {
		const [name, index] = typeof t === 'string' ? [t, 0] : t;
		entry.main[output].push({ node: name, type: 'main', index });
	}
}

function workflow(name: string, nodes: Node[]): Workflow {
	return { name, nodes, connections: {}, settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' }, pinData: {}, meta: { templateCredsSetupCompleted: false } };
}

const LEAD_FIELDS = ['id', 'name', 'email', 'company', 'companySize', 'message', 'website', 'budget', 'timeline', 'country', 'source'];
/** Webhook bodies arrive under `body`: map every lead field there. */
const bodyMapping = Object.fromEntries(LEAD_FIELDS.map((f) => [f, `body.${f}`]));

/** An example roster: replace with your own team (or feed it from a sheet with an expression). */
export const EXAMPLE_ROSTER = [
	{ name: 'Amara Okafor', email: 'amara@agency.example', pipelines: ['consultant', 'hybrid'], roles: ['ai_consultant'], skills: ['ai governance', 'forecasting', 'llm'], weight: 1, timeZone: 'Europe/London' },
	{ name: 'Jonas Weber', email: 'jonas@agency.example', pipelines: ['consultant'], roles: ['ai_consultant'], skills: ['ai governance', 'credit risk'], weight: 1, timeZone: 'Europe/Berlin' },
	{ name: 'Priya Raman', email: 'priya@agency.example', pipelines: ['engineer', 'hybrid'], roles: ['llm_engineer', 'ml_engineer'], skills: ['rag', 'llm', 'fine-tuning'], weight: 1, timeZone: 'Asia/Kolkata' },
	{ name: 'Diego Alvarez', email: 'diego@agency.example', pipelines: ['engineer', 'hybrid'], roles: ['mlops_engineer', 'ml_engineer', 'research_scientist'], skills: ['kubernetes', 'monitoring', 'model serving'], weight: 1, timeZone: 'America/Mexico_City' },
];

/** An example candidate pool for the Candidate Pool node (public GitHub logins are looked up live). */
export const EXAMPLE_POOL = [
	{ id: 'DC-01', name: 'Katarzyna Lindqvist', email: 'katarzyna.lindqvist@inbox.example', githubUsername: 'klindqvist-ops', timeZone: 'Europe/Warsaw', resumeText: 'Senior MLOps / Platform Engineer. Own the model serving platform: 38 models on KServe + Triton on EKS, ~22k requests/s at peak, p99 under 45 ms, 99.95% availability. On call for inference; built canary routing for model releases.' },
	{ id: 'DC-02', name: 'Haoran Teo', email: 'haoran.teo@mail.example', githubUsername: 'haoran-teo', timeZone: 'Asia/Singapore', resumeText: 'LLM engineer. Shipped a RAG assistant over 2M support tickets (pgvector, FastAPI, evals in CI); cut hallucinated answers from 9% to 2%; runs the on-call rotation for it.' },
	{ id: 'DC-05', name: 'Kiran Vellanki', email: 'kiran.vellanki.ai@mail.example', githubUsername: 'kvellanki-ai', timeZone: 'Asia/Kolkata', resumeText: 'AI visionary and GenAI thought leader passionate about LLMs, agents, RAG, multimodal AI and responsible AI.' },
	{ id: 'DC-07', name: 'Sipho Ndlovu', email: 'sipho.ndlovu@mail.example', githubUsername: 'sndlovu-k8s', timeZone: 'Africa/Johannesburg', resumeText: 'ML platform engineer: Kubernetes operators for model serving, Prometheus/Grafana monitoring and drift alerts, Terraform for GPU node pools.' },
	{ id: 'DC-11', name: 'Mateus Oliveira Sato', email: 'mateus.sato@mail.example', githubUsername: 'mateus-sato', timeZone: 'America/Sao_Paulo', resumeText: 'Machine learning engineer: demand forecasting models in production for a retail chain, Airflow pipelines, weekly retraining, dashboards for planners.' },
	{ id: 'DC-19', name: 'Takumi Ellison', email: 'takumi.ellison@mail.example', githubUsername: 'tellison-nlp', timeZone: 'Asia/Tokyo', resumeText: 'NLP engineer: fine-tuned language models for document classification, deployed behind a FastAPI service with CI and load tests.' },
];

function respondJson(id: string, name: string, position: [number, number], body: string, responseCode?: number): Node {
	return node(id, name, 'n8n-nodes-base.respondToWebhook', 1.5, position, {
		respondWith: 'json',
		responseBody: body,
		options: responseCode ? { responseCode } : {},
	});
}

function webhook(id: string, name: string, position: [number, number], pathName: string, webhookId: string): Node {
	return node(
		id,
		name,
		'n8n-nodes-base.webhook',
		2.1,
		position,
		{ httpMethod: 'POST', path: pathName, authentication: 'headerAuth', responseMode: 'responseNode', options: {} },
		{ webhookId, credentials: cred('httpHeaderAuth') },
	);
}

const DEFERRED_TABLE = { __rl: true, mode: 'name', value: DATA_TABLES.outreachDeferred.name };
const SCORECARD_TABLE = { __rl: true, mode: 'name', value: DATA_TABLES.candidateScorecards.name };

/** The candidate outreach both the intake and the follow-up send: one campaign, so a candidate hears from us once a month. */
function candidateOutreach(id: string, name: string, position: [number, number]): Node {
	return node(
		id,
		name,
		`${PKG}.outreach`,
		1,
		position,
		{
			channel: 'smtp',
			fromEmail: 'talent-desk@agency.example',
			fromName: 'Talent Desk',
			campaign: 'candidate-intro',
			subject: 'A new AI project that fits your work, {{name|there}}',
			text: 'Hi {{name|there}},\n\nOne of our clients needs help with this: {{brief.problem}}\n\nYour public work matched it (score {{match.score|n/a}} of 100). Would you like to hear more? Just reply to this email.\n\nTalent Desk',
			recipientEmailField: 'email',
			recipientNameField: 'name',
			cooldownDays: 30,
			stateBackend: 'n8n',
			sendWindow: { window: { timeZone: 'UTC', timeZoneField: 'timeZone', start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] } },
			options: {},
		},
		// A failed send stays on Not Sent with its reason (status `failed`): the run and the other candidates go on.
		{ credentials: cred('talentPipelineSmtp'), onError: 'continueRegularOutput' },
	);
}

/** The reviewer mail's excerpt of the lead's message: text (an object is shown as JSON), at most 2,000 characters. */
const MESSAGE_EXCERPT = [
	'={{ (() => {',
	"  const m = $json.lead?.message ?? $json.body?.message; const text = m == null ? '' : typeof m === 'string' ? m : JSON.stringify(m);",
	"  return text.length > 2000 ? text.slice(0, 2000) + ' [... ' + (text.length - 2000) + ' more characters]' : text;",
	'})() }}',
].join('\n');

export function leadIntake(): Workflow {
	const wf = workflow('Talent Pipeline: Lead intake', [
		sticky('li-n1', 'Setup', [-460, -420], 520, 560, [
			'## Lead intake: setup',
			'Your contact form POSTs each lead as JSON to this webhook, with the header `X-Intake-Key`.',
			'',
			'1. **Lead Form**: create a *Header Auth* credential (name `X-Intake-Key`, value: a long random secret) and give it to your form.',
			'2. **Talent desk SMTP**: a *Talent Pipeline SMTP* credential for the notifications and the candidate emails.',
			'3. **GitHub (public data)**: optional *Talent Pipeline GitHub API* credential (a token raises the rate limit).',
			'4. **Brief Router**: put your team in *Roster*.',
			'5. **Candidate Pool**: replace the example pool with your own source.',
			'6. Create the data table `outreach_deferred` (email, name, campaign, nextAllowedAt, item: text) for emails held back by the send window; the *Outreach follow-up* workflow sends them later.',
			'',
			'In queue mode (several workers), set *State Storage* to Redis in Brief Router and every Outreach node.',
			'',
			'`curl -X POST -H "X-Intake-Key: $SECRET" -H "Content-Type: application/json" -d \'{"name":"Ana","email":"ana@acme.example","company":"Acme","message":"We need an ML engineer to ship demand forecasts"}\' $N8N/webhook/talent-pipeline/lead`',
		].join('\n'), 4),
		sticky('li-n2', 'How it routes', [120, -420], 980, 170, [
			'## What happens to a lead',
			'**Lead Classifier** labels it (lead, job seeker, vendor, spam; stage, track, first role). **Brief Router** writes the brief, picks an owner and a first-response deadline, and sends it down one output. The caller gets the routing decision at once (**Respond With Routing**).',
			'- **Consultant**: the owner is emailed. **Engineer / Hybrid**: the pool is vetted once per run (however many leads arrive), then matched to each brief, and the top 3 candidates of each brief get one email each (at most once per 30 days; outside office hours they wait in `outreach_deferred`).',
			'- **Review**: a person is emailed. **Rejected**: job seekers get a polite pointer to the talent pool; vendors and spam get nothing.',
			'- **A lead that cannot be read** (say, a message that is not text) leaves the Lead Classifier by its error output: the form gets a 422 naming the field, and a person is emailed.',
		].join('\n'), 5),
		webhook('li-1', 'Lead Form', [-400, 300], WEBHOOK_PATHS.leadIntake, '5f1c6a52-7a4e-4a40-9d0b-3c1f0d7e2a11'),
		// A lead the classifier cannot read leaves by the error output (On Error: Continue (using error output)).
		node('li-2', 'Lead Classifier', `${PKG}.leadClassifier`, 1, [-180, 300], { mode: 'model', fieldMapping: bodyMapping, options: {} }, { onError: 'continueErrorOutput' }),
		node('li-3', 'Brief Router', `${PKG}.briefRouter`, 1, [40, 300], {
			confidenceThreshold: 0.5,
			assignOwners: true,
			rosterSource: 'parameter',
			roster: JSON.stringify(EXAMPLE_ROSTER, null, 2),
			strategy: 'weightedRoundRobin',
			stateBackend: 'n8n',
			// No field mapping: the router reads `lead`, the lead the Lead Classifier read and cleaned.
			fieldMapping: {},
			options: {},
			// An item the router cannot route (a bad roster, an unreachable state store) goes to Review with its reason in `routing`.
		}, { onError: 'continueRegularOutput' }),
		respondJson(
			'li-17',
			'Reject Invalid Lead',
			[-180, 560],
			'={{ { "error": "the lead could not be read", "message": $json.error.message, "field": $json.error.field ?? null } }}',
			422,
		),
		respondJson(
			'li-4',
			'Respond With Routing',
			[380, -120],
			'={{ { "output": $json.routing.output, "reasons": $json.routing.reasons, "disposition": $json.classification.disposition, "stage": $json.classification.stage, "track": $json.classification.track, "primaryRole": $json.classification.primaryRole, "owner": $json.owner ?? null, "slaDueAt": $json.slaDueAt ?? null, "problem": $json.brief?.problem ?? null } }}',
		),
		node(
			'li-5',
			'Notify Owner',
			`${PKG}.outreach`,
			1,
			[380, 60],
			{
				channel: 'smtp',
				fromEmail: 'talent-desk@agency.example',
				fromName: 'Talent Desk',
				campaign: '=lead-{{ $json.lead.id || $json.lead.email }}',
				subject: 'New consultant lead: {{lead.company|a new company}}',
				text: 'Hi {{owner.name}},\n\nA new consultant lead is yours: {{lead.name|someone}} <{{lead.email|no email}}> at {{lead.company|an unnamed company}}.\n\nProblem: {{brief.problem}}\nStage: {{brief.stage}}\nFirst response due: {{slaDueAt}}\n\nTalent Pipeline',
				recipientEmailField: 'owner.email',
				recipientNameField: 'owner.name',
				cooldownDays: 0,
				stateBackend: 'n8n',
				options: {},
			},
			// A failed notification leaves by Not Sent (status `failed`) and goes to Review: the lead is not lost.
			{ credentials: cred('talentPipelineSmtp'), onError: 'continueRegularOutput' },
		),
		// A lead sent again finds its notification already claimed: that is not a failure.
		filter('li-20', 'Owner Not Notified', [600, 120], { leftValue: '={{ $json.outreach.status }}', rightValue: 'skipped_duplicate', type: 'string', operation: 'notEquals' }),
		// Engineer and Hybrid leads meet here, so everything after runs once per execution, not once per output.
		node('li-16', 'Engineer or Hybrid', 'n8n-nodes-base.merge', 3.2, [380, 260], { mode: 'append', numberInputs: 2 }),
		node('li-6', 'Candidate Pool', 'n8n-nodes-base.code', 2, [600, 260], {
			jsCode: [
				'// The candidates to match against the briefs. Replace POOL with your own source:',
				'// a Google Sheet, a data table or your ATS, feeding items with name, email, githubUsername, resumeText.',
				'// One item per candidate, however many leads arrive: each candidate is vetted once per run.',
				`const POOL = ${JSON.stringify(EXAMPLE_POOL, null, 2)};`,
				'',
				'return POOL.map((candidate) => ({ json: candidate }));',
			].join('\n'),
		}),
		node(
			'li-18',
			'Vet Pool',
			`${PKG}.candidateEnricher`,
			1,
			[820, 260],
			{ operation: 'enrichAndVet', fieldMapping: {}, options: {} },
			{ credentials: cred('talentPipelineGithubApi') },
		),
		// Each brief is matched against the vetted pool: every (candidate, lead) pair, by n8n's own Merge. The pairs
		// carry each candidate's vetting, so Match to Brief reuses it: nothing is looked up or vetted again.
		node('li-19', 'Pair With Briefs', 'n8n-nodes-base.merge', 3.2, [1040, 260], { mode: 'combine', combineBy: 'combineAll', options: {} }),
		node(
			'li-7',
			'Match to Brief',
			`${PKG}.candidateEnricher`,
			1,
			[1260, 260],
			{ operation: 'matchToBrief', briefSource: 'field', briefField: 'brief', fieldMapping: {}, options: { sortByRank: true, reuseVetting: true } },
			{ credentials: cred('talentPipelineGithubApi') },
		),
		filter('li-8', 'Top Candidates', [1480, 260], { leftValue: '={{ $json.match.rank }}', rightValue: 3, type: 'number', operation: 'lte' }, 'loose'),
		candidateOutreach('li-9', 'Outreach to Candidates', [1700, 260]),
		node('li-10', 'Keep Deferred', 'n8n-nodes-base.code', 2, [1920, 360], {
			jsCode: [
				'// Emails held back by the send window wait in the data table `outreach_deferred`;',
				'// the Outreach follow-up workflow sends them once the window opens.',
				"return $input.all().filter((i) => i.json.outreach?.status === 'outside_window').map((i) => ({",
				'  json: {',
				'    email: i.json.email, name: i.json.name ?? null, campaign: i.json.outreach.campaign, nextAllowedAt: i.json.outreach.nextAllowedAt,',
				'    item: JSON.stringify({ id: i.json.id, name: i.json.name, email: i.json.email, timeZone: i.json.timeZone, brief: { problem: i.json.brief?.problem, track: i.json.brief?.track }, match: { score: i.json.match?.score } }),',
				'  },',
				'}));',
			].join('\n'),
		}),
		node('li-11', 'Save Deferred', 'n8n-nodes-base.dataTable', 1.1, [2140, 360], {
			resource: 'row',
			operation: 'insert',
			dataTableId: DEFERRED_TABLE,
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
			options: {},
		}),
		node('li-12', 'Reviewer', 'n8n-nodes-base.set', 3.4, [380, 460], {
			assignments: {
				assignments: [
					{ id: 'rv-1', name: 'reviewer.email', value: 'review@agency.example', type: 'string' },
					{ id: 'rv-2', name: 'reviewer.name', value: 'Lead review desk', type: 'string' },
					// The message as text, cut to 2,000 characters: a mail is for deciding, and a form can post megabytes.
					{ id: 'rv-3', name: 'messageExcerpt', value: MESSAGE_EXCERPT, type: 'string' },
				],
			},
			includeOtherFields: true,
			options: {},
		}),
		node(
			'li-13',
			'Notify Reviewer',
			`${PKG}.outreach`,
			1,
			[600, 460],
			{
				channel: 'smtp',
				fromEmail: 'talent-desk@agency.example',
				fromName: 'Talent Desk',
				campaign: '=review-{{ $json.body.id || $json.body.email || $execution.id }}',
				subject: 'Lead to review: {{body.company|unknown company}} ({{body.email|no email}})',
				text: 'A lead needs a person to decide.\n\nFrom: {{body.name|someone}} <{{body.email|no email}}> at {{body.company|an unnamed company}}\nWhy: {{routing.reasons|the lead could not be read}}\nError: {{error.message|none}}\nOwner notification: {{outreach.status|not attempted}} {{outreach.reason|}}\nClassifier: {{classification.disposition|none}} / {{classification.track|no track}}, confidence {{classification.confidence|n/a}}\nProblem: {{brief.problem|no brief}}\n\nMessage:\n{{messageExcerpt|(empty)}}',
				recipientEmailField: 'reviewer.email',
				recipientNameField: 'reviewer.name',
				cooldownDays: 0,
				stateBackend: 'n8n',
				options: {},
			},
			{ credentials: cred('talentPipelineSmtp'), onError: 'continueRegularOutput' },
		),
		filter('li-14', 'Job Seekers Only', [380, 660], { leftValue: '={{ $json.classification.disposition }}', rightValue: 'job_seeker', type: 'string', operation: 'equals' }),
		node(
			'li-15',
			'Talent Pool Reply',
			`${PKG}.outreach`,
			1,
			[600, 660],
			{
				channel: 'smtp',
				fromEmail: 'talent-desk@agency.example',
				fromName: 'Talent Desk',
				campaign: 'talent-pool-reply',
				subject: 'Thanks for getting in touch, {{lead.name|there}}',
				text: 'Hi {{lead.name|there}},\n\nThank you for writing to us. This address is for companies looking for AI help, so we cannot take applications here, but we would be glad to have you in our talent pool: https://agency.example/talent-pool\n\nWe match people from the pool to new projects every week.\n\nTalent Desk',
				// `email` and `name` are read from `lead` (the Lead Classifier's output) when the item has no such field.
				recipientEmailField: 'email',
				recipientNameField: 'name',
				cooldownDays: 0,
				stateBackend: 'n8n',
				options: {},
			},
			{ credentials: cred('talentPipelineSmtp'), onError: 'continueRegularOutput' },
		),
	]);
	// Respond With Routing sits highest on the canvas, so in execution order v1 it answers before the branches run.
	wire(wf, 'Lead Form', 0, 'Lead Classifier');
	wire(wf, 'Lead Classifier', 0, 'Brief Router');
	wire(wf, 'Lead Classifier', 1, 'Reject Invalid Lead', 'Reviewer');
	wire(wf, 'Brief Router', 0, 'Respond With Routing', 'Notify Owner');
	wire(wf, 'Brief Router', 1, 'Respond With Routing', ['Engineer or Hybrid', 0]);
	wire(wf, 'Brief Router', 2, 'Respond With Routing', ['Engineer or Hybrid', 1]);
	wire(wf, 'Brief Router', 3, 'Respond With Routing', 'Reviewer');
	wire(wf, 'Brief Router', 4, 'Respond With Routing', 'Job Seekers Only');
	wire(wf, 'Engineer or Hybrid', 0, 'Candidate Pool', ['Pair With Briefs', 1]);
	wire(wf, 'Candidate Pool', 0, 'Vet Pool');
	wire(wf, 'Vet Pool', 0, 'Pair With Briefs');
	wire(wf, 'Pair With Briefs', 0, 'Match to Brief');
	wire(wf, 'Match to Brief', 0, 'Top Candidates');
	wire(wf, 'Top Candidates', 0, 'Outreach to Candidates');
	wire(wf, 'Outreach to Candidates', 1, 'Keep Deferred');
	wire(wf, 'Keep Deferred', 0, 'Save Deferred');
	wire(wf, 'Notify Owner', 1, 'Owner Not Notified');
	wire(wf, 'Owner Not Notified', 0, 'Reviewer');
	wire(wf, 'Reviewer', 0, 'Notify Reviewer');
	wire(wf, 'Job Seekers Only', 0, 'Talent Pool Reply');
	return wf;
}

export function candidateVetting(): Workflow {
	const wf = workflow('Talent Pipeline: Candidate vetting', [
		sticky('cv-n1', 'Setup', [-520, -420], 560, 380, [
			'## Candidate vetting: setup',
			'POST a batch of candidates to this webhook: `{"candidates": [{"name", "email", "githubUsername", "resumeText"}, ...]}` with the header `X-Intake-Key`.',
			'',
			'Each candidate is enriched from public GitHub work and the résumé, and vetted for *production* experience: role fit, evidence (with a link for each signal), red flags, score.',
			'',
			'1. **Candidates In**: the same *Header Auth* credential as Lead intake.',
			'2. **Enrich and Vet**: optional *Talent Pipeline GitHub API* credential (a token raises GitHub\'s rate limit; GitHub Enterprise: set the server URL).',
			'3. Create the data table `candidate_scorecards` (candidate, email, githubUsername, roleFit, productionEvidence, redFlags, evidence, error: text; score: number). Export it as CSV from the Data tables page.',
			'',
			'The caller gets the scorecards back as JSON too.',
		].join('\n'), 4),
		webhook('cv-1', 'Candidates In', [-440, 60], WEBHOOK_PATHS.candidateVetting, '8d2b1e44-5c7f-4f0e-a7a1-6b9f3c2d4e55'),
		node('cv-2', 'One Item per Candidate', 'n8n-nodes-base.code', 2, [-220, 60], {
			jsCode: [
				'// The body holds { candidates: [...] } (or a bare array): one item per candidate.',
				'const body = $input.first().json.body;',
				'const list = Array.isArray(body) ? body : Array.isArray(body?.candidates) ? body.candidates : [];',
				'return list.map((candidate) => ({ json: candidate }));',
			].join('\n'),
		}),
		node(
			'cv-3',
			'Enrich and Vet',
			`${PKG}.candidateEnricher`,
			1,
			[0, 60],
			{ operation: 'enrichAndVet', fieldMapping: {}, options: {} },
			{ credentials: cred('talentPipelineGithubApi'), onError: 'continueRegularOutput' },
		),
		node('cv-4', 'Scorecards', 'n8n-nodes-base.code', 2, [220, 60], {
			jsCode: [
				'// One flat scorecard per candidate; a candidate that could not be vetted says why.',
				'return $input.all().map(({ json }) => {',
				'  const v = json.vetting;',
				'  return {',
				'    json: {',
				"      candidate: json.name ?? '', email: json.email ?? '', githubUsername: json.githubUsername ?? '',",
				"      roleFit: v?.roleFit ?? '', productionEvidence: v?.productionEvidence ?? '', redFlags: (v?.redFlags ?? []).join(', '),",
				'      score: v?.score ?? 0,',
				"      evidence: (v?.evidence ?? []).slice(0, 5).map((e) => `${e.signal}: ${e.url ?? e.excerpt ?? ''}`).join('\\n'),",
				"      error: json.error ? String(json.error.message ?? json.error) : '',",
				'    },',
				'  };',
				'});',
			].join('\n'),
		}),
		node('cv-5', 'Respond With Scorecards', 'n8n-nodes-base.respondToWebhook', 1.5, [440, -60], { respondWith: 'allIncomingItems', options: {} }),
		node('cv-6', 'Save Scorecards', 'n8n-nodes-base.dataTable', 1.1, [440, 140], {
			resource: 'row',
			operation: 'insert',
			dataTableId: SCORECARD_TABLE,
			columns: { mappingMode: 'autoMapInputData', value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false },
			options: {},
		}),
	]);
	wire(wf, 'Candidates In', 0, 'One Item per Candidate');
	wire(wf, 'One Item per Candidate', 0, 'Enrich and Vet');
	wire(wf, 'Enrich and Vet', 0, 'Scorecards');
	wire(wf, 'Scorecards', 0, 'Respond With Scorecards', 'Save Scorecards');
	return wf;
}

export function outreachFollowUp(): Workflow {
	const wf = workflow('Talent Pipeline: Outreach follow-up', [
		sticky('fu-n1', 'Setup', [-520, -420], 600, 380, [
			'## Outreach follow-up: setup',
			'Lead intake holds back candidate emails that fall outside the send window (Mon-Fri 09:00-17:00 in the candidate\'s time zone) and stores them in the data table `outreach_deferred` with the time they may go (`nextAllowedAt`).',
			'',
			'Every 15 minutes this workflow takes the rows that are due, sends them with **the same Outreach settings and campaign** and removes the rows that are done. Rows still outside the window stay for the next run.',
			'',
			'At most once across both workflows needs a shared record: with *State Storage* = N8n Database each Outreach node keeps its own, so set this node and *Outreach to Candidates* in Lead intake to **Redis** (one *Talent Pipeline Redis* credential) when the same people may reach both.',
			'',
			'Credentials: *Talent desk SMTP* (as in Lead intake). Activate this workflow after Lead intake.',
		].join('\n'), 4),
		node('fu-1', 'Every 15 Minutes', 'n8n-nodes-base.scheduleTrigger', 1.2, [-440, 60], { rule: { interval: [{ field: 'minutes', minutesInterval: 15 }] } }),
		node('fu-2', 'Deferred Outreach', 'n8n-nodes-base.dataTable', 1.1, [-220, 60], {
			resource: 'row',
			operation: 'get',
			dataTableId: DEFERRED_TABLE,
			matchType: 'anyCondition',
			filters: {},
			returnAll: true,
			options: {},
		}, { alwaysOutputData: false }),
		node('fu-3', 'Due Now', 'n8n-nodes-base.code', 2, [0, 60], {
			jsCode: [
				'// Rows whose send window has opened, back as the items Lead intake held back.',
				'const now = Date.now();',
				'return $input.all()',
				"  .filter((row) => row.json.nextAllowedAt && Date.parse(row.json.nextAllowedAt) <= now)",
				'  .map((row) => {',
				'    let item = {};',
				"    try { item = JSON.parse(row.json.item || '{}'); } catch { item = { email: row.json.email, name: row.json.name }; }",
				'    return { json: { ...item, email: row.json.email, name: row.json.name, deferredRowId: row.json.id } };',
				'  });',
			].join('\n'),
		}),
		candidateOutreach('fu-4', 'Outreach to Candidates', [220, 60]),
		node('fu-5', 'Done Rows', 'n8n-nodes-base.code', 2, [440, 60], {
			jsCode: [
				'// Sent, or settled for good (duplicate, suppressed...): remove the row. Still outside the window: keep it.',
				"return $input.all().filter((i) => i.json.outreach?.status !== 'outside_window').map((i) => ({ json: { rowId: i.json.deferredRowId, status: i.json.outreach?.status } }));",
			].join('\n'),
		}),
		node('fu-6', 'Remove Done Rows', 'n8n-nodes-base.dataTable', 1.1, [660, 60], {
			resource: 'row',
			operation: 'deleteRows',
			dataTableId: DEFERRED_TABLE,
			matchType: 'allConditions',
			filters: { conditions: [{ keyName: 'id', condition: 'eq', keyValue: '={{ $json.rowId }}' }] },
			options: {},
		}),
	]);
	wire(wf, 'Every 15 Minutes', 0, 'Deferred Outreach');
	wire(wf, 'Deferred Outreach', 0, 'Due Now');
	wire(wf, 'Due Now', 0, 'Outreach to Candidates');
	wire(wf, 'Outreach to Candidates', 0, 'Done Rows');
	wire(wf, 'Outreach to Candidates', 1, 'Done Rows');
	wire(wf, 'Done Rows', 0, 'Remove Done Rows');
	return wf;
}

/**
 * The receiving end of signed one-click unsubscribe links (RFC 8058). Mail programs that support one-click POST
 * `List-Unsubscribe=One-Click` to the link itself (token in the query): Verify Unsubscribe checks the token and puts
 * the address on the unsubscribed list in Redis, which every Outreach node sharing that Redis checks before sending.
 * A GET (a person clicking the link, or a link scanner) never unsubscribes: it gets a page with a button that POSTs
 * the same request.
 */
export function outreachUnsubscribe(): Workflow {
	const webhookNode = (id: string, name: string, position: [number, number], method: 'GET' | 'POST', webhookId: string) =>
		node(id, name, 'n8n-nodes-base.webhook', 2.1, position, { httpMethod: method, path: WEBHOOK_PATHS.unsubscribe, responseMode: 'responseNode', options: {} }, { webhookId });
	const respond = (id: string, name: string, position: [number, number], code: number, body: string) =>
		node(id, name, 'n8n-nodes-base.respondToWebhook', 1.5, position, {
			respondWith: 'text',
			responseBody: body,
			options: { responseCode: code, responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Cache-Control', value: 'no-store' }] } },
		});
	const wf = workflow('Talent Pipeline: Outreach unsubscribe', [
		sticky('un-n1', 'Setup', [-520, -460], 640, 420, [
			'## Outreach unsubscribe: setup',
			'Receives the signed one-click unsubscribe links (RFC 8058) that Outreach puts in `List-Unsubscribe`.',
			'',
			'1. **Unsubscribe signing**: a *Talent Pipeline Unsubscribe API* credential with a long random *Secret* (`openssl rand -base64 32`).',
			'2. **Pipeline Redis**: a *Talent Pipeline Redis* credential. The unsubscribed list lives there, so every Outreach node that sends must use **State Storage = Redis** with the same credential.',
			'3. In each sending Outreach node: *Unsubscribe URL* = this workflow\'s production URL (`$N8N/webhook/talent-pipeline/unsubscribe`), *Sign Unsubscribe Links* on, the same *Unsubscribe signing* credential.',
			'',
			'A POST with a genuine token (the mail program\'s one-click, or the button of the page a GET shows) suppresses the address for every later send of every campaign; a forged or altered token gets 400. A GET never unsubscribes by itself: link scanners open links.',
		].join('\n'), 4),
		webhookNode('un-1', 'One-Click POST', [-440, 60], 'POST', 'b7d7c3c2-3f4e-4a51-9a7e-7f1d2c0a5e01'),
		node('un-2', 'Verify Unsubscribe', `${PKG}.outreach`, 1, [-200, 60], { operation: 'verifyUnsubscribe', signedLinkField: 'query.token', stateBackend: 'redis' }, {
			credentials: { ...cred('talentPipelineUnsubscribeApi'), ...cred('talentPipelineRedis') },
		}),
		respond('un-3', 'Unsubscribed', [60, -20], 200, '<!doctype html><title>Unsubscribed</title><p>You are unsubscribed. You will not get these emails again.</p>'),
		respond('un-4', 'Refused', [60, 140], 400, '<!doctype html><title>Link not valid</title><p>This unsubscribe link is not valid. Please use the link from the email itself, or reply to it.</p>'),
		webhookNode('un-5', 'Link Opened (GET)', [-440, 320], 'GET', 'b7d7c3c2-3f4e-4a51-9a7e-7f1d2c0a5e02'),
		node('un-6', 'Confirmation Page', 'n8n-nodes-base.code', 2, [-200, 320], {
			jsCode: [
				'// A GET must not unsubscribe (link scanners open links): show a button that sends the one-click POST.',
				'// The token is base64url with dots; anything else is dropped, so nothing from the query reaches the page unescaped.',
				"const token = String($json.query?.token ?? '').replace(/[^A-Za-z0-9._-]/g, '').slice(0, 1200);",
				'const page = `<!doctype html><title>Unsubscribe</title><form method="post" action="?token=${token}">` +',
				'  \'<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>\';',
				'return [{ json: { page } }];',
			].join('\n'),
		}),
		node('un-7', 'Show Page', 'n8n-nodes-base.respondToWebhook', 1.5, [60, 320], {
			respondWith: 'text',
			responseBody: '={{ $json.page }}',
			options: { responseCode: 200, responseHeaders: { entries: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }, { name: 'Cache-Control', value: 'no-store' }] } },
		}),
	]);
	wire(wf, 'One-Click POST', 0, 'Verify Unsubscribe');
	wire(wf, 'Verify Unsubscribe', 0, 'Unsubscribed');
	wire(wf, 'Verify Unsubscribe', 1, 'Refused');
	wire(wf, 'Link Opened (GET)', 0, 'Confirmation Page');
	wire(wf, 'Confirmation Page', 0, 'Show Page');
	return wf;
}

const BENCH_RESPONSE =
	'={{ { "output": $json.routing?.output ?? $json.output, "disposition": $json.classification.disposition, "track": $json.classification.track, "primaryRole": $json.classification.primaryRole } }}';

function plainWebhook(id: string, pathName: string, webhookId: string): Node {
	return node(id, 'Webhook', 'n8n-nodes-base.webhook', 2.1, [0, 0], { httpMethod: 'POST', path: pathName, responseMode: 'responseNode', options: {} }, { webhookId });
}

/** Benchmark: webhook -> Lead Classifier -> Brief Router (route only, or with owner assignment) -> routed response. */
export function benchPackage(assign: boolean): Workflow {
	const suffix = assign ? 'assign' : 'route';
	const wf = workflow(`Bench: package routing (${suffix})`, [
		plainWebhook('bp-1', `bench/package-${suffix}`, assign ? '0c0ffee0-0000-4000-8000-00000000a551' : '0c0ffee0-0000-4000-8000-000000000e01'),
		node('bp-2', 'Lead Classifier', `${PKG}.leadClassifier`, 1, [220, 0], { mode: 'rules', fieldMapping: bodyMapping, options: {} }),
		node('bp-3', 'Brief Router', `${PKG}.briefRouter`, 1, [440, 0], {
			confidenceThreshold: 0.5,
			assignOwners: assign,
			rosterSource: 'parameter',
			roster: JSON.stringify(EXAMPLE_ROSTER),
			strategy: 'weightedRoundRobin',
			stateBackend: 'n8n',
			fieldMapping: bodyMapping,
			options: {},
		}),
		respondJson('bp-4', 'Respond', [700, 0], BENCH_RESPONSE),
	]);
	wire(wf, 'Webhook', 0, 'Lead Classifier');
	wire(wf, 'Lead Classifier', 0, 'Brief Router');
	for (let output = 0; output < 5; output++) wire(wf, 'Brief Router', output, 'Respond');
	return wf;
}

/**
 * The baseline: the same routing built only from n8n's own nodes, as a user without this package would:
 * a Code node with keyword rules for disposition, track and role, and a Switch with the same five outputs.
 */
export function benchBaseline(): Workflow {
	const wf = workflow('Bench: baseline routing (Code + Switch)', [
		plainWebhook('bb-1', 'bench/baseline', '0c0ffee0-0000-4000-8000-0000000ba5e1'),
		node('bb-2', 'Classify', 'n8n-nodes-base.code', 2, [220, 0], {
			jsCode: [
				'const has = (re, text) => re.test(text);',
				'return $input.all().map((item) => {',
				"  const text = String(item.json.body?.message ?? '').toLowerCase();",
				'  let disposition = "lead";',
				'  if (has(/casino|crypto|viagra|pills|replica|btc|test - please ignore|^test$/, text)) disposition = "spam";',
				'  else if (has(/\\b(my cv|my resume|looking for (a )?(job|position|role)|hire me|talent pool|years of experience)\\b/, text)) disposition = "job_seeker";',
				'  else if (has(/\\b(we (can )?(offer|provide|supply)|outsourc|nearshore|seo|lead generation|partnership|reseller)\\b/, text)) disposition = "vendor";',
				'  let track = null, primaryRole = null, stage = null;',
				'  if (disposition === "lead") {',
				'    const strategy = has(/\\b(strategy|roadmap|roi|use cases?|governance|compliance|audit|assessment|vendor evaluation)\\b/, text);',
				'    const build = has(/\\b(build|ship|deploy|train|fine-tune|integrat|migrat|monitor|optimi[sz]e|production)\\b/, text);',
				'    track = strategy && build ? "hybrid" : strategy ? "consultant" : "engineer";',
				'    primaryRole = track === "consultant" ? "ai_consultant"',
				'      : has(/\\b(llm|rag|chatbot|assistant|agent|prompt|embedding|vector)\\b/, text) ? "llm_engineer"',
				'      : has(/\\b(kubernetes|docker|mlops|serving|drift|feature store|registry|gpu|latency)\\b/, text) ? "mlops_engineer"',
				'      : has(/\\b(novel|state of the art|research|publish|architecture)\\b/, text) ? "research_scientist" : "ml_engineer";',
				'    stage = has(/\\bin production\\b|models in production/, text) ? "scale" : has(/\\b(explor|unsure|idea|first)\\b/, text) ? "early" : "growth";',
				'  }',
				'  const output = disposition !== "lead" ? "rejected" : track;',
				'  return { json: { ...item.json, classification: { disposition, stage, track, primaryRole }, output } };',
				'});',
			].join('\n'),
		}),
		node('bb-3', 'Route', 'n8n-nodes-base.switch', 3.2, [440, 0], {
			rules: {
				values: ['consultant', 'engineer', 'hybrid', 'review', 'rejected'].map((route, i) => ({
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [{ id: `r-${i}`, leftValue: '={{ $json.output }}', rightValue: route, operator: { type: 'string', operation: 'equals' } }],
						combinator: 'and',
					},
					renameOutput: true,
					outputKey: route,
				})),
			},
			options: {},
		}),
		respondJson('bb-4', 'Respond', [700, 0], BENCH_RESPONSE),
	]);
	wire(wf, 'Webhook', 0, 'Classify');
	wire(wf, 'Classify', 0, 'Route');
	for (let output = 0; output < 5; output++) wire(wf, 'Route', output, 'Respond');
	return wf;
}

export const BENCH: Record<string, () => Workflow> = {
	'baseline-routing.json': benchBaseline,
	'package-routing.json': () => benchPackage(false),
	'package-routing-assign.json': () => benchPackage(true),
};

export const EXAMPLES: Record<string, () => Workflow> = {
	'lead-intake.json': leadIntake,
	'candidate-vetting.json': candidateVetting,
	'outreach-follow-up.json': outreachFollowUp,
	'outreach-unsubscribe.json': outreachUnsubscribe,
};

if (require.main === module) {
	const dir = path.resolve(__dirname, '..', '..', 'workflows');
	for (const [file, build] of Object.entries(EXAMPLES)) {
		writeFileSync(path.join(dir, file), `${JSON.stringify(build(), null, '\t')}\n`);
		process.stdout.write(`wrote workflows/${file}\n`);
	}
	const benchDir = path.resolve(__dirname, '..', '..', 'bench', 'e2e');
	for (const [file, build] of Object.entries(BENCH)) {
		writeFileSync(path.join(benchDir, file), `${JSON.stringify(build(), null, '\t')}\n`);
		process.stdout.write(`wrote bench/e2e/${file}\n`);
	}
}
