/**
 * Reads every public source of one candidate at once, each within its own
 * bounded budget, the same way in the node, the CLI, the eval and the bench.
 * A source switched off, or with nothing to look up, is `skipped` with the
 * reason; a failing one is an `error` outcome (the caller decides whether
 * that fails the candidate).
 */
import type { Candidate } from '../core/candidate/schema';
import type { GithubOutcome, SourceOutcomes } from '../core/candidate/vet';

import { fetchGithub, fetchMergedPrs, type GithubClient } from './github';
import { fetchHuggingFace, type HuggingFaceFetchOptions } from './huggingface';
import { fetchPortfolio, type PortfolioFetchOptions } from './portfolio';
import type { RestClient } from './rest';
import { fetchPapers } from './scholar';

/** The per-source switches (the node's Sources collection, the CLI's --no-<source>). */
export interface SourceSwitches {
	github: boolean;
	huggingface: boolean;
	papers: boolean;
	mergedPrs: boolean;
	portfolio: boolean;
}

export const ALL_SOURCES_ON: SourceSwitches = { github: true, huggingface: true, papers: true, mergedPrs: true, portfolio: true };

export interface SourceClients {
	/** GitHub: the profile and the merged-PR search share one client (one rate-limit budget, one cache). */
	github: GithubClient;
	huggingface: RestClient;
	scholar: RestClient;
}

/** What one candidate names for each source, normalised. */
export interface CandidateSources {
	candidate: Candidate;
	login: string | null;
	huggingfaceUsername: string | null;
	/** The input field that holds the portfolio URLs (named in the portfolio's messages). */
	portfolioField?: string;
}

export interface ReadSourcesOptions {
	now: Date;
	switches?: SourceSwitches;
	/** GitHub repositories inspected (default 5). */
	maxRepositories?: number;
	/** Per-repository look-ups of one candidate at once (default 8). */
	parallel?: number;
	/** Papers by name and work email when no id or ORCID is given (default false: it sends names to a third party). */
	papersByNameAndEmail?: boolean;
	huggingface?: HuggingFaceFetchOptions;
	/** Options of the portfolio fetch (the address guard's resolver, timeouts, stats). */
	portfolio?: PortfolioFetchOptions;
	/** Rewrites each portfolio URL before the fetch (the eval serves `.example` pages on a loopback port). */
	portfolioUrl?: (url: string) => string;
}

const OFF = { status: 'skipped', reason: 'switched off' } as const;

/** The outcomes of every source of one candidate. */
export async function readCandidateSources(clients: SourceClients, input: CandidateSources, options: ReadSourcesOptions): Promise<{ github: GithubOutcome; sources: SourceOutcomes }> {
	const { candidate, login, huggingfaceUsername } = input;
	const sw = options.switches ?? ALL_SOURCES_ON;
	const skip = (reason: string) => Promise.resolve({ status: 'skipped' as const, reason });
	const urls = (candidate.portfolioUrls ?? []).map((u) => (options.portfolioUrl ? options.portfolioUrl(u) : u));
	const [github, huggingface, papers, merged, portfolio] = await Promise.all([
		!sw.github ? Promise.resolve(OFF) : login ? fetchGithub(clients.github, login, { now: options.now, maxRepos: options.maxRepositories, parallel: options.parallel }) : skip('no githubUsername'),
		!sw.huggingface ? Promise.resolve(OFF) : huggingfaceUsername ? fetchHuggingFace(clients.huggingface, huggingfaceUsername, options.huggingface) : skip('no huggingfaceUsername'),
		!sw.papers ? Promise.resolve(OFF) : fetchPapers(clients.scholar, candidate, { byNameAndEmail: options.papersByNameAndEmail === true }),
		!sw.mergedPrs ? Promise.resolve(OFF) : login ? fetchMergedPrs(clients.github, login) : skip('no githubUsername'),
		// Pages go through the portfolio transport's own address guard (public addresses only).
		!sw.portfolio ? Promise.resolve(OFF) : fetchPortfolio(urls, { field: input.portfolioField ?? 'portfolioUrls', ...(options.portfolio ?? {}) }),
	]);
	return { github: github as GithubOutcome, sources: { huggingface, papers, merged_prs: merged, portfolio } };
}

/** The service each source's errors name. */
export const SOURCE_SERVICES: Record<keyof SourceOutcomes, string> = { huggingface: 'Hugging Face', papers: 'Semantic Scholar', merged_prs: 'GitHub', portfolio: 'Portfolio' };
