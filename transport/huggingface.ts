/**
 * Hugging Face Hub transport: a candidate's public models, datasets and
 * Spaces (`/api/{models,datasets,spaces}?author=`, paginated through the
 * `Link` header), and, only for the few repositories where it decides
 * something, a model's or Space's info (`/api/models/{id}`,
 * `/api/spaces/{id}`: files, card data, runtime) and a model card's text
 * (`/{id}/raw/main/README.md`). Bounded requests per candidate, conditional
 * requests, rate limits honoured (see rest.ts). The base URL is
 * configurable for a mirror or an Enterprise Hub.
 */
import {
	HF_DEPLOYED_STAGES,
	HF_RULES,
	HF_RUNNING_STAGES,
	isValidHfName,
	mergeHfDetail,
	mayBeTemplateCard,
	readCardText,
	trimHfList,
	trimHfRepo,
	type HfRepo,
	type HfRepoKind,
	type HuggingFaceData,
} from '../core/candidate/huggingface';
import type { SourceOutcome } from '../core/candidate/sources';
import type { HttpClient } from '../core/http';

import type { EtagCache, RetryOptions } from './github';
import { BudgetExceeded, checkBaseUrl, errorOutcome, nextLink, RequestBudget, RestClient } from './rest';

const SERVICE = 'Hugging Face';
export const DEFAULT_HUGGINGFACE_URL = 'https://huggingface.co';
const URL_HINT = 'Use https://huggingface.co, or the root URL of your mirror or Enterprise Hub.';

export interface HuggingFaceClientOptions {
	http: HttpClient;
	/** Hub root: https://huggingface.co, a mirror, or an Enterprise Hub. */
	baseUrl?: string;
	/** Sent as `Authorization: Bearer` (the CLI). Inside n8n the credential adds it instead. */
	token?: string;
	secrets?: string[];
	cache?: EtagCache;
	retry?: RetryOptions;
	timeoutMs?: number;
	maxInFlight?: number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	clock?: () => number;
}

/** A client for the Hub's public API. */
export function huggingFaceClient(options: HuggingFaceClientOptions): RestClient {
	const token = options.token?.trim() || undefined;
	return new RestClient({
		service: SERVICE,
		http: options.http,
		baseUrl: checkBaseUrl(SERVICE, options.baseUrl, DEFAULT_HUGGINGFACE_URL, URL_HINT),
		headers: token ? { authorization: `Bearer ${token}` } : undefined,
		secrets: [...(options.secrets ?? []), ...(token ? [token] : [])],
		cache: options.cache,
		retry: options.retry,
		timeoutMs: options.timeoutMs,
		maxInFlight: options.maxInFlight,
		sleep: options.sleep,
		random: options.random,
		clock: options.clock,
		rateLimitHint: 'Add a Hugging Face token (a higher rate limit), lower the concurrency, or run again later.',
		authHint: 'Check the token of the Hugging Face credential (a read token is enough), or remove it to read anonymously.',
	});
}

export interface HuggingFaceFetchOptions {
	/** Requests for one candidate, at most (default 16). */
	maxRequests?: number;
	/** Pages of each list followed through the Link header (100 entries each, default 2). */
	maxPages?: number;
	/** Models and Spaces whose info is read, each (default 3). */
	maxDetails?: number;
	/** Unused models whose info is read to tell a card-less copy from own work, when the list did not say (default 3, within the budget). */
	maxCopyChecks?: number;
	/** Model cards (README.md) read (default 2). */
	maxReadmes?: number;
	/** Cards a training script wrote on unused models, read to tell the untouched template (a copy) from a completed card (default 4, within the budget). */
	maxCardChecks?: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const listShape = (body: unknown): string | null =>
	Array.isArray(body) && body.every((x) => isObject(x) && (typeof x.id === 'string' || typeof x.modelId === 'string')) ? null : 'expected a list of repositories';
const infoShape = (body: unknown): string | null => (isObject(body) && typeof body.id === 'string' ? null : 'expected a repository info object');
const anyObject = (body: unknown): string | null => (isObject(body) ? null : 'expected a JSON object');
const text = (body: unknown): string | null => (typeof body === 'string' ? null : 'expected the text of a model card');

const LIST_QUERY: Record<HfRepoKind, string> = {
	model: 'full=true&cardData=true&sort=downloads&direction=-1&limit=100',
	dataset: 'full=true&sort=downloads&direction=-1&limit=100',
	space: 'full=true&sort=likes&direction=-1&limit=100',
};

async function list(client: RestClient, kind: HfRepoKind, author: string, budget: RequestBudget, maxPages: number): Promise<HfRepo[]> {
	const out: HfRepo[] = [];
	let url: string | undefined = `${client.baseUrl}/api/${kind}s?author=${encodeURIComponent(author)}&${LIST_QUERY[kind]}`;
	for (let page = 0; url && page < maxPages; page++) {
		const res = await client.get(url, `/api/${kind}s?author=`, budget, listShape);
		// The Hub answers [] for an unknown author; a 404 here is a mirror that lacks the endpoint.
		if (res.status === 404) break;
		out.push(...trimHfList(kind, res.body, client.baseUrl));
		const next = nextLink(res.link);
		url = next ? client.sameRoot(new URL(next, url).href) : undefined;
	}
	return out.filter((r) => r.id.toLowerCase().startsWith(`${author.toLowerCase()}/`) || !r.id.includes('/'));
}

async function exists(client: RestClient, name: string, budget: RequestBudget): Promise<boolean> {
	for (const kind of ['users', 'organizations']) {
		const res = await client.get(`${client.baseUrl}/api/${kind}/${encodeURIComponent(name)}/overview`, `/api/${kind}/{name}/overview`, budget, anyObject);
		if (res.status !== 404) return true;
	}
	return false;
}

const repoPath = (id: string): string => id.split('/').map(encodeURIComponent).join('/');

/** Models whose info may turn them into a production signal, most used first. */
function modelsToInspect(models: readonly HfRepo[], max: number): HfRepo[] {
	return models
		.filter((m) => (m.downloads >= HF_RULES.usedDownloads || m.likes > 0) && (m.files === null || m.cardDataRead !== true))
		.sort((a, b) => b.downloads - a.downloads || b.likes - a.likes)
		.slice(0, max);
}

/** Spaces whose file list decides whether they run serving code: deployed ones first, most liked first. */
function spacesToInspect(spaces: readonly HfRepo[], max: number): HfRepo[] {
	const rank = (s: HfRepo): number => (HF_RUNNING_STAGES.includes(s.runtimeStage ?? '') ? 0 : HF_DEPLOYED_STAGES.includes(s.runtimeStage ?? '') ? 1 : s.runtimeStage === null ? 2 : 3);
	return spaces
		.filter((s) => rank(s) <= 2 && (s.files === null || s.runtimeStage === null))
		.sort((a, b) => rank(a) - rank(b) || b.likes - a.likes)
		.slice(0, max);
}

/**
 * Fetches what vetting needs for one Hub user or organisation: three lists
 * (a page each, usually), then at most `maxDetails` model and Space infos and
 * `maxReadmes` model cards, and with what is left of the budget up to
 * `maxCopyChecks` infos of unused models the lists showed no card for and up
 * to `maxCardChecks` cards a training script wrote on unused models; never
 * more than `maxRequests` (16 by default). An author with no public repository
 * who is unknown to the Hub (its overview answers 404) is `not_found`.
 * Failures are an `error` outcome, so the other sources still vet.
 */
export async function fetchHuggingFace(client: RestClient, username: string, options: HuggingFaceFetchOptions = {}): Promise<SourceOutcome<HuggingFaceData>> {
	if (!isValidHfName(username)) return { status: 'error', message: `${SERVICE}: invalid user name` };
	const budget = new RequestBudget(Math.max(3, options.maxRequests ?? 16));
	const maxPages = Math.max(1, Math.min(10, options.maxPages ?? 2));
	const maxDetails = Math.max(0, Math.min(10, options.maxDetails ?? 3));
	const maxReadmes = Math.max(0, Math.min(5, options.maxReadmes ?? 2));
	try {
		const [models, datasets, spaces] = await Promise.all((['model', 'dataset', 'space'] as const).map((kind) => list(client, kind, username, budget, maxPages)));
		if (models.length + datasets.length + spaces.length === 0 && !(await exists(client, username, budget))) {
			return { status: 'not_found', url: `${client.baseUrl}/api/users/${encodeURIComponent(username)}/overview` };
		}
		// Infos and cards refine what the lists said: once the budget is spent (retries count), the list entry stands.
		const optional = async (repo: HfRepo, read: () => Promise<HfRepo>): Promise<HfRepo> => {
			if (budget.left <= 0) return repo;
			try {
				return await read();
			} catch (error) {
				if (error instanceof BudgetExceeded) return repo;
				throw error;
			}
		};
		const detail = (kind: 'model' | 'space', repo: HfRepo): Promise<HfRepo> =>
			optional(repo, async () => {
				const res = await client.get(`${client.baseUrl}/api/${kind}s/${repoPath(repo.id)}`, `/api/${kind}s/{id}`, budget, infoShape);
				return res.status === 404 ? repo : mergeHfDetail(repo, trimHfRepo(kind, res.body, client.baseUrl));
			});
		const inspectModels = modelsToInspect(models, maxDetails);
		// Then, within what is left of the budget, unused models whose card the list did not show (copies or own work?).
		const copyChecks = models
			.filter((m) => !inspectModels.includes(m) && m.hasCard === null)
			.sort((a, b) => (Date.parse(b.lastModified ?? '') || 0) - (Date.parse(a.lastModified ?? '') || 0))
			.slice(0, Math.max(0, Math.min(10, options.maxCopyChecks ?? 3)));
		const inspectSpaces = spacesToInspect(spaces, maxDetails);
		const [detailedModels, detailedSpaces] = await Promise.all([Promise.all(inspectModels.map((m) => detail('model', m))), Promise.all(inspectSpaces.map((s) => detail('space', s)))]);
		const checkedModels = await Promise.all(copyChecks.map((m) => detail('model', m)));
		detailedModels.push(...checkedModels);
		const byId = new Map<string, HfRepo>([...detailedModels, ...detailedSpaces].map((r) => [`${r.kind}:${r.id}`, r]));
		let finalModels = models.map((m) => byId.get(`model:${m.id}`) ?? m);
		const finalSpaces = spaces.map((s) => byId.get(`space:${s.id}`) ?? s);

		// A well-used model with a card but no model-index: its card's text decides whether it shows evaluation results.
		const readmes = finalModels
			.filter((m) => m.hasCard === true && m.evalResults.length === 0 && m.downloads >= HF_RULES.wellUsedDownloads)
			.sort((a, b) => b.downloads - a.downloads)
			.slice(0, maxReadmes);
		// Then, within what is left of the budget, unused models whose card a training script wrote: only its
		// text says whether the author completed it or pushed the template (a copy: forks_only).
		const cardChecks = finalModels
			.filter((m) => mayBeTemplateCard(m) && !readmes.includes(m))
			.sort((a, b) => (Date.parse(b.lastModified ?? '') || 0) - (Date.parse(a.lastModified ?? '') || 0))
			.slice(0, Math.max(0, Math.min(10, options.maxCardChecks ?? 4)));
		const read = await Promise.all(
			[...readmes, ...cardChecks].map((m) =>
				optional(m, async () => {
					const res = await client.get(`${client.baseUrl}/${repoPath(m.id)}/raw/main/README.md`, '/{id}/raw/main/README.md', budget, text, 'text/plain, text/markdown, */*');
					return res.status === 404 ? { ...m, hasCard: false } : readCardText(m, res.body as string);
				}),
			),
		);
		const readById = new Map(read.map((m) => [m.id, m]));
		finalModels = finalModels.map((m) => readById.get(m.id) ?? m);
		return {
			status: 'ok',
			data: { username, profileUrl: `${client.baseUrl}/${encodeURIComponent(username)}`, models: finalModels, datasets, spaces: finalSpaces },
		};
	} catch (error) {
		return errorOutcome(client, error);
	}
}
