/**
 * Papers (Semantic Scholar's Graph API v1) as the vetting rules read them:
 * which author record is the candidate (the match, with its method and
 * confidence), and the research evidence of that author's papers. Pure: the
 * transport fetches and trims, this module matches and judges.
 *
 * Rubric: a researcher's evidence is papers and novel methods, so papers vote
 * for `research_scientist`; "a published paper is not a substitute for
 * shipping and maintaining a live system", so papers are never production
 * evidence (`level: 'none'` always). A match that may be someone else (a
 * namesake) must not vet anyone: only a match by Semantic Scholar id, ORCID
 * or the email's domain votes; a name-only match is recorded and votes
 * nothing.
 */
import { InputError } from '../errors';

import type { Evidence } from './schema';
import type { SourceSignals } from './sources';
import type { RoleHit } from './text';

export interface ScholarAuthor {
	authorId: string;
	name: string;
	affiliations: string[];
	homepage: string | null;
	orcid: string | null;
	paperCount: number;
	citationCount: number;
	hIndex: number;
	/** The author's Semantic Scholar page. */
	url: string;
}

export interface ScholarPaper {
	paperId: string;
	title: string;
	venue: string | null;
	year: number | null;
	citationCount: number;
	/** The paper's page (Semantic Scholar's `url`, else the DOI or arXiv page). */
	url: string;
	publicationTypes: string[];
	authorCount: number;
}

export type MatchMethod = 'semantic_scholar_id' | 'orcid' | 'email_domain' | 'name_only' | 'none';

/** Which author record was taken for the candidate, how, and whether it may vote. */
export interface ScholarMatch {
	method: MatchMethod;
	/** 0..1: 1 for the candidate's own Semantic Scholar id. */
	confidence: number;
	authorId: string | null;
	name: string | null;
	/** Author records of the search with the candidate's name (the chosen one included). */
	namesakes: number;
	/** True when the match is sure enough to vote (PAPER_RULES.minConfidence). */
	votes: boolean;
	/** One sentence a recruiter can read: why this record, or why none. */
	reason: string;
}

/** What the enrichment fetched for one candidate: the matched author and their papers. */
export interface PaperData {
	match: ScholarMatch;
	author: ScholarAuthor | null;
	papers: ScholarPaper[];
}

/** Thresholds and weights of the paper judgement (rules as data). */
export const PAPER_RULES = {
	/** Confidence of each matching method. */
	confidence: { semantic_scholar_id: 1, orcid: 0.95, email_homepage: 0.85, email_affiliation: 0.75, name_only: 0.4 } as const,
	/** A match votes only at or above this confidence (name-only never does). */
	minConfidence: 0.7,
	/** Points a peer-reviewed paper (a venue) gives research_scientist; a preprint gives `preprintPoints`. */
	paperPoints: 1.5,
	preprintPoints: 0.75,
	/** Papers counted, at most (a long list adds nothing after that). */
	maxPapers: 8,
	/** Citation points: log10(1 + citations) x this, at most `maxCitationPoints`. */
	citationWeight: 1.5,
	maxCitationPoints: 4.5,
	/** Papers kept as evidence. */
	evidencePapers: 4,
	/** Papers read from the API. */
	fetchPapers: 100,
} as const;

/** Free mail providers: their domain says nothing about the employer. */
export const FREE_MAIL_DOMAINS: readonly string[] = [
	'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'ymail.com', 'icloud.com', 'me.com', 'mac.com',
	'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 'mail.com', 'yandex.ru', 'yandex.com', 'qq.com', '163.com',
	'126.com', 'fastmail.com', 'hey.com', 'zoho.com', 'tutanota.com', 'mail.ru', 'free.fr', 'orange.fr', 'libero.it', 'outlook.de', 'hotmail.co.uk', 'yahoo.co.uk',
	'example.com',
];

const str = (v: unknown, max = 1000): string | null => (typeof v === 'string' && v.trim() !== '' ? v.slice(0, max) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** An ORCID iD in its canonical form (`0000-0002-1825-0097`), from a bare iD or an orcid.org URL; null when it is none. */
export function normaliseOrcid(raw: string | null | undefined): string | null {
	if (typeof raw !== 'string') return null;
	const m = /^(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])\/?$/i.exec(raw.trim());
	return m ? `${m[1]}-${m[2]}-${m[3]}-${m[4].toUpperCase()}` : null;
}

/** A Semantic Scholar author id as given with a candidate: digits only (it goes into a URL path). */
export function isScholarAuthorId(id: string): boolean {
	return /^\d{1,20}$/.test(id);
}

/**
 * Checks the paper identifiers a candidate gave: an ORCID or a Semantic
 * Scholar id that is not one is bad input (an InputError naming the user's
 * field), never a paper search for the wrong person.
 */
export function checkPaperIdentifiers(candidate: { orcid?: string | null; semanticScholarId?: string | null }, fieldOf: (f: 'orcid' | 'semanticScholarId') => string = (f) => f): void {
	const orcid = candidate.orcid?.trim();
	if (orcid && !normaliseOrcid(orcid)) {
		throw new InputError(fieldOf('orcid'), `'${orcid.slice(0, 60)}' is not an ORCID iD`, 'An ORCID iD has 16 digits (the last may be X), e.g. 0000-0002-1825-0097, or its https://orcid.org/ URL.');
	}
	const id = candidate.semanticScholarId?.trim();
	if (id && !isScholarAuthorId(id)) {
		throw new InputError(fieldOf('semanticScholarId'), `'${id.slice(0, 60)}' is not a Semantic Scholar author id`, 'The author id is the number at the end of https://www.semanticscholar.org/author/NAME/ID.');
	}
}

/** Keeps one author record (a search hit or `GET /author/{id}`); null when it is not one. */
export function trimScholarAuthor(body: unknown, webBase = 'https://www.semanticscholar.org'): ScholarAuthor | null {
	const o = obj(body);
	const authorId = typeof o.authorId === 'number' ? String(o.authorId) : str(o.authorId, 40);
	const name = str(o.name, 200);
	if (!authorId || !/^\d{1,20}$/.test(authorId) || !name) return null;
	const ext = obj(o.externalIds);
	const orcidRaw = Array.isArray(ext.ORCID) ? ext.ORCID[0] : ext.ORCID;
	return {
		authorId,
		name,
		affiliations: (Array.isArray(o.affiliations) ? o.affiliations : []).filter((a): a is string => typeof a === 'string').slice(0, 10).map((a) => a.slice(0, 200)),
		homepage: str(o.homepage, 500),
		orcid: normaliseOrcid(typeof orcidRaw === 'string' ? orcidRaw : null),
		paperCount: num(o.paperCount),
		citationCount: num(o.citationCount),
		hIndex: num(o.hIndex),
		url: str(o.url, 500) ?? `${webBase}/author/${authorId}`,
	};
}

/** Keeps the papers of a `GET /author/{id}/papers` page (`{ data: [...] }`). */
export function trimScholarPapers(body: unknown): ScholarPaper[] {
	const data = obj(body).data;
	if (!Array.isArray(data)) return [];
	const out: ScholarPaper[] = [];
	for (const item of data.slice(0, 1000)) {
		const o = obj(item);
		const paperId = str(o.paperId, 100);
		const title = str(o.title, 400);
		if (!paperId || !title) continue;
		const ext = obj(o.externalIds);
		const doi = str(ext.DOI, 200);
		const arxiv = str(ext.ArXiv, 50);
		const url = str(o.url, 500) ?? (doi ? `https://doi.org/${doi}` : arxiv ? `https://arxiv.org/abs/${arxiv}` : `https://www.semanticscholar.org/paper/${paperId}`);
		const year = typeof o.year === 'number' && Number.isInteger(o.year) && o.year > 1900 && o.year < 3000 ? o.year : null;
		out.push({
			paperId,
			title,
			venue: str(o.venue, 200),
			year,
			citationCount: num(o.citationCount),
			url,
			publicationTypes: (Array.isArray(o.publicationTypes) ? o.publicationTypes : []).filter((t): t is string => typeof t === 'string').slice(0, 10),
			authorCount: Array.isArray(o.authors) ? o.authors.length : 0,
		});
	}
	return out;
}

/** Lower case, accents removed, punctuation to spaces: "José  Pérez-Díaz" → "jose perez diaz". */
export function normaliseName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/**
 * The same person's name, as a paper spells it: every part equal, or the
 * first name given as an initial ("J. Pérez" for "José Pérez"). A middle name
 * on one side only is allowed ("Ana M. Silva" for "Ana Silva").
 */
export function sameName(a: string, b: string): boolean {
	const pa = normaliseName(a).split(' ').filter(Boolean);
	const pb = normaliseName(b).split(' ').filter(Boolean);
	if (pa.length === 0 || pb.length === 0) return false;
	if (pa[pa.length - 1] !== pb[pb.length - 1]) return false;
	const fa = pa[0];
	const fb = pb[0];
	return fa === fb || (fa.length === 1 && fb.startsWith(fa)) || (fb.length === 1 && fa.startsWith(fb));
}

/** The domain of an email address (lower case), null when there is none or it is free mail. */
export function employerDomain(email: string | null | undefined): string | null {
	if (typeof email !== 'string') return null;
	const m = /@([a-z0-9.-]+\.[a-z]{2,})\s*$/i.exec(email.trim());
	if (!m) return null;
	const domain = m[1].toLowerCase();
	return FREE_MAIL_DOMAINS.includes(domain) ? null : domain;
}

const SECOND_LEVEL = ['ac', 'co', 'edu', 'gov', 'org', 'com', 'net'];

/** The registrable part of a domain: "cs.ethz.ch" → "ethz.ch", "eng.ox.ac.uk" → "ox.ac.uk". */
function registrable(domain: string): string {
	const parts = domain.split('.');
	const keep = parts.length >= 3 && SECOND_LEVEL.includes(parts[parts.length - 2]) ? 3 : 2;
	return parts.slice(-keep).join('.');
}

/** The label that names the organisation in a domain: "cs.ethz.ch" → "ethz", "ox.ac.uk" → "ox". */
function organisationLabel(domain: string): string {
	return registrable(domain).split('.')[0];
}

function homepageMatches(homepage: string | null, domain: string): boolean {
	if (!homepage) return false;
	try {
		const host = new URL(/^https?:\/\//i.test(homepage) ? homepage : `https://${homepage}`).hostname.toLowerCase();
		const org = registrable(domain);
		return host === org || host.endsWith(`.${org}`);
	} catch {
		return false;
	}
}

function affiliationMatches(affiliations: readonly string[], domain: string): boolean {
	const label = organisationLabel(domain);
	// Short labels ("ai", "io") would match too much.
	if (label.length < 3 || !/^[a-z0-9-]+$/.test(label)) return false;
	const word = new RegExp(`(?:^|[^a-z0-9])${label}(?:$|[^a-z0-9])`);
	return affiliations.some((a) => word.test(normaliseName(a)) || word.test(a.toLowerCase()) || abbreviates(label, a));
}

const STOP_WORDS = ['of', 'the', 'and', 'for', 'de', 'du', 'di', 'der', 'la', 'at', 'y', 'e'];

/**
 * True when `label` is the affiliation's name shortened the way domains are:
 * the start of each significant word in order, each part an initial or at
 * least three letters ("cmu" = Carnegie Mellon University, "ethz" = ETH
 * Zurich, "utoronto" = University of Toronto, "unilag" = University of
 * Lagos). Two-letter pieces are not allowed, so "sun" is not Stanford
 * University.
 */
export function abbreviates(label: string, affiliation: string): boolean {
	const words = normaliseName(affiliation)
		.split(' ')
		.filter((w) => w !== '' && !STOP_WORDS.includes(w))
		.slice(0, 8);
	if (label.length < 3 || words.length === 0 || label.length > 40) return false;
	// can(i, j): label[i..] can be made from words[j..]; each word gives an empty piece, its initial, or 3+ of its first letters.
	const memo = new Map<string, boolean>();
	const can = (i: number, j: number): boolean => {
		if (i === label.length) return true;
		if (j === words.length) return false;
		const key = `${i}:${j}`;
		const known = memo.get(key);
		if (known !== undefined) return known;
		const w = words[j];
		let ok = j > 0 && can(i, j + 1);
		for (let k = 1; !ok && k <= w.length && i + k <= label.length; k++) {
			if (label[i + k - 1] !== w[k - 1]) break;
			if ((k === 1 || k >= 3) && can(i + k, j + 1)) ok = true;
		}
		memo.set(key, ok);
		return ok;
	};
	return can(0, 0);
}

export interface MatchInput {
	name?: string | null;
	email?: string | null;
	orcid?: string | null;
	semanticScholarId?: string | null;
}

const NO_MATCH = (namesakes: number, reason: string): ScholarMatch => ({ method: 'none', confidence: 0, authorId: null, name: null, namesakes, votes: false, reason });

function decided(method: MatchMethod, confidence: number, author: ScholarAuthor, namesakes: number, reason: string): ScholarMatch {
	return { method, confidence, authorId: author.authorId, name: author.name, namesakes, votes: confidence >= PAPER_RULES.minConfidence, reason };
}

/**
 * Picks the candidate's author record among the hits of a name search:
 * ORCID (`externalIds.ORCID`) first, then the email's domain against the
 * homepage, then against the affiliations, else the name alone (recorded,
 * never voting: with namesakes it would vet one person on another's papers).
 * A hit whose ORCID differs from the candidate's is someone else.
 */
export function matchScholarAuthor(input: MatchInput, hits: readonly ScholarAuthor[]): ScholarMatch {
	const name = input.name?.trim() ?? '';
	const orcid = normaliseOrcid(input.orcid);
	const sameNamed = hits.filter((h) => sameName(h.name, name));
	const n = sameNamed.length;
	if (n === 0) return NO_MATCH(0, `no author named '${name.slice(0, 80)}' in the search`);
	if (orcid) {
		const byOrcid = sameNamed.find((h) => h.orcid === orcid);
		if (byOrcid) return decided('orcid', PAPER_RULES.confidence.orcid, byOrcid, n, `ORCID ${orcid} on author ${byOrcid.authorId}`);
	}
	// Records with another ORCID are other people.
	const possible = orcid ? sameNamed.filter((h) => h.orcid === null) : sameNamed;
	const domain = employerDomain(input.email);
	if (domain) {
		const byHomepage = possible.filter((h) => homepageMatches(h.homepage, domain));
		if (byHomepage.length === 1) return decided('email_domain', PAPER_RULES.confidence.email_homepage, byHomepage[0], n, `homepage ${byHomepage[0].homepage} is on the email's domain ${domain}`);
		const byAffiliation = possible.filter((h) => affiliationMatches(h.affiliations, domain));
		if (byAffiliation.length === 1) {
			return decided('email_domain', PAPER_RULES.confidence.email_affiliation, byAffiliation[0], n, `affiliation '${byAffiliation[0].affiliations.join('; ').slice(0, 100)}' matches the email's domain ${domain}`);
		}
		if (byHomepage.length + byAffiliation.length > 1) return NO_MATCH(n, `several authors named '${name.slice(0, 80)}' match the email's domain ${domain}`);
	}
	if (possible.length === 1) {
		return decided('name_only', PAPER_RULES.confidence.name_only, possible[0], n, `name only: one author named '${name.slice(0, 80)}'${orcid ? ` without an ORCID` : ''}; not enough to vet`);
	}
	if (possible.length === 0) return NO_MATCH(n, `every author named '${name.slice(0, 80)}' has another ORCID than ${orcid}`);
	return {
		method: 'name_only',
		confidence: Math.round((PAPER_RULES.confidence.name_only / possible.length) * 100) / 100,
		authorId: null,
		name: null,
		namesakes: n,
		votes: false,
		reason: `${possible.length} authors named '${name.slice(0, 80)}' and nothing tells them apart (ambiguous)`,
	};
}

/** The match for a candidate who gave their Semantic Scholar id: certain. */
export function idMatch(author: ScholarAuthor): ScholarMatch {
	return decided('semantic_scholar_id', PAPER_RULES.confidence.semantic_scholar_id, author, 1, `Semantic Scholar id ${author.authorId} given with the candidate`);
}

function isPeerReviewed(p: ScholarPaper): boolean {
	const venue = (p.venue ?? '').toLowerCase();
	if (venue === '' || /^arxiv\b|\barxiv\.org\b|^biorxiv|^medrxiv|^ssrn|^openreview$/.test(venue)) return false;
	return true;
}

/**
 * Draws the research evidence of the matched author's papers. A match that
 * does not vote gives nothing (no points, no public work, no activity): the
 * papers may be a namesake's. Papers are never production evidence.
 */
export function extractPaperSignals(data: Pick<PaperData, 'papers' | 'author'>, match: ScholarMatch, now: Date): SourceSignals {
	const empty: SourceSignals = { source: 'papers', evidence: [], level: 'none', roleScores: {}, roleHits: [], flags: [], hasPublicWork: false, lastActivity: null };
	if (!match.votes) return empty;
	const papers = data.papers.filter((p) => p.year === null || p.year <= now.getUTCFullYear() + 1);
	if (papers.length === 0) return empty;

	const ranked = papers
		.map((p, i) => ({ p, i }))
		.sort((a, b) => b.p.citationCount - a.p.citationCount || (b.p.year ?? 0) - (a.p.year ?? 0) || a.i - b.i)
		.map((x) => x.p);
	let points = 0;
	const roleHits: RoleHit[] = [];
	for (const p of ranked.slice(0, PAPER_RULES.maxPapers)) {
		const add = isPeerReviewed(p) ? PAPER_RULES.paperPoints : PAPER_RULES.preprintPoints;
		points += add;
		roleHits.push({ role: 'research_scientist', text: describePaper(p), points: add, url: p.url });
	}
	const citations = papers.reduce((sum, p) => sum + p.citationCount, 0);
	const citationPoints = Math.min(PAPER_RULES.maxCitationPoints, Math.log10(1 + citations) * PAPER_RULES.citationWeight);
	points += citationPoints;
	const authorUrl = data.author?.url;
	if (citationPoints > 0 && authorUrl) roleHits.push({ role: 'research_scientist', text: `${citations} citations across ${papers.length} papers`, points: citationPoints, url: authorUrl });

	const evidence: Evidence[] = ranked.slice(0, PAPER_RULES.evidencePapers).map((p) => ({
		label: 'roleFit',
		signal: isPeerReviewed(p) ? 'papers.paper' : 'papers.preprint',
		value: 'research_scientist',
		source: 'papers',
		url: p.url,
		excerpt: describePaper(p),
	}));
	const years = papers.map((p) => p.year).filter((y): y is number => y !== null);
	const lastYear = years.length ? Math.max(...years) : null;
	// A paper of year Y shows activity in Y; its end (capped at now) is the latest that can be claimed.
	const lastActivity = lastYear === null ? null : new Date(Math.min(Date.UTC(lastYear, 11, 31), now.getTime())).toISOString();
	return {
		source: 'papers',
		evidence,
		level: 'none',
		roleScores: { research_scientist: Math.round(points * 100) / 100 },
		roleHits,
		flags: [],
		hasPublicWork: true,
		lastActivity,
	};
}

function describePaper(p: ScholarPaper): string {
	const where = [p.venue, p.year].filter((x) => x !== null && x !== '').join(' ');
	return `"${p.title.slice(0, 120)}"${where ? ` (${where})` : ''}, ${p.citationCount} citation${p.citationCount === 1 ? '' : 's'}`;
}
