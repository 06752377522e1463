import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { normaliseHfUsername } from '../../../core/candidate/huggingface';
import { normaliseLogin } from '../../../core/candidate/login';
import { checkPaperIdentifiers } from '../../../core/candidate/papers';
import { Candidate, type Vetting } from '../../../core/candidate/schema';
import type { SourceOutcome } from '../../../core/candidate/sources';
import { vetCandidate, type SourceOutcomes } from '../../../core/candidate/vet';
import { formatIssuePath, InputError, ServiceError } from '../../../core/errors';
import { readPath } from '../../../core/path';
import { DEFAULT_GITHUB_URL, GithubClient, ObjectEtagCache } from '../../../transport/github';
import { DEFAULT_HUGGINGFACE_URL, huggingFaceClient } from '../../../transport/huggingface';
import { DEFAULT_SCHOLAR_URL, scholarClient } from '../../../transport/scholar';
import { readCandidateSources, SOURCE_SERVICES, type CandidateSources, type SourceClients, type SourceSwitches } from '../../../transport/sources';
import { n8nHttpClient } from '../../shared/http';
import { CANDIDATE_FIELDS, type CandidateField } from '../description';

export const CREDENTIAL = 'talentPipelineGithubApi';
export const HUGGINGFACE_CREDENTIAL = 'talentPipelineHuggingFaceApi';
export const SCHOLAR_CREDENTIAL = 'talentPipelineSemanticScholarApi';

export interface EnricherOptions {
	cacheSize: number;
	concurrency: number;
	githubUrl: string;
	huggingfaceUrl: string;
	scholarUrl: string;
	maxRepositories: number;
	maxAttempts: number;
	maxWaitSeconds: number;
	onGithubError: 'resumeOnly' | 'error';
	failOnSourceError: boolean;
	papersByNameAndEmail: boolean;
	outputField: string;
	reuseVetting: boolean;
	sortByRank: boolean;
	timeoutMs: number;
	sources: SourceSwitches;
}

export function readOptions(ctx: IExecuteFunctions): EnricherOptions {
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const sw = ctx.getNodeParameter('sources', 0, {}) as IDataObject;
	const n = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
	const url = (v: unknown, d: string): string => (typeof v === 'string' && v.trim() !== '' ? v : d);
	return {
		cacheSize: Math.max(0, Math.floor(n(o.cacheSize, 600))),
		concurrency: Math.max(1, Math.min(32, Math.floor(n(o.concurrency, 8)))),
		githubUrl: url(o.githubUrl, DEFAULT_GITHUB_URL),
		huggingfaceUrl: url(o.huggingfaceUrl, DEFAULT_HUGGINGFACE_URL),
		scholarUrl: url(o.scholarUrl, DEFAULT_SCHOLAR_URL),
		maxRepositories: Math.max(0, Math.min(5, Math.floor(n(o.maxRepositories, 5)))),
		maxAttempts: Math.max(1, Math.min(10, Math.floor(n(o.maxAttempts, 4)))),
		maxWaitSeconds: Math.max(0, n(o.maxWaitSeconds, 60)),
		onGithubError: o.onGithubError === 'error' ? 'error' : 'resumeOnly',
		failOnSourceError: o.failOnSourceError === true,
		papersByNameAndEmail: o.papersByNameAndEmail === true,
		outputField: typeof o.outputField === 'string' && o.outputField.trim() !== '' ? o.outputField.trim() : 'vetting',
		reuseVetting: o.reuseVetting !== false,
		sortByRank: o.sortByRank === true,
		timeoutMs: Math.max(100, n(o.timeoutMs, 10000)),
		sources: {
			github: sw.github !== false,
			huggingface: sw.huggingface !== false,
			papers: sw.papers !== false,
			mergedPrs: sw.mergedPrs !== false,
			portfolio: sw.portfolio !== false,
		},
	};
}

/** One client per source and execution. */
export type EnricherClients = SourceClients;

/** The credential of `type` if the node has one: its server URL and secret values. */
async function credentialOf(ctx: IExecuteFunctions, type: string, secretField: string): Promise<{ has: boolean; server?: string; secrets: string[] }> {
	if (!ctx.getNode().credentials?.[type]) return { has: false, secrets: [] };
	const credentials = await ctx.getCredentials(type);
	const server = typeof credentials.server === 'string' && credentials.server.trim() !== '' ? credentials.server : undefined;
	const secret = credentials[secretField];
	return { has: true, server, secrets: typeof secret === 'string' && secret !== '' ? [secret] : [] };
}

/**
 * One GitHub client per execution: the credential (if the node has one) gives
 * the server URL and, through n8n's authentication, the token; without one the
 * node reads anonymously from the GitHub API URL option. The ETag cache lives
 * in the node's workflow static data.
 */
export async function createGithubClient(ctx: IExecuteFunctions, options: EnricherOptions): Promise<GithubClient> {
	const cred = await credentialOf(ctx, CREDENTIAL, 'token');
	return new GithubClient({
		http: n8nHttpClient(ctx, 'GitHub', cred.has ? CREDENTIAL : undefined),
		baseUrl: cred.server ?? options.githubUrl,
		secrets: cred.secrets,
		authorized: cred.secrets.length > 0,
		cache: options.cacheSize > 0 ? new ObjectEtagCache(ctx.getWorkflowStaticData('node'), options.cacheSize) : undefined,
		retry: { maxAttempts: options.maxAttempts, maxTotalWaitMs: options.maxWaitSeconds * 1000 },
		timeoutMs: options.timeoutMs,
		maxInFlight: options.concurrency * 4,
	});
}

/**
 * The clients of every source. Each source's credential is optional and
 * brings its own server URL; its secret reaches the request only through
 * n8n's authentication (httpRequestWithAuthentication), and is redacted from
 * every answer and error. Each source keeps its ETags under its own key of the
 * node's static data.
 */
export async function createClients(ctx: IExecuteFunctions, options: EnricherOptions): Promise<EnricherClients> {
	const staticData = ctx.getWorkflowStaticData('node');
	const cache = (key: string) => (options.cacheSize > 0 ? new ObjectEtagCache(staticData, options.cacheSize, key) : undefined);
	const retry = { maxAttempts: options.maxAttempts, maxTotalWaitMs: options.maxWaitSeconds * 1000 };
	const hf = await credentialOf(ctx, HUGGINGFACE_CREDENTIAL, 'token');
	const s2 = await credentialOf(ctx, SCHOLAR_CREDENTIAL, 'apiKey');
	return {
		github: await createGithubClient(ctx, options),
		huggingface: huggingFaceClient({
			http: n8nHttpClient(ctx, 'Hugging Face', hf.has ? HUGGINGFACE_CREDENTIAL : undefined),
			baseUrl: hf.server ?? options.huggingfaceUrl,
			secrets: hf.secrets,
			cache: cache('huggingfaceEtags'),
			retry,
			timeoutMs: options.timeoutMs,
			maxInFlight: options.concurrency * 4,
		}),
		scholar: scholarClient({
			http: n8nHttpClient(ctx, 'Semantic Scholar', s2.has ? SCHOLAR_CREDENTIAL : undefined),
			baseUrl: s2.server ?? options.scholarUrl,
			secrets: s2.secrets,
			cache: cache('scholarEtags'),
			retry,
			timeoutMs: options.timeoutMs,
			maxInFlight: Math.min(8, options.concurrency),
		}),
	};
}

/** What one item names for each source, normalised (bad values are InputErrors naming the user's field). */
export type CandidateInput = CandidateSources;

/** The candidate of one item, through the field mapping; bad input is an InputError naming the user's field. */
export function readCandidate(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): CandidateInput {
	const mapping = ctx.getNodeParameter('fieldMapping', itemIndex, {}) as Partial<Record<CandidateField, string>>;
	const fieldOf = (f: CandidateField): string => (typeof mapping[f] === 'string' && mapping[f] !== '' ? (mapping[f] as string) : f);
	const raw: Record<string, unknown> = {};
	for (const f of CANDIDATE_FIELDS) {
		const v = readPath(item.json, fieldOf(f));
		if (v !== undefined) raw[f] = v;
	}
	const parsed = Candidate.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const top = issue.path[0];
		const field = typeof top === 'string' && (CANDIDATE_FIELDS as readonly string[]).includes(top) ? fieldOf(top as CandidateField) + formatIssuePath(issue.path.slice(1)).replace(/^\(root\)$/, '') : formatIssuePath(issue.path);
		throw new InputError(field, issue.message);
	}
	const candidate = parsed.data;
	const login = normaliseLogin(candidate.githubUsername, fieldOf('githubUsername'));
	const huggingfaceUsername = normaliseHfUsername(candidate.huggingfaceUsername, fieldOf('huggingfaceUsername'));
	checkPaperIdentifiers(candidate, fieldOf);
	return { candidate, login, huggingfaceUsername, portfolioField: fieldOf('portfolioUrls') };
}

/**
 * Enriches and vets one candidate. A failing source degrades to the others
 * with its error recorded (default); "Fail When a Source Fails" (or, for
 * GitHub, On GitHub Error: Fail the Item) raises it instead (a NodeApiError
 * through the runner).
 */
export async function vetOne(clients: EnricherClients, input: CandidateInput, now: Date, options: EnricherOptions): Promise<Vetting> {
	const { github, sources } = await readCandidateSources(clients, input, {
		now,
		switches: options.sources,
		maxRepositories: options.maxRepositories,
		parallel: options.concurrency,
		papersByNameAndEmail: options.papersByNameAndEmail,
		portfolio: { timeoutMs: options.timeoutMs },
	});
	if (github.status === 'error' && (options.onGithubError === 'error' || options.failOnSourceError)) {
		throw new ServiceError('GitHub', github.message.replace(/^GitHub: /, ''), {
			status: github.httpCode,
			retryable: true,
			hint: 'Add a GitHub token, lower the concurrency, or choose "Vet From Résumé Only" under On GitHub Error.',
		});
	}
	if (options.failOnSourceError) {
		for (const [name, outcome] of Object.entries(sources) as Array<[keyof SourceOutcomes, SourceOutcome<unknown> | undefined]>) {
			if (outcome?.status !== 'error') continue;
			const service = SOURCE_SERVICES[name];
			throw new ServiceError(service, outcome.message.replace(new RegExp(`^${service}: `), ''), {
				status: outcome.httpCode,
				retryable: true,
				hint: `Switch "Fail When a Source Fails" off to vet from the other sources, or switch ${service} off under Sources.`,
			});
		}
	}
	return vetCandidate({ candidate: input.candidate, login: input.login, github, sources, now });
}
