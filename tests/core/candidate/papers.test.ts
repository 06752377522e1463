import {
	abbreviates,
	employerDomain,
	extractPaperSignals,
	idMatch,
	matchScholarAuthor,
	normaliseOrcid,
	sameName,
	trimScholarAuthor,
	trimScholarPapers,
	type ScholarAuthor,
	type ScholarPaper,
} from '../../../core/candidate/papers';

const NOW = new Date('2026-11-25T00:00:00Z');

function author(id: string, over: Partial<ScholarAuthor> = {}): ScholarAuthor {
	return { authorId: id, name: 'Ana Silva', affiliations: [], homepage: null, orcid: null, paperCount: 3, citationCount: 10, hIndex: 2, url: `https://www.semanticscholar.org/author/${id}`, ...over };
}

function paper(title: string, over: Partial<ScholarPaper> = {}): ScholarPaper {
	return { paperId: title.replace(/\W/g, ''), title, venue: 'NeurIPS', year: 2025, citationCount: 10, url: `https://www.semanticscholar.org/paper/${title.replace(/\W/g, '')}`, publicationTypes: ['Conference'], authorCount: 3, ...over };
}

describe('matching an author record to the candidate', () => {
	const orcid = '0000-0002-1825-0097';
	it.each<[string, Parameters<typeof matchScholarAuthor>[0], ScholarAuthor[], { method: string; authorId: string | null; votes: boolean }]>([
		['ORCID picks one of two namesakes', { name: 'Ana Silva', orcid }, [author('1'), author('2', { orcid })], { method: 'orcid', authorId: '2', votes: true }],
		['ORCID as a URL', { name: 'Ana Silva', orcid: `https://orcid.org/${orcid}` }, [author('2', { orcid })], { method: 'orcid', authorId: '2', votes: true }],
		['email domain against the homepage', { name: 'Ana Silva', email: 'ana@cs.uni-x.de' }, [author('1', { homepage: 'https://www.uni-x.de/~silva' }), author('2')], { method: 'email_domain', authorId: '1', votes: true }],
		['email domain against the affiliation', { name: 'Ana Silva', email: 'asilva@stanford.edu' }, [author('1', { affiliations: ['Stanford University'] }), author('2', { affiliations: ['MIT'] })], { method: 'email_domain', authorId: '1', votes: true }],
		['email domain against the affiliation\'s initials', { name: 'Ana Silva', email: 'asilva@cmu.edu' }, [author('1', { affiliations: ['Carnegie Mellon University'] }), author('2')], { method: 'email_domain', authorId: '1', votes: true }],
		['free mail says nothing: ambiguous', { name: 'Ana Silva', email: 'ana.silva@gmail.com' }, [author('1'), author('2')], { method: 'name_only', authorId: null, votes: false }],
		['one namesake, no disambiguator: recorded, does not vote', { name: 'Ana Silva' }, [author('1')], { method: 'name_only', authorId: '1', votes: false }],
		['a namesake with another ORCID is someone else', { name: 'Ana Silva', orcid }, [author('1', { orcid: '0000-0001-5109-3700' })], { method: 'none', authorId: null, votes: false }],
		['other names in the search do not count', { name: 'Ana Silva', orcid }, [author('1', { name: 'Anabel Silvano', orcid })], { method: 'none', authorId: null, votes: false }],
		['an initial spelling of the same name', { name: 'Ana Silva', orcid }, [author('1', { name: 'A. Silva', orcid })], { method: 'orcid', authorId: '1', votes: true }],
	])('%s', (_name, input, hits, expected) => {
		expect(matchScholarAuthor(input, hits)).toEqual(expect.objectContaining(expected));
	});

	it.each([
		['cmu', 'Carnegie Mellon University', true],
		['ethz', 'ETH Zurich', true],
		['utoronto', 'University of Toronto', true],
		['unilag', 'University of Lagos', true],
		['stanford', 'Stanford University', true],
		['mit', 'Massachusetts Institute of Technology', true],
		['sun', 'Stanford University', false],
		['acme', 'Carnegie Mellon University', false],
		['toronto', 'University of Toronto', false],
	])('abbreviates(%p, %p) = %p', (label, affiliation, expected) => {
		expect(abbreviates(label, affiliation)).toBe(expected);
	});

	it('a Semantic Scholar id is certain', () => {
		expect(idMatch(author('9'))).toEqual(expect.objectContaining({ method: 'semantic_scholar_id', confidence: 1, votes: true }));
	});

	it.each([
		['José Pérez', 'Jose Perez', true],
		['José Pérez', 'J. Pérez', true],
		['Ana Maria Silva', 'Ana Silva', true],
		['Ana Silva', 'Ana Souza', false],
		['Ana Silva', 'Bruno Silva', false],
	])('sameName(%p, %p) = %p', (a, b, same) => {
		expect(sameName(a, b)).toBe(same);
	});

	it.each([
		['x@gmail.com', null],
		['x@Inf.ETHZ.ch', 'inf.ethz.ch'],
		['not an email', null],
	])('employerDomain(%p) = %p', (email, domain) => {
		expect(employerDomain(email)).toBe(domain);
	});

	it.each([
		['0000-0002-1825-0097', '0000-0002-1825-0097'],
		['https://orcid.org/0000-0002-1825-009x', '0000-0002-1825-009X'],
		['0000000218250097', '0000-0002-1825-0097'],
		['12345', null],
	])('normaliseOrcid(%p) = %p', (raw, expected) => {
		expect(normaliseOrcid(raw)).toBe(expected);
	});
});

describe('paper signals', () => {
	const match = idMatch(author('1'));

	it('research evidence for research_scientist with venue, year, citations and link; never production', () => {
		const s = extractPaperSignals({ author: author('1'), papers: [paper('Causal Flows', { citationCount: 120 }), paper('Score Matching', { venue: 'arXiv.org', year: 2026 })] }, match, NOW);
		expect(s.level).toBe('none');
		expect(s.roleScores.research_scientist).toBeGreaterThan(3);
		expect(Object.keys(s.roleScores)).toEqual(['research_scientist']);
		expect(s.evidence[0]).toEqual(expect.objectContaining({ label: 'roleFit', signal: 'papers.paper', value: 'research_scientist', source: 'papers', url: expect.stringContaining('semanticscholar.org/paper/'), excerpt: '"Causal Flows" (NeurIPS 2025), 120 citations' }));
		expect(s.evidence[1].signal).toBe('papers.preprint');
		expect(s.hasPublicWork).toBe(true);
		expect(s.lastActivity).toBe(NOW.toISOString());
		expect(s.evidence.every((e) => e.label !== 'productionEvidence')).toBe(true);
	});

	it('a match that does not vote gives nothing at all', () => {
		const weak = matchScholarAuthor({ name: 'Ana Silva' }, [author('1')]);
		const s = extractPaperSignals({ author: author('1'), papers: [paper('Causal Flows')] }, weak, NOW);
		expect(s).toEqual({ source: 'papers', evidence: [], level: 'none', roleScores: {}, roleHits: [], flags: [], hasPublicWork: false, lastActivity: null });
	});

	it('points grow with papers and citations but are capped', () => {
		const few = extractPaperSignals({ author: null, papers: [paper('A')] }, match, NOW).roleScores.research_scientist ?? 0;
		const many = extractPaperSignals({ author: null, papers: Array.from({ length: 60 }, (_, i) => paper(`P${i}`, { citationCount: 1000 })) }, match, NOW).roleScores.research_scientist ?? 0;
		expect(many).toBeGreaterThan(few);
		expect(many).toBeLessThanOrEqual(8 * 1.5 + 4.5);
	});

	it('trims the API shapes defensively', () => {
		expect(trimScholarAuthor({ authorId: '12', name: 'X', externalIds: { ORCID: '0000-0002-1825-0097' }, affiliations: ['A', 3] })).toEqual(
			expect.objectContaining({ authorId: '12', orcid: '0000-0002-1825-0097', affiliations: ['A'], url: 'https://www.semanticscholar.org/author/12' }),
		);
		expect(trimScholarAuthor({ authorId: '../1', name: 'X' })).toBeNull();
		expect(trimScholarPapers({ data: [{ paperId: 'p', title: 'T', year: 2024, externalIds: { ArXiv: '2401.1' } }, { title: 'no id' }, 'junk'] })).toEqual([
			expect.objectContaining({ paperId: 'p', title: 'T', year: 2024, venue: null, citationCount: 0, url: 'https://arxiv.org/abs/2401.1' }),
		]);
		expect(trimScholarPapers('<html>')).toEqual([]);
	});
});
