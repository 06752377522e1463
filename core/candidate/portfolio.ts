/**
 * Portfolio pages (issue 13, item 4): what a candidate's own pages show of
 * named systems, operating figures, incidents and postmortems, talks and
 * write-ups. A portfolio page is a profile text, so it is read by the résumé
 * reader (`parseResume`: shipped systems, figures, incidents, on-call, role
 * terms); this module adds what a page has and a CV rarely does (talks,
 * write-ups), ties every signal to the page it is on, and turns the lot into
 * the portfolio source's SourceSignals. Pure: the transport fetched the pages
 * and turned their HTML into text.
 */
import type { Role } from '../lead/schema';

import { collect, parseResume, resumeLevel, statements, type Excerpt } from './resume';
import { RESUME_THRESHOLDS } from './rules';
import type { Evidence, ProductionEvidence, RedFlag } from './schema';
import type { SourceSignals } from './sources';
import { emptyRoleScores, ROLES, scoreRoles, sparseRoleScores, type RoleHit, type RoleScores } from './text';

/** One portfolio URL after the fetch: its text, or why it could not be read. */
export type PortfolioPage =
	| {
			status: 'ok';
			/** The URL as the candidate gave it. */
			url: string;
			/** The URL the text came from, after redirects (the evidence link). */
			finalUrl: string;
			contentType: string;
			title: string | null;
			/** The page as plain text (HTML converted by the transport). */
			text: string;
			/** True when the page was longer than the transport reads and only its start is here. */
			truncated: boolean;
	  }
	| {
			/** `refused`: the address is not public, or the URL is not an http(s) URL the guard allows. */
			status: 'refused' | 'not_found' | 'error';
			url: string;
			message: string;
			httpCode?: number;
	  };

/** The rules of this reader as data. */
export const PORTFOLIO_RULES = {
	/** Pages read per candidate. */
	maxPages: 5,
	/** Talks given: conference and meetup talks, webinars, podcasts, panels, slides (en, es, pt, de, fr, it). */
	talk:
		'\\btalks?\\b|\\bspoke (?:at|about)\\b|\\bspeaker at\\b|\\bpresented (?:at|to)\\b|\\bkeynote (?:at|on)\\b|\\bconference\\b|\\bmeetups?\\b|\\bwebinars?\\b|\\bpodcasts?\\b|\\bpanel(?:ist)?\\b|\\bslides\\b|\\bcharlas?\\b|\\bponencias?\\b|\\bpalestras?\\b|\\bvortr[äa]ge?\\b|\\bkonferenz\\b|\\bconf[ée]rences?\\b|\\bintervento\\b',
	/** Write-ups: blog posts, case studies, postmortems, technical reports. */
	writeup:
		'\\bwrite-?ups?\\b|\\bblog posts?\\b|\\bcase stud(?:y|ies)\\b|\\bpost-?mortems?\\b|\\btechnical reports?\\b|\\bwhite ?papers?\\b|\\bdeep dives?\\b|\\bhow we\\b|\\blessons learned\\b|\\bretrospective\\b|\\bart[ií]culos?\\b|\\bestudios? de caso\\b|\\bfallstudien?\\b|\\bretour d.exp[ée]rience\\b',
	/** Talks and write-ups are public artefacts of expertise: their role terms count again at this weight. */
	artefactRoleWeight: 0.5,
	/** Evidence items kept per signal, and in all. */
	maxEvidencePerSignal: 3,
	maxEvidence: 14,
	/** Month names for dated statements (English; ISO dates and years cover the rest). */
	months: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
} as const;

/** An excerpt and the page it is on. */
interface PageExcerpt extends Excerpt {
	url: string;
}

const tag = (list: readonly Excerpt[], url: string, signal: string): PageExcerpt[] => list.map((e) => ({ signal, text: e.text, url }));

/**
 * The latest date a signal statement names, no later than `now`: an ISO date,
 * a month and year (end of that month), or a bare year (end of that year, so a
 * talk "in 2025" is not read as older than it is). Null when none.
 */
function latestDate(texts: readonly string[], now: Date): string | null {
	let best = Number.NEGATIVE_INFINITY;
	const consider = (t: number): void => {
		if (Number.isFinite(t) && t <= now.getTime() && t > best) best = t;
	};
	const iso = /\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b/g;
	const monthYear = /\b([A-Za-z]{3})[a-z]*\.? ((?:19|20)\d{2})\b/g;
	for (const text of texts) {
		for (const m of text.matchAll(iso)) consider(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
		for (const m of text.matchAll(monthYear)) {
			const month = (PORTFOLIO_RULES.months as readonly string[]).indexOf(m[1].toLowerCase());
			if (month >= 0) consider(Math.min(now.getTime(), Date.UTC(Number(m[2]), month + 1, 1) - 1));
		}
		// Bare years, once the full dates above are taken out (their year is not the end of that year).
		const rest = text.replace(iso, ' ').replace(monthYear, (all: string, mon: string) => ((PORTFOLIO_RULES.months as readonly string[]).includes(mon.toLowerCase()) ? ' ' : all));
		for (const m of rest.matchAll(/(?<![\d$€£]|\d[.,])\b((?:19|20)\d{2})\b(?![\d%-]|[.,]\d|\s?(?:ms|rps|qps|users|requests)\b)/g)) {
			const year = Number(m[1]);
			if (year <= now.getUTCFullYear()) consider(Math.min(now.getTime(), Date.UTC(year + 1, 0, 1) - 1));
		}
	}
	return best === Number.NEGATIVE_INFINITY ? null : new Date(best).toISOString();
}

/** The role a single statement speaks for most, if any. */
function statementRole(text: string): Role | undefined {
	const scores = emptyRoleScores();
	scoreRoles([text], 1, scores, []);
	const best = ROLES.slice().sort((a, b) => scores[b] - scores[a])[0];
	return scores[best] > 0 ? best : undefined;
}

function addScores(into: RoleScores, from: RoleScores): void {
	for (const r of ROLES) into[r] += from[r];
}

/**
 * Draws the portfolio's signals from the pages that were read: the production
 * level the pages support on their own (the résumé rule: what broke and how
 * it was fixed with on-call or operating figures is "strong", any shipped or
 * running system "some"), role points (consulting pages: roadmaps, advisory,
 * workshops, strategy talks feed `ai_consultant`), each signal with its page
 * and an excerpt. Pages that could not be read contribute nothing here (the
 * transport's outcome says why). Red flags: `competition_only` when the pages
 * are about competitions and show no running system, and
 * `buzzwords_without_artifacts` when they are hype with no system, figure,
 * incident, repository, talk or write-up at all.
 */
export function extractPortfolioSignals(pages: readonly PortfolioPage[], now: Date): SourceSignals {
	const rules = PORTFOLIO_RULES;
	const read = pages.filter((p): p is Extract<PortfolioPage, { status: 'ok' }> => p.status === 'ok' && p.text.trim() !== '').slice(0, rules.maxPages);
	const shipped: PageExcerpt[] = [];
	const opsMetrics: PageExcerpt[] = [];
	const incidents: PageExcerpt[] = [];
	const onCall: PageExcerpt[] = [];
	const metrics: PageExcerpt[] = [];
	const talks: PageExcerpt[] = [];
	const writeups: PageExcerpt[] = [];
	const roleScores = emptyRoleScores();
	const roleHits: RoleHit[] = [];
	let competitionMentions = 0;
	let buzzwords = 0;
	let repositories = 0;

	for (const page of read) {
		const url = page.finalUrl || page.url;
		const text = (page.title && !page.text.startsWith(page.title) ? `${page.title}\n` : '') + page.text;
		const facts = parseResume(text);
		shipped.push(...tag(facts.shipped, url, 'portfolio.shipped'));
		opsMetrics.push(...tag(facts.opsMetrics, url, 'portfolio.ops_metric'));
		incidents.push(...tag(facts.incidents, url, 'portfolio.incident'));
		onCall.push(...tag(facts.onCall, url, 'portfolio.on_call'));
		metrics.push(...tag(facts.metrics, url, 'portfolio.metric'));
		competitionMentions += facts.competitionMentions;
		buzzwords += facts.buzzwordCount;
		repositories += facts.repositories.length;
		addScores(roleScores, facts.roleScores);
		for (const h of facts.roleHits) roleHits.push({ ...h, url });

		const lines = statements(text.slice(0, RESUME_THRESHOLDS.maxChars));
		const pageTalks = collect(lines, rules.talk, 'portfolio.talk');
		const pageWriteups = collect(lines, rules.writeup, 'portfolio.writeup');
		talks.push(...tag(pageTalks, url, 'portfolio.talk'));
		writeups.push(...tag(pageWriteups, url, 'portfolio.writeup'));
		const artefacts = [...new Set([...pageTalks, ...pageWriteups].map((e) => e.text))];
		const hits: RoleHit[] = [];
		scoreRoles(artefacts, rules.artefactRoleWeight, roleScores, hits, url);
		roleHits.push(...hits);
	}

	const level: ProductionEvidence = resumeLevel({ shipped, opsMetrics, incidents, onCall });
	const evidence: Evidence[] = [];
	const keep = (list: readonly PageExcerpt[], make: (e: PageExcerpt) => Evidence): void => {
		const seen = new Set<string>();
		for (const e of list) {
			if (evidence.length >= rules.maxEvidence || seen.size >= rules.maxEvidencePerSignal) return;
			if (seen.has(e.text)) continue;
			seen.add(e.text);
			evidence.push(make(e));
		}
	};
	if (level !== 'none') {
		const production = (e: PageExcerpt): Evidence => ({ label: 'productionEvidence', signal: e.signal, value: level, source: 'portfolio', url: e.url, excerpt: e.text });
		for (const list of [incidents, onCall, opsMetrics, shipped, metrics]) keep(list, production);
	}
	const artefact = (e: PageExcerpt): Evidence => {
		const role = statementRole(e.text);
		return role === undefined
			? { label: 'roleFit', signal: e.signal, source: 'portfolio', url: e.url, excerpt: e.text }
			: { label: 'roleFit', signal: e.signal, value: role, source: 'portfolio', url: e.url, excerpt: e.text };
	};
	keep(talks, artefact);
	keep(writeups, artefact);

	const flags: RedFlag[] = [];
	if (level === 'none' && competitionMentions >= RESUME_THRESHOLDS.competitionMin) {
		flags.push('competition_only');
		const c = read[0];
		if (c) evidence.push({ label: 'redFlags', signal: 'portfolio.competition', value: 'competition_only', source: 'portfolio', url: c.finalUrl || c.url, excerpt: `${competitionMentions} competition mentions, no running system` });
	}
	const artefactCount = new Set([...shipped, ...opsMetrics, ...incidents, ...metrics, ...talks, ...writeups].map((e) => e.text)).size + repositories;
	if (buzzwords >= RESUME_THRESHOLDS.buzzwordMin && artefactCount <= RESUME_THRESHOLDS.artifactMax && read[0]) {
		flags.push('buzzwords_without_artifacts');
		evidence.push({ label: 'redFlags', signal: 'portfolio.buzzwords', value: 'buzzwords_without_artifacts', source: 'portfolio', url: read[0].finalUrl || read[0].url, excerpt: `${buzzwords} hype terms, no named system, figure, talk or write-up` });
	}

	return {
		source: 'portfolio',
		evidence,
		level,
		roleScores: sparseRoleScores(roleScores),
		roleHits,
		flags,
		hasPublicWork: read.length > 0,
		lastActivity: latestDate([...talks, ...writeups, ...shipped, ...incidents].map((e) => e.text), now),
	};
}
