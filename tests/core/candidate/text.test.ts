import { emptyRoleScores, isHypeList, scoreRoles, type RoleHit } from '../../../core/candidate/text';
import { ROLE_WEIGHTS } from '../../../core/candidate/rules';

describe('isHypeList (rubric: buzzwords are "long lists of hot terms")', () => {
	it.each<[string, string, boolean]>([
		['a dotted list of hot terms', 'Generative AI · Agentic AI · LLMs · RAG · Responsible AI · Web3 · Hyperautomation', true],
		['a comma list of hot terms in a sentence', 'Visionary leader leveraging Generative AI, Agentic AI, LLMs, RAG, vector search and AI-first thinking', true],
		['a pipe list of titles and slogans', 'AI Visionary | GenAI Thought Leader | Evangelist | Keynote Speaker | Board Member', true],
		['a skills line of tool names: a list, not hype', 'Skills: Python, PyTorch, vLLM, LangChain, Kubernetes, Terraform, Prometheus', false],
		['a sentence with slogans: hype, not a list', 'Visionary, world-class thought leader driving innovation.', false],
		['a short list with two hot terms', 'GenAI · LLMs · RAG · agents · end-to-end delivery', false],
	])('%s → %s', (_name, statement, expected) => {
		expect(isHypeList(statement)).toBe(expected);
	});
});

describe('scoreRoles: lists of hot terms are not role evidence', () => {
	const points = (statement: string) => {
		const scores = emptyRoleScores();
		const hits: RoleHit[] = [];
		scoreRoles([statement], 1, scores, hits);
		return scores;
	};

	it.each<[string, string, string, number]>([
		['LLM terms in a hot-term list count at the hype-list weight', 'Generative AI · Quantum AI · LLMs · RAG · Responsible AI · Web3 · Hyperautomation', 'llm_engineer', ROLE_WEIGHTS.hypeListContext],
		['the same LLM terms in a skills line count in full', 'Skills: LLMs, RAG, Python, PyTorch, Kubernetes', 'llm_engineer', 1],
	])('%s', (_name, statement, role, factor) => {
		// RAG (2) + LLMs (1.5) are the llm_engineer terms of both statements.
		expect(points(statement)[role as keyof ReturnType<typeof emptyRoleScores>]).toBeCloseTo(3.5 * factor);
	});

	it('a course inside a hot-term list counts at the lower of the two weights', () => {
		const s = points('GenAI certificate · Quantum AI · Responsible AI · Web3 · RAG course');
		expect(s.llm_engineer).toBeCloseTo(2 * Math.min(ROLE_WEIGHTS.courseContext, ROLE_WEIGHTS.hypeListContext));
	});

	it('a consultant claimed in sentences outweighs the LLM terms of a hot-term list', () => {
		const scores = emptyRoleScores();
		scoreRoles(
			[
				'Keynote speaker and advisor: I help executives set their AI strategy and roadmap.',
				'Generative AI · Agentic AI · LLMs · RAG · AI agents · LLMOps · Prompt engineering · Responsible AI · Web3',
			],
			1,
			scores,
			[],
		);
		expect(scores.ai_consultant).toBeGreaterThan(scores.llm_engineer);
	});
});
