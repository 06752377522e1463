import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { normaliseLogin } from '../../../core/candidate/login';
import { Candidate, type Vetting } from '../../../core/candidate/schema';
import { vetCandidate, type GithubOutcome } from '../../../core/candidate/vet';
import { formatIssuePath, InputError, ServiceError } from '../../../core/errors';
import { readPath } from '../../../core/path';
import { DEFAULT_GITHUB_URL, fetchGithub, GithubClient, ObjectEtagCache } from '../../../transport/github';
import { n8nHttpClient } from '../../shared/http';
import { CANDIDATE_FIELDS, type CandidateField } from '../description';

export const CREDENTIAL = 'talentPipelineGithubApi';

export interface EnricherOptions {
	cacheSize: number;
	concurrency: number;
	githubUrl: string;
	maxRepositories: number;
	maxAttempts: number;
	maxWaitSeconds: number;
	onGithubError: 'resumeOnly' | 'error';
	outputField: string;
	reuseVetting: boolean;
	sortByRank: boolean;
	timeoutMs: number;
}

export function readOptions(ctx: IExecuteFunctions): EnricherOptions {
	const o = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const n = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
	return {
		cacheSize: Math.max(0, Math.floor(n(o.cacheSize, 600))),
		concurrency: Math.max(1, Math.min(32, Math.floor(n(o.concurrency, 8)))),
		githubUrl: typeof o.githubUrl === 'string' && o.githubUrl.trim() !== '' ? o.githubUrl : DEFAULT_GITHUB_URL,
		maxRepositories: Math.max(0, Math.min(5, Math.floor(n(o.maxRepositories, 5)))),
		maxAttempts: Math.max(1, Math.min(10, Math.floor(n(o.maxAttempts, 4)))),
		maxWaitSeconds: Math.max(0, n(o.maxWaitSeconds, 60)),
		onGithubError: o.onGithubError === 'error' ? 'error' : 'resumeOnly',
		outputField: typeof o.outputField === 'string' && o.outputField.trim() !== '' ? o.outputField.trim() : 'vetting',
		reuseVetting: o.reuseVetting !== false,
		sortByRank: o.sortByRank === true,
		timeoutMs: Math.max(100, n(o.timeoutMs, 10000)),
	};
}

/**
 * One GitHub client per execution: the credential (if the node has one) gives
 * the server URL and, through n8n's authentication, the token; without one the
 * node reads anonymously from the GitHub API URL option. The ETag cache lives
 * in the node's workflow static data.
 */
export async function createGithubClient(ctx: IExecuteFunctions, options: EnricherOptions): Promise<GithubClient> {
	const hasCredential = Boolean(ctx.getNode().credentials?.[CREDENTIAL]);
	let baseUrl = options.githubUrl;
	const secrets: string[] = [];
	if (hasCredential) {
		const credentials = await ctx.getCredentials(CREDENTIAL);
		if (typeof credentials.server === 'string' && credentials.server.trim() !== '') baseUrl = credentials.server;
		if (typeof credentials.token === 'string' && credentials.token !== '') secrets.push(credentials.token);
	}
	return new GithubClient({
		http: n8nHttpClient(ctx, 'GitHub', hasCredential ? CREDENTIAL : undefined),
		baseUrl,
		secrets,
		authorized: secrets.length > 0,
		cache: options.cacheSize > 0 ? new ObjectEtagCache(ctx.getWorkflowStaticData('node'), options.cacheSize) : undefined,
		retry: { maxAttempts: options.maxAttempts, maxTotalWaitMs: options.maxWaitSeconds * 1000 },
		timeoutMs: options.timeoutMs,
		maxInFlight: options.concurrency * 4,
	});
}

/** The candidate of one item, through the field mapping; bad input is an InputError naming the user's field. */
export function readCandidate(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): { candidate: Candidate; login: string | null } {
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
	const login = normaliseLogin(parsed.data.githubUsername, fieldOf('githubUsername'));
	return { candidate: parsed.data, login };
}

/**
 * Enriches and vets one candidate. A GitHub failure either gives the
 * résumé-only vetting with the error recorded (default) or raises it (a
 * NodeApiError through the runner).
 */
export async function vetOne(client: GithubClient, candidate: Candidate, login: string | null, now: Date, options: EnricherOptions): Promise<Vetting> {
	const github: GithubOutcome = login ? await fetchGithub(client, login, { now, maxRepos: options.maxRepositories, parallel: options.concurrency }) : { status: 'skipped' };
	if (github.status === 'error' && options.onGithubError === 'error') {
		throw new ServiceError('GitHub', github.message.replace(/^GitHub: /, ''), {
			status: github.httpCode,
			retryable: true,
			hint: 'Add a GitHub token, lower the concurrency, or choose "Vet From Résumé Only" under On GitHub Error.',
		});
	}
	return vetCandidate({ candidate, login, github, now });
}
