import {
	extractHuggingFaceSignals,
	hfProductionSignals,
	isCardlessCopy,
	mayBeTemplateCard,
	normaliseHfUsername,
	readCardText,
	releasePurpose,
	trimHfList,
	trimHfRepo,
	type HfRepo,
	type HuggingFaceData,
} from '../../../core/candidate/huggingface';
import { InputError } from '../../../core/errors';

const NOW = new Date('2026-11-25T00:00:00Z');
const WEB = 'https://huggingface.co';

function repo(kind: HfRepo['kind'], id: string, over: Partial<HfRepo> = {}): HfRepo {
	return {
		kind,
		id: `dev/${id}`,
		url: `${WEB}/${kind === 'model' ? '' : kind + 's/'}dev/${id}`,
		downloads: 0,
		likes: 0,
		lastModified: '2026-10-01T00:00:00.000Z',
		pipelineTag: null,
		libraryName: null,
		tags: [],
		files: [],
		hasCard: true,
		evalResults: [],
		baseModels: [],
		sdk: null,
		runtimeStage: null,
		summary: null,
		...over,
	};
}

const data = (models: HfRepo[], spaces: HfRepo[] = [], datasets: HfRepo[] = []): HuggingFaceData => ({ username: 'dev', profileUrl: `${WEB}/dev`, models, datasets, spaces });
const EVAL = [{ task: 'text-classification', dataset: 'imdb', metric: 'accuracy', value: 0.93 }];

describe('Hugging Face production signals', () => {
	it.each<[string, HfRepo, string[]]>([
		['running Docker Space', repo('space', 'api', { sdk: 'docker', runtimeStage: 'RUNNING', files: ['Dockerfile', 'app.py'] }), ['running_system:huggingface.space_running']],
		['running Gradio Space with app.py', repo('space', 'demo', { sdk: 'gradio', runtimeStage: 'RUNNING', files: ['app.py', 'requirements.txt'] }), ['running_system:huggingface.space_running']],
		['sleeping Space with serving code', repo('space', 'demo', { sdk: 'gradio', runtimeStage: 'SLEEPING', files: ['app.py'] }), ['partial:huggingface.space_sleeping']],
		['Space that fails to build', repo('space', 'demo', { sdk: 'gradio', runtimeStage: 'BUILD_ERROR', files: ['app.py'] }), []],
		['static Space, running: a web page', repo('space', 'page', { sdk: 'static', runtimeStage: 'RUNNING', files: ['index.html'] }), []],
		['Gradio Space running, files unknown', repo('space', 'demo', { sdk: 'gradio', runtimeStage: 'RUNNING', files: null }), ['partial:huggingface.space_running']],
		['heavily used model without a card', repo('model', 'clf', { downloads: 50_000, hasCard: false }), ['partial:huggingface.model_used']],
		['well-used model with card and eval results', repo('model', 'clf', { downloads: 5000, evalResults: EVAL }), ['running_system:huggingface.model_used_evaluated']],
		['heavily used model with a card', repo('model', 'clf', { downloads: 50_000 }), ['running_system:huggingface.model_used']],
		['a little used model with a card', repo('model', 'clf', { downloads: 300 }), ['partial:huggingface.model_used']],
		['well-used model without a card', repo('model', 'clf', { downloads: 5000, hasCard: false, evalResults: EVAL }), []],
		['model with an inference handler, used', repo('model', 'h', { downloads: 150, files: ['handler.py', 'model.safetensors'] }), ['partial:huggingface.model_used', 'running_system:huggingface.inference_handler']],
		['unused model, no card', repo('model', 'copy', { hasCard: false }), []],
	])('%s', (_name, r, expected) => {
		expect(hfProductionSignals(r).map((s) => `${s.kind}:${s.signal}`)).toEqual(expected);
	});

	it.each<[string, HuggingFaceData, string]>([
		['a running Space with serving code and a well-used evaluated model', data([repo('model', 'clf', { downloads: 5000, evalResults: EVAL })], [repo('space', 'api', { sdk: 'docker', runtimeStage: 'RUNNING', files: ['Dockerfile'] })]), 'strong'],
		['one running Space only', data([], [repo('space', 'api', { sdk: 'docker', runtimeStage: 'RUNNING', files: ['Dockerfile'] })]), 'some'],
		['datasets only', data([], [], [repo('dataset', 'd', { downloads: 900 })]), 'none'],
		['unused models', data([repo('model', 'a'), repo('model', 'b')]), 'none'],
	])('level: %s -> %s', (_name, d, level) => {
		expect(extractHuggingFaceSignals(d, NOW).level).toBe(level);
	});

	it('every evidence item is from huggingface with the Hub page as url', () => {
		const s = extractHuggingFaceSignals(data([repo('model', 'clf', { downloads: 5000, evalResults: EVAL, pipelineTag: 'text-classification' })], [repo('space', 'api', { sdk: 'docker', runtimeStage: 'RUNNING', files: ['Dockerfile'] })]), NOW);
		expect(s.evidence.length).toBeGreaterThan(0);
		for (const e of s.evidence) {
			expect(e.source).toBe('huggingface');
			expect(e.url).toMatch(/^https:\/\/huggingface\.co\/(spaces\/)?dev\//);
		}
		expect(s.hasPublicWork).toBe(true);
	});
});

describe('Hugging Face role evidence', () => {
	it.each<[string, Partial<HfRepo>, string]>([
		['text generation with PEFT', { pipelineTag: 'text-generation', libraryName: 'peft', tags: ['lora', 'trl'] }, 'llm_engineer'],
		['sentence embeddings', { pipelineTag: 'sentence-similarity', libraryName: 'sentence-transformers' }, 'llm_engineer'],
		['object detection', { pipelineTag: 'object-detection', libraryName: 'ultralytics' }, 'ml_engineer'],
		['tabular with sklearn', { pipelineTag: 'tabular-classification', libraryName: 'sklearn' }, 'ml_engineer'],
		['time-series forecasting', { pipelineTag: 'time-series-forecasting' }, 'ml_engineer'],
	])('%s -> %s', (_name, over, role) => {
		const s = extractHuggingFaceSignals(data([repo('model', 'm', { downloads: 10, ...over })]), NOW);
		const top = Object.entries(s.roleScores).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0];
		expect(top[0]).toBe(role);
		expect(s.roleHits.every((h) => h.url?.startsWith(WEB))).toBe(true);
	});

	it('caps the points one profile gives a role', () => {
		const many = Array.from({ length: 40 }, (_, i) => repo('model', `llm-${i}`, { pipelineTag: 'text-generation', libraryName: 'peft', tags: ['lora'] }));
		expect(extractHuggingFaceSignals(data(many), NOW).roleScores.llm_engineer).toBeLessThanOrEqual(12);
	});
});

describe('Hub checkpoints of a paper or a competition are not production evidence (rubric: a paper or a medal is no substitute for a live system)', () => {
	it.each<[string, string[], string[], ReturnType<typeof releasePurpose>]>([
		['the Hub\'s arXiv tag (the card cites a paper)', ['transformers', 'arxiv:2401.00001'], [], 'research'],
		['a `research` card tag', ['research'], [], 'research'],
		['a card that calls it a research checkpoint', [], ['Research checkpoint for our sparse attention study.'], 'research'],
		['weights for reproducing the paper', [], ['Weights to reproduce the paper tables.'], 'research'],
		['checkpoint of a workshop paper', [], ['Checkpoint for the ICLR workshop paper on pruning.'], 'research'],
		['a `kaggle` tag', ['timm', 'kaggle'], [], 'competition'],
		['a placed competition solution', [], ['Fold-1 weights of our 2nd place solution.'], 'competition'],
		['an ordinary fine-tune', ['transformers', 'text-classification', 'base_model:bert-base-uncased'], ['Support ticket router used by the helpdesk.'], null],
		['"leaderboard" alone (LLM benchmark tables) is no competition', [], ['Scores on the open LLM leaderboard: 61.2 average.'], null],
		['"research" as a field, not a release', [], ['Retriever for legal research teams.'], null],
	])('%s', (_name, tags, texts, expected) => {
		expect(releasePurpose(tags, texts)).toBe(expected);
	});

	it.each<[string, HfRepo, string[]]>([
		['paper checkpoint, well used, card and eval results: nothing', repo('model', 'moe', { downloads: 5000, evalResults: EVAL, purpose: 'research' }), []],
		['paper checkpoint, heavily used: nothing', repo('model', 'moe', { downloads: 50_000, purpose: 'research' }), []],
		['competition weights, a little used: nothing', repo('model', 'fold0', { downloads: 300, purpose: 'competition' }), []],
		['paper checkpoint with an inference handler: the handler still counts', repo('model', 'moe', { downloads: 300, files: ['handler.py'], purpose: 'research' }), ['running_system:huggingface.inference_handler']],
		['the same model without a stated purpose', repo('model', 'moe', { downloads: 5000, evalResults: EVAL }), ['running_system:huggingface.model_used_evaluated']],
	])('%s', (_name, r, expected) => {
		expect(hfProductionSignals(r).map((s) => `${s.kind}:${s.signal}`)).toEqual(expected);
	});

	it('reads the purpose from the list entry, the card data tags, and the README when it is read', () => {
		expect(trimHfRepo('model', { id: 'dev/a', tags: ['arxiv:2401.00001'] }, WEB)?.purpose).toBe('research');
		expect(trimHfRepo('model', { id: 'dev/b', cardData: { tags: ['research'] } }, WEB)?.purpose).toBe('research');
		expect(trimHfRepo('model', { id: 'dev/c', tags: ['kaggle'] }, WEB)?.purpose).toBe('competition');
		expect(trimHfRepo('model', { id: 'dev/d', tags: ['text-classification'] }, WEB)?.purpose).toBeNull();
		expect(trimHfRepo('model', { id: 'dev/legal-research-model' }, WEB)?.purpose).toBeNull();
		expect(trimHfRepo('model', { id: 'dev/h', cardData: { short_description: 'Research checkpoint of our routing study' } }, WEB)?.purpose).toBe('research');
		expect(trimHfRepo('space', { id: 'dev/e', tags: ['arxiv:2401.00001'] }, WEB)?.purpose).toBeNull();
		expect(readCardText(repo('model', 'f'), '# f\nResearch checkpoint, not tuned for product use.\n').purpose).toBe('research');
		expect(readCardText(repo('model', 'g'), '# g\nRouter for support tickets.\n').purpose).toBeNull();
	});

	it('a profile of paper checkpoints and one demo Space is `some`, not `strong`', () => {
		const s = extractHuggingFaceSignals(
			data(
				[repo('model', 'big', { downloads: 3000, evalResults: EVAL, purpose: 'research' }), repo('model', 'small', { downloads: 400, evalResults: EVAL, purpose: 'research' })],
				[repo('space', 'viz', { sdk: 'gradio', runtimeStage: 'RUNNING', files: ['app.py'] })],
			),
			NOW,
		);
		expect(s.level).toBe('some');
	});
});

describe('Hugging Face red flags', () => {
	const copy = (n: string) => repo('model', n, { hasCard: false, files: ['config.json', 'model.safetensors'], pipelineTag: 'text-classification' });

	it('mostly card-less fine-tuned copies: forks_only, each copy linked', () => {
		const s = extractHuggingFaceSignals(data([copy('a'), copy('b'), copy('c'), repo('model', 'own', { downloads: 400 })]), NOW);
		expect(s.flags).toEqual(['forks_only']);
		expect(s.evidence.filter((e) => e.value === 'forks_only')).toHaveLength(3);
	});

	it('copies next to as much own work: no flag; one copy: no flag', () => {
		expect(extractHuggingFaceSignals(data([copy('a'), copy('b'), repo('model', 'x'), repo('model', 'y')]), NOW).flags).toEqual([]);
		expect(extractHuggingFaceSignals(data([copy('a')]), NOW).flags).toEqual([]);
	});

	it('a card that is the training template is no card', () => {
		const templated = readCardText(repo('model', 't'), '# t\nThis model is a fine-tuned version of bert on the None dataset.\n## Model description\nMore information needed\n## Intended uses\nMore information needed\n');
		expect(templated.templateCard).toBe(true);
		expect(isCardlessCopy(templated)).toBe(true);
	});

	it.each<[string, HfRepo, boolean]>([
		['a Trainer-written card on an unused fine-tune, not read yet', repo('model', 't', { tags: ['generated_from_trainer'] }), true],
		['the same card once read', repo('model', 't', { tags: ['generated_from_trainer'], templateCard: false }), false],
		['a card without the Trainer tag', repo('model', 't', { tags: ['text-classification'] }), false],
		['a used model (not a copy whatever its card)', repo('model', 't', { tags: ['generated_from_trainer'], downloads: 500 }), false],
		['a card with evaluation results', repo('model', 't', { tags: ['generated_from_trainer'], evalResults: EVAL }), false],
		['no card at all (already a copy)', repo('model', 't', { tags: ['generated_from_trainer'], hasCard: false }), false],
		['a Space', repo('space', 't', { tags: ['generated_from_trainer'] }), false],
	])('whose card to read to tell the template from own work: %s → %s', (_name, r, expected) => {
		expect(mayBeTemplateCard(r)).toBe(expected);
	});

	it('reads evaluation results from a README section when the card data has none', () => {
		const r = readCardText(repo('model', 'm'), '# m\n## Evaluation\n| metric | value |\n|---|---|\n| accuracy | 0.91 |\n## Usage\nx');
		expect(r.evalResults).toHaveLength(1);
		expect(r.evalResults[0].metric).toContain('accuracy');
	});

	it('nothing modified for more than two years: inactive, with the last repository linked', () => {
		const s = extractHuggingFaceSignals(data([repo('model', 'old', { lastModified: '2023-05-01T00:00:00.000Z' })]), NOW);
		expect(s.flags).toEqual(['inactive']);
		expect(s.lastActivity).toBe('2023-05-01T00:00:00.000Z');
		expect(extractHuggingFaceSignals(data([repo('model', 'new', { lastModified: '2025-05-01T00:00:00.000Z' })]), NOW).flags).toEqual([]);
	});
});

describe('Hugging Face shapes', () => {
	it('trims a model info: files, card, model-index, base model from tags; drops private and malformed entries', () => {
		const raw = {
			id: 'dev/clf',
			downloads: 12,
			likes: 1,
			lastModified: '2026-01-01T00:00:00.000Z',
			tags: ['transformers', 'base_model:finetune:bert-base-uncased'],
			siblings: [{ rfilename: 'README.md' }, { rfilename: 'config.json' }],
			cardData: { 'model-index': [{ name: 'clf', results: [{ task: { type: 'text-classification' }, dataset: { name: 'imdb' }, metrics: [{ type: 'accuracy', value: 0.9 }] }] }] },
		};
		const r = trimHfRepo('model', raw, WEB);
		expect(r).toEqual(expect.objectContaining({ url: `${WEB}/dev/clf`, files: ['README.md', 'config.json'], hasCard: true, baseModels: ['bert-base-uncased'], tags: ['transformers'] }));
		expect(r?.evalResults).toEqual([{ task: 'text-classification', dataset: 'imdb', metric: 'accuracy', value: 0.9 }]);
		expect(trimHfList('model', [raw, { id: 'dev/secret', private: true }, { id: '../x' }, 'junk', null], WEB).map((m) => m.id)).toEqual(['dev/clf']);
		expect(trimHfRepo('space', { id: 'dev/s', runtime: { stage: 'RUNNING' }, sdk: 'docker' }, WEB)).toEqual(expect.objectContaining({ url: `${WEB}/spaces/dev/s`, runtimeStage: 'RUNNING', files: null, hasCard: null }));
	});

	it.each([
		['nkoch', 'nkoch'],
		['@nkoch', 'nkoch'],
		['https://huggingface.co/nkoch', 'nkoch'],
		['  Org_Name.ai ', 'Org_Name.ai'],
		['', null],
	])('normalises %p', (raw, expected) => {
		expect(normaliseHfUsername(raw)).toBe(expected);
	});

	it.each(['../admin', 'a b', 'x?y=1', '-lead', 'a'.repeat(120)])('refuses %p naming the field', (raw) => {
		expect(() => normaliseHfUsername(raw)).toThrow(InputError);
		try {
			normaliseHfUsername(raw);
		} catch (e) {
			expect((e as InputError).field).toBe('huggingfaceUsername');
		}
	});
});
