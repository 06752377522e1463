import { BriefForMatch, rankScores, scoreMatch, stackOverlap } from '../../../core/candidate/match';

const brief = BriefForMatch.parse({ track: 'engineer', roles: ['llm_engineer'], stack: ['rag', 'pgvector', 'fastapi', 'kubernetes'] });
const terms = { text: 'Built RAG over pgvector behind FastAPI', skills: ['python'] };

describe('match to brief', () => {
	it('covers stack terms by whole word, case-insensitive', () => {
		expect(stackOverlap(['rag', 'pgvector', 'kubernetes', 'go'], { text: 'RAG with PgVector; going places', skills: [] })).toEqual(['rag', 'pgvector']);
		expect(stackOverlap(['vector search'], { text: 'vector-search service', skills: [] })).toEqual(['vector search']);
	});

	it.each([
		[{ roleFit: 'llm_engineer', productionEvidence: 'strong', redFlags: [] }, 35 + 18.75 + 30 + 10],
		[{ roleFit: 'ml_engineer', productionEvidence: 'strong', redFlags: [] }, 10 + 18.75 + 30 + 10],
		[{ roleFit: 'ai_consultant', productionEvidence: 'none', redFlags: ['buzzwords_without_artifacts'] }, 0 + 18.75 + 0 + 10 - 12],
	] as const)('scores %p', (vetting, expected) => {
		const m = scoreMatch(brief, { ...vetting, redFlags: [...vetting.redFlags] }, terms);
		expect(m.score).toBe(Math.round(expected));
		expect(m.reasons.map((r) => r.label)).toEqual(['roleFit', 'stack', 'productionEvidence', 'redFlags']);
	});

	it('a strategy brief weighs production evidence less', () => {
		const consultant = BriefForMatch.parse({ track: 'consultant', roles: ['ai_consultant'], stack: [] });
		const m = scoreMatch(consultant, { roleFit: 'ai_consultant', productionEvidence: 'some', redFlags: [] }, terms);
		expect(m.reasons.find((r) => r.label === 'productionEvidence')?.points).toBe(12);
	});

	it('ranks by score, then vetting score, then input order', () => {
		expect(rankScores([{ score: 50, vettingScore: 10 }, { score: 80, vettingScore: 1 }, { score: 50, vettingScore: 20 }, { score: 50, vettingScore: 20 }])).toEqual([4, 1, 2, 3]);
	});

	it('accepts a full brief and rejects one without roles', () => {
		expect(BriefForMatch.safeParse({ track: 'hybrid', roles: ['ml_engineer', 'ai_consultant'], stack: ['python'], problem: 'x', deliverables: ['a'] }).success).toBe(true);
		expect(BriefForMatch.safeParse({ track: 'engineer', roles: [] }).success).toBe(false);
	});
});
