/**
 * The rubric concepts in the languages CVs arrive in, and the segment rule of
 * the course discount (table-driven, no mocks).
 */
import { repoSignals, type GithubRepo } from '../../../core/candidate/github';
import { parseResume } from '../../../core/candidate/resume';
import { bestRole } from '../../../core/candidate/text';

describe('production claims in several languages', () => {
	it.each([
		['es', 'Desarrollé y puse en producción un sistema de inspección visual; lo mantengo desde 2022.'],
		['es', 'Modelo de scoring desplegado en producción para 3 bancos.'],
		['pt', 'Coloquei em produção o modelo de previsão de demanda da rede.'],
		['de', 'Das Prognosemodell läuft seit 2023 in Produktion, ich betreibe den Dienst.'],
		['fr', 'Modèle de détection de fraude mis en production en 2024.'],
		['it', 'Il modello di raccomandazione è in produzione da un anno.'],
	])('%s: %p is a production claim (some)', (_lang, text) => {
		expect(parseResume(`Nombre Apellido\nIngeniera\n${text}`).level).toBe('some');
	});

	it.each([
		['de', 'Störung im März: ein Treiber-Update legte die GPU-Knoten lahm; ich hatte Rufbereitschaft und habe zurückgerollt.'],
		['es', 'Incidente en 2024: el modelo dejó de recibir datos; estaba de guardia y lo resolví con un rollback.'],
		['fr', "Panne en 2023 sur l'API de scoring ; j'étais d'astreinte et j'ai rédigé le post-mortem."],
	])('%s: what broke and on-call duty is strong: %p', (_lang, text) => {
		expect(parseResume(`Name\nEngineer\n${text}`).level).toBe('strong');
	});

	it.each([
		'Me gustaría trabajar con modelos en producción.',
		'Busco un puesto donde desplegar modelos en producción.',
		'Ich möchte Modelle in Produktion bringen.',
		'Je cherche un poste pour mettre des modèles en production.',
	])('a wish in another language is not production work: %p', (text) => {
		expect(parseResume(`Name\nJunior\n${text}`).level).toBe('none');
	});
});

describe('role evidence in several languages', () => {
	it.each([
		['Ingeniera de Machine Learning\nVisión por computador y previsión de demanda con scikit-learn.', 'ml_engineer'],
		['Engenheiro de Machine Learning\nVisão computacional e recomendação de produtos.', 'ml_engineer'],
		['KI-Strategieberaterin\nRoadmaps, Workshops mit der Geschäftsführung, Business Cases.', 'ai_consultant'],
		['Consultora de estrategia de IA\nHoja de ruta, casos de negocio y selección de proveedores para la dirección general.', 'ai_consultant'],
		['Doktorand, Forschung zu neuen Architekturen\nVeröffentlichungen: NeurIPS 2025, ICLR 2026.', 'research_scientist'],
		['Investigadora, tesis doctoral sobre métodos nuevos\nPublicaciones en ICML y AISTATS.', 'research_scientist'],
	] as const)('%p -> %s', (text, role) => {
		expect(bestRole(parseResume(text).roleScores).role).toBe(role);
	});

	it('a certificate in one item of a headline does not discount the other items', () => {
		const withCert = parseResume('AI Strategy Advisor | Roadmaps for C-suites | 12 certifications');
		const without = parseResume('AI Strategy Advisor | Roadmaps for C-suites');
		expect(withCert.roleScores.ai_consultant).toBe(without.roleScores.ai_consultant);
		// ... while a statement about a course still counts for little.
		expect(parseResume('Completed the MLOps specialization course').roleScores.mlops_engineer).toBeLessThan(parseResume('MLOps engineer').roleScores.mlops_engineer);
	});
});

describe('repository descriptions', () => {
	const repo: GithubRepo = {
		name: 'prompts',
		owner: 'x',
		html_url: 'https://github.com/x/prompts',
		description: 'Trying prompts with the OpenAI API',
		fork: false,
		language: 'Jupyter Notebook',
		stargazers_count: 0,
		pushed_at: '2026-01-01T00:00:00Z',
		topics: [],
		default_branch: 'main',
		archived: false,
	};
	const listing = [{ name: 'prompts.ipynb', type: 'file', html_url: null }];

	it('a notebook repository that calls an API is not serving code', () => {
		expect(repoSignals(repo, listing, true)).toEqual([]);
	});

	it('the same description backs up code in a code repository', () => {
		const code = { ...repo, language: 'Python', description: 'FastAPI service for prompt routing' };
		expect(repoSignals(code, [{ name: 'main.py', type: 'file', html_url: null }], false).map((s) => s.category)).toEqual(['serving']);
	});
});
