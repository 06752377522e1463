/**
 * Semantic Scholar Graph API v1 transport: the candidate's author record and
 * papers. With a Semantic Scholar id: `GET /graph/v1/author/{id}` and its
 * papers (2 requests). Otherwise an author search by name
 * (`/graph/v1/author/search`), matched to the candidate by ORCID, then the
 * email's domain (core/candidate/papers.ts matchScholarAuthor), and the
 * papers only when the match is sure enough to vote (2 requests; 1 when it is
 * not). Without an id, an ORCID or a work email nothing could tell namesakes
 * apart, so no request is made (`skipped`). Optional `x-api-key`; 429 retried a bounded number of times,
 * honouring `Retry-After` (see rest.ts).
 */
import {
	employerDomain,
	idMatch,
	isScholarAuthorId,
	matchScholarAuthor,
	normaliseOrcid,
	PAPER_RULES,
	trimScholarAuthor,
	trimScholarPapers,
	type MatchInput,
	type PaperData,
	type ScholarAuthor,
} from '../core/candidate/papers';
import type { SourceOutcome } from '../core/candidate/sources';
import type { HttpClient } from '../core/http';

import type { EtagCache, RetryOptions } from './github';
import { checkBaseUrl, errorOutcome, RequestBudget, RestClient } from './rest';

const SERVICE = 'Semantic Scholar';
export const DEFAULT_SCHOLAR_URL = 'https://api.semanticscholar.org';
const URL_HINT = 'Use https://api.semanticscholar.org (the Graph API is under /graph/v1), or the root of a proxy that serves it.';

const AUTHOR_FIELDS = 'name,affiliations,homepage,externalIds,paperCount,citationCount,hIndex,url';
const PAPER_FIELDS = 'title,venue,year,citationCount,externalIds,url,publicationTypes,authors';

export interface ScholarClientOptions {
	http: HttpClient;
	/** API root (default https://api.semanticscholar.org). */
	baseUrl?: string;
	/** Sent as `x-api-key` (the CLI). Inside n8n the credential adds it instead. */
	apiKey?: string;
	secrets?: string[];
	cache?: EtagCache;
	retry?: RetryOptions;
	timeoutMs?: number;
	maxInFlight?: number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
	clock?: () => number;
}

/** A client for the Graph API. Semantic Scholar's shared anonymous pool is small: the first back-off step is a second. */
export function scholarClient(options: ScholarClientOptions): RestClient {
	const key = options.apiKey?.trim() || undefined;
	return new RestClient({
		service: SERVICE,
		http: options.http,
		baseUrl: checkBaseUrl(SERVICE, options.baseUrl, DEFAULT_SCHOLAR_URL, URL_HINT),
		headers: key ? { 'x-api-key': key } : undefined,
		secrets: [...(options.secrets ?? []), ...(key ? [key] : [])],
		cache: options.cache,
		retry: { baseDelayMs: 1000, ...(options.retry ?? {}) },
		timeoutMs: options.timeoutMs,
		maxInFlight: options.maxInFlight ?? 4,
		sleep: options.sleep,
		random: options.random,
		clock: options.clock,
		rateLimitHint: 'Add a Semantic Scholar API key (its own rate limit instead of the shared pool), lower the concurrency, or run again later.',
		authHint: 'Check the API key of the Semantic Scholar credential, or remove it to read from the shared pool.',
	});
}

export interface ScholarFetchOptions {
	/** Requests for one candidate, at most (default 4: search or author, papers, and room for one retry). */
	maxRequests?: number;
	/** Author records read from a name search (default 10: namesakes must be seen to be told apart). */
	searchLimit?: number;
	/**
	 * Search by name when the only disambiguator is a work email (default
	 * true). The node and the CLI default it to false: that sends the names of
	 * candidates who gave no paper identifier to a third party.
	 */
	byNameAndEmail?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const pageShape = (body: unknown): string | null => (isObject(body) && Array.isArray(body.data) ? null : 'expected an object with a data list');
const authorShape = (body: unknown): string | null => (isObject(body) && (typeof body.authorId === 'string' || typeof body.authorId === 'number') ? null : 'expected an author object');


async function papersOf(client: RestClient, author: ScholarAuthor, budget: RequestBudget): Promise<PaperData['papers']> {
	const url = `${client.baseUrl}/graph/v1/author/${author.authorId}/papers?fields=${PAPER_FIELDS}&limit=${PAPER_RULES.fetchPapers}`;
	const res = await client.get(url, '/graph/v1/author/{id}/papers', budget, pageShape);
	return res.status === 404 ? [] : trimScholarPapers(res.body);
}

/**
 * Fetches the candidate's papers: by Semantic Scholar id when given (a 404 is
 * `not_found`), else by a name search matched on ORCID or the email's domain.
 * A name-only or ambiguous match is `ok` with the match recorded and no
 * papers read: it must not vet anyone. No name and no id: `skipped`.
 */
export async function fetchPapers(client: RestClient, person: MatchInput, options: ScholarFetchOptions = {}): Promise<SourceOutcome<PaperData>> {
	const budget = new RequestBudget(Math.max(2, options.maxRequests ?? 4));
	const limit = Math.max(1, Math.min(100, options.searchLimit ?? 10));
	const web = 'https://www.semanticscholar.org';
	try {
		const id = person.semanticScholarId?.trim();
		if (id) {
			if (!isScholarAuthorId(id)) return { status: 'error', message: `${SERVICE}: invalid author id` };
			const url = `${client.baseUrl}/graph/v1/author/${id}?fields=${AUTHOR_FIELDS}`;
			const res = await client.get(url, '/graph/v1/author/{id}', budget, authorShape);
			if (res.status === 404) return { status: 'not_found', url };
			const author = trimScholarAuthor(res.body, web);
			if (!author) throw client.fail('the author answer has no author id and name');
			return { status: 'ok', data: { match: idMatch(author), author, papers: await papersOf(client, author, budget) } };
		}
		const name = person.name?.trim().replace(/\s+/g, ' ');
		if (!name) return { status: 'skipped', reason: 'no name and no semanticScholarId to look up' };
		// A name alone can never vote (namesakes): no request is spent on it.
		if (!normaliseOrcid(person.orcid)) {
			if (!employerDomain(person.email)) return { status: 'skipped', reason: 'no semanticScholarId, orcid or work email to tell namesakes apart' };
			if (options.byNameAndEmail === false) return { status: 'skipped', reason: 'no semanticScholarId or orcid (matching by name and work email is off)' };
		}
		const url = `${client.baseUrl}/graph/v1/author/search?query=${encodeURIComponent(name.slice(0, 200))}&fields=${AUTHOR_FIELDS}&limit=${limit}`;
		const res = await client.get(url, '/graph/v1/author/search', budget, pageShape);
		const hits = res.status === 404 ? [] : ((res.body as { data: unknown[] }).data ?? []).map((a) => trimScholarAuthor(a, web)).filter((a): a is ScholarAuthor => a !== null);
		const match = matchScholarAuthor(person, hits);
		if (match.namesakes === 0) return { status: 'not_found', url };
		const author = hits.find((h) => h.authorId === match.authorId) ?? null;
		// Papers only for a match that votes: a namesake's papers must not be read as the candidate's.
		const papers = match.votes && author ? await papersOf(client, author, budget) : [];
		return { status: 'ok', data: { match, author: match.votes ? author : null, papers } };
	} catch (error) {
		return errorOutcome(client, error);
	}
}
