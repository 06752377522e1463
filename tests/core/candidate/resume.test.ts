import { findSkills, parseResume, resumeLevel } from '../../../core/candidate/resume';

describe('parseResume', () => {
	it.each([
		['Incident, 2024: a bad deploy doubled p99 latency; I rolled back and wrote the postmortem.', 'incidents'],
		['Primary on-call one week in five.', 'onCall'],
		['Serving 4k requests/s at p95 under 80 ms.', 'opsMetrics'],
		['Shipped the ranking service to production in 2023.', 'shipped'],
		['The scoring API handles ~12k calls a day.', 'shipped'],
		['Assistant used daily by ~900 agents.', 'shipped'],
		['Cut cloud cost by 31% in a quarter.', 'metrics'],
		['Kaggle Competitions Master, two gold medals.', 'competitions'],
		['Papers at NeurIPS and ICML; PhD thesis on sparse attention.', 'publications'],
		['Visionary thought leader and keynote speaker passionate about GenAI.', 'buzzwords'],
	] as const)('finds %p as %s', (text, key) => {
		const facts = parseResume(`Jane Doe\nEngineer\n${text}`);
		expect(facts[key].length).toBeGreaterThan(0);
	});

	it.each([
		'I would like to move into an ML role and learn how models are run in production.',
		'Looking for a role where I can deploy models to production.',
		'Passionate about delivering production-grade, scalable solutions.',
		'Completed the MLOps Engineering for Production specialization.',
		'Availability: immediate. Notice period: none.',
		'I own the roadmap and the relationship with the board.',
	])('a wish, a course or a CV formality is not production work: %p', (text) => {
		const facts = parseResume(`Jane Doe\nJunior\n${text}`);
		expect(facts.level).toBe('none');
	});

	it.each([
		[{ shipped: 1, opsMetrics: 0, incidents: 0, onCall: 0 }, 'some'],
		[{ shipped: 0, opsMetrics: 1, incidents: 1, onCall: 0 }, 'strong'],
		[{ shipped: 0, opsMetrics: 0, incidents: 1, onCall: 1 }, 'strong'],
		[{ shipped: 1, opsMetrics: 1, incidents: 0, onCall: 1 }, 'strong'],
		[{ shipped: 1, opsMetrics: 1, incidents: 0, onCall: 0 }, 'some'],
		[{ shipped: 0, opsMetrics: 0, incidents: 0, onCall: 0 }, 'none'],
	] as const)('level rule %p -> %s', (counts, level) => {
		const list = (n: number) => Array.from({ length: n }, () => ({ signal: 's', text: 't' }));
		expect(resumeLevel({ shipped: list(counts.shipped), opsMetrics: list(counts.opsMetrics), incidents: list(counts.incidents), onCall: list(counts.onCall) })).toBe(level);
	});

	it('weighs the headline as a job title', () => {
		const facts = parseResume('Sam Roe - Senior LLM Engineer\nBerlin\nPython, Kubernetes, Terraform');
		expect(facts.roleScores.llm_engineer).toBeGreaterThan(facts.roleScores.mlops_engineer);
	});

	it('handles empty, HTML and non-English text', () => {
		expect(parseResume(undefined).present).toBe(false);
		expect(parseResume('').level).toBe('none');
		const html = parseResume('<p>Ingénieure MLOps</p><script>alert(1)</script>\n<b>Kubernetes</b>, on-call, Vorfall → rollback');
		expect(html.onCall.length).toBe(1);
		expect(parseResume('工程师 · 生产环境 · 北京').present).toBe(true);
	});

	it('reads a 1 MB résumé in bounded time and says it was cut', () => {
		const huge = 'Visionary leader. '.repeat(30_000) + 'x'.repeat(500_000);
		const started = Date.now();
		const facts = parseResume(huge);
		expect(facts.truncated).toBe(true);
		expect(facts.buzzwords.length).toBeLessThanOrEqual(20);
		// Not a timing assertion on speed, a guard against a runaway: far below the test timeout.
		expect(Date.now() - started).toBeLessThan(20_000);
	});

	it('finds skills by whole word only', () => {
		expect(findSkills('Python, Go, Kubernetes and C++; we go fast')).toEqual(expect.arrayContaining(['python', 'go', 'kubernetes', 'c++']));
		expect(findSkills('we go fast; raygun')).toEqual([]);
	});
});
