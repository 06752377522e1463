/**
 * Hugging Face Hub data as the vetting rules read it, and the signals drawn
 * from it (rubric section 5 applied to models, datasets and Spaces). Pure: the
 * transport fetches and trims, this module judges. Shapes are read
 * defensively: the answers come from a remote server (the Hub, a mirror, an
 * Enterprise Hub, a test double).
 *
 * What counts, and why:
 * - productionEvidence: a Space whose runtime is RUNNING with serving code
 *   (app.py, a Dockerfile, ...) is a deployed, running app; a model that is
 *   well used (downloads) with a card and evaluation results, or with a
 *   custom inference handler (Inference Endpoints' handler.py), is a model
 *   someone ships and maintains. Two such "running systems" are `strong`
 *   (as two running-system repositories are on GitHub), one or a partial
 *   signal is `some`. A checkpoint released with a paper or as a competition
 *   entry (its tags or card say so) is research or competition evidence, not
 *   production evidence (rubric: "a Kaggle medal or a published paper is not
 *   a substitute for shipping and maintaining a live system"; `none` is
 *   "notebooks, competitions, ..."): its downloads and benchmark results do
 *   not count; serving code next to it still does.
 * - roleFit: pipeline tags, library names and tags say whether the work is
 *   LLM work (text generation, embeddings, PEFT/LoRA fine-tunes) or classical
 *   ML (vision, tabular, forecasting, NLP classification).
 * - redFlags: a profile that is mostly fine-tuned copies without a card is the
 *   Hub's form of `forks_only` (rubric: "most public repositories are forks
 *   with no own commits": a weights upload with no card documents no own
 *   work); nothing modified for two years is `inactive` (vetCandidate keeps
 *   it only when no other source is recent).
 */
import { InputError } from '../errors';
import type { Role } from '../lead/schema';

import { RESUME_THRESHOLDS, ROLE_WEIGHTS } from './rules';
import type { Evidence, ProductionEvidence, RedFlag } from './schema';
import type { SourceSignals } from './sources';
import { emptyRoleScores, firstMatch, scoreRoles, type RoleHit } from './text';

export type HfRepoKind = 'model' | 'dataset' | 'space';

/** One evaluation result of a model card's `model-index`. */
export interface HfEvalResult {
	task: string | null;
	dataset: string | null;
	metric: string;
	value: number | string;
}

/** One model, dataset or Space as the rules read it. */
export interface HfRepo {
	kind: HfRepoKind;
	/** `owner/name`. */
	id: string;
	/** The Hub page a recruiter can open. */
	url: string;
	/** Downloads in the last 30 days (the Hub's `downloads`). */
	downloads: number;
	likes: number;
	lastModified: string | null;
	pipelineTag: string | null;
	libraryName: string | null;
	tags: string[];
	/** File names of the repository (the Hub's `siblings`); null when the answer did not list them. */
	files: string[] | null;
	/** A model card (README.md) exists: true, false, or null when unknown. */
	hasCard: boolean | null;
	/** Evaluation results of the card's `model-index` (or read from the README). */
	evalResults: HfEvalResult[];
	/** `base_model` of the card: the model this one was fine-tuned from. */
	baseModels: string[];
	/** Spaces: the SDK (`gradio`, `streamlit`, `docker`, `static`). */
	sdk: string | null;
	/** Spaces: `RUNNING`, `SLEEPING`, `RUNTIME_ERROR`, `BUILD_ERROR`, `PAUSED`, ... */
	runtimeStage: string | null;
	/** The card's title or short description, when it has one. */
	summary: string | null;
	/** True when the README was read and is the training script's template (no own description). */
	templateCard?: boolean;
	/** True when the answer carried the card's data (`cardData`): a missing `model-index` then means none. */
	cardDataRead?: boolean;
	/** What the tags or card say the model was published for, when it is a paper's or a competition's release (HF_RELEASE_PURPOSE). */
	purpose?: HfPurpose | null;
}

/** A model published as a paper's checkpoint or as a competition entry. */
export type HfPurpose = 'research' | 'competition';

/** Everything the enrichment fetched for one Hub user or organisation. */
export interface HuggingFaceData {
	username: string;
	/** The profile page (`https://huggingface.co/{username}`). */
	profileUrl: string;
	models: HfRepo[];
	datasets: HfRepo[];
	spaces: HfRepo[];
}

/** Thresholds and weights of the Hub judgement (rules as data). */
export const HF_RULES = {
	/** A model with at least this many downloads in 30 days is used by others. */
	wellUsedDownloads: 1000,
	/** A model this popular counts as shipped even without evaluation results in its card. */
	heavilyUsedDownloads: 20_000,
	/** A model with at least this many downloads is a partial signal. */
	usedDownloads: 100,
	/** Running-system units for `strong` from the Hub alone (as GitHub's strongRepos). */
	strongUnits: 2,
	/** forks_only: at least this many card-less copies ... */
	copiesMin: 2,
	/** ... that are more than this share of the profile's models and Spaces. */
	copyShare: 0.5,
	/** inactive: nothing modified for more than this many years. */
	inactiveYears: 2,
	/** Repositories read for role evidence (most used first). */
	maxRoleRepos: 30,
	/** Points one repository's pipeline tag, library and tags give its role, at most. */
	repoRolePoints: 3,
	/** Points the Hub gives one role, at most (a profile of 200 uploads cannot outvote everything else). */
	maxRolePoints: 12,
	/** Weight of the names of repositories (scored with the rubric's role terms, as GitHub repositories are). */
	nameWeight: ROLE_WEIGHTS.repo,
	/** Card-less copies count like forks. */
	copyWeight: ROLE_WEIGHTS.fork,
} as const;

/** Files in a Space or model that are serving code: an app, an API, a container, an inference handler. */
export const HF_SERVING_FILES =
	'^(?:app\\.py|server\\.py|serve\\.py|main\\.py|api\\.py|handler\\.py|inference\\.py|predict\\.py|dockerfile|docker-compose\\.ya?ml|app\\.js|server\\.js|main\\.go)$';

/** A custom Inference Endpoints handler, or a serving container next to the weights. */
export const HF_MODEL_SERVING_FILES = '^(?:handler\\.py|dockerfile|inference\\.py|serve\\.py|server\\.py)$';

/** Space runtime stages: running now, or deployed and asleep (free Spaces sleep when idle, and wake on a visit). */
export const HF_RUNNING_STAGES: readonly string[] = ['RUNNING', 'RUNNING_BUILDING', 'RUNNING_APP_STARTING'];
export const HF_DEPLOYED_STAGES: readonly string[] = ['SLEEPING'];

/** Role evidence by pipeline tag (rubric section 2's role meanings, applied to what a model does). */
export const HF_PIPELINE_ROLES: Readonly<Record<string, Role>> = {
	'text-generation': 'llm_engineer',
	'text2text-generation': 'llm_engineer',
	conversational: 'llm_engineer',
	'feature-extraction': 'llm_engineer',
	'sentence-similarity': 'llm_engineer',
	'question-answering': 'llm_engineer',
	'document-question-answering': 'llm_engineer',
	'visual-question-answering': 'llm_engineer',
	'image-text-to-text': 'llm_engineer',
	summarization: 'llm_engineer',
	'text-ranking': 'llm_engineer',
	'text-classification': 'ml_engineer',
	'token-classification': 'ml_engineer',
	'zero-shot-classification': 'ml_engineer',
	'fill-mask': 'ml_engineer',
	translation: 'ml_engineer',
	'image-classification': 'ml_engineer',
	'object-detection': 'ml_engineer',
	'image-segmentation': 'ml_engineer',
	'zero-shot-object-detection': 'ml_engineer',
	'depth-estimation': 'ml_engineer',
	'keypoint-detection': 'ml_engineer',
	'video-classification': 'ml_engineer',
	'image-feature-extraction': 'ml_engineer',
	'automatic-speech-recognition': 'ml_engineer',
	'audio-classification': 'ml_engineer',
	'text-to-speech': 'ml_engineer',
	'text-to-image': 'ml_engineer',
	'image-to-image': 'ml_engineer',
	'tabular-classification': 'ml_engineer',
	'tabular-regression': 'ml_engineer',
	'time-series-forecasting': 'ml_engineer',
	'reinforcement-learning': 'ml_engineer',
};

/** Role evidence by library name and tag (lower case). */
export const HF_LIBRARY_ROLES: Readonly<Record<string, Role>> = {
	peft: 'llm_engineer',
	'sentence-transformers': 'llm_engineer',
	gguf: 'llm_engineer',
	mlx: 'llm_engineer',
	vllm: 'llm_engineer',
	trl: 'llm_engineer',
	'llama.cpp': 'llm_engineer',
	lora: 'llm_engineer',
	qlora: 'llm_engineer',
	sft: 'llm_engineer',
	dpo: 'llm_engineer',
	rlhf: 'llm_engineer',
	'text-generation-inference': 'llm_engineer',
	rag: 'llm_engineer',
	llama: 'llm_engineer',
	mistral: 'llm_engineer',
	qwen2: 'llm_engineer',
	gemma: 'llm_engineer',
	sklearn: 'ml_engineer',
	'scikit-learn': 'ml_engineer',
	xgboost: 'ml_engineer',
	lightgbm: 'ml_engineer',
	catboost: 'ml_engineer',
	timm: 'ml_engineer',
	ultralytics: 'ml_engineer',
	yolo: 'ml_engineer',
	'yolov8': 'ml_engineer',
	keras: 'ml_engineer',
	'tabular-classification': 'ml_engineer',
	'time-series': 'ml_engineer',
	'computer-vision': 'ml_engineer',
	onnx: 'ml_engineer',
	openvino: 'mlops_engineer',
	tensorrt: 'mlops_engineer',
	'inference-endpoints': 'mlops_engineer',
};

/**
 * What a model was published for, read from its tags (the Hub adds `arxiv:ID`
 * when the card cites a paper; authors tag `research`, `kaggle`) and its card
 * (short description, README when read); not its name, which describes the
 * subject ("legal-research-model") as often as the release. A paper's checkpoint or a
 * competition entry is evidence of the paper or the competition (rubric
 * section 5), not of a system someone runs. Competition words in text are the
 * unambiguous ones: "leaderboard" alone also names LLM benchmark tables.
 */
export const HF_RELEASE_PURPOSE: Readonly<Record<HfPurpose, { tag: string; text: string }>> = {
	research: {
		tag: '^(?:arxiv:.+|research|paper)$',
		text: '\\bresearch (?:checkpoints?|models?|release|artefacts?|artifacts?|prototypes?)\\b|\\breproduc\\w* (?:the |our |my )?(?:paper|results|tables|experiments)\\b|\\b(?:checkpoints?|weights) (?:for|of|from|accompanying) (?:the |our |my )?(?:[\\w-]+ ){0,6}?paper\\b',
	},
	competition: {
		tag: '^(?:kaggle|kaggle-.+|competitions?)$',
		text: '\\bkaggle\\b|\\bcompetitions?\\b|\\b\\d+(?:st|nd|rd|th)[- ]place\\b|\\bprivate (?:lb|leaderboard)\\b',
	},
};

/** The purpose `tags` and `texts` state (research first), or null. */
export function releasePurpose(tags: readonly string[], texts: readonly string[]): HfPurpose | null {
	for (const purpose of ['research', 'competition'] as const) {
		const rule = HF_RELEASE_PURPOSE[purpose];
		if (tags.some((t) => firstMatch(rule.tag, t.trim()) !== null) || texts.some((t) => firstMatch(rule.text, t) !== null)) return purpose;
	}
	return null;
}

/** The README of a model trained with the Trainer and pushed as is: its template, no own description. */
const TEMPLATE_CARD = '\\bmore information needed\\b';
/** Evaluation results written in a README as a section with figures (cards without model-index). */
const README_EVAL_SECTION = '^#{1,4}\\s*(?:evaluation|results|benchmarks?|performance|metrics)\\b';

const str = (v: unknown, max = 2000): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strings = (v: unknown, max = 50): string[] =>
	(Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((t): t is string => typeof t === 'string').slice(0, max).map((t) => t.slice(0, 200));

/** Hub user and organisation names: letters, digits, and single `-`, `_` or `.` inside. */
const HF_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[-_.](?=[A-Za-z0-9])){0,95}$/;
const HF_PROFILE_URL = /^(?:https?:\/\/)?(?:www\.)?huggingface\.co\/([^/?#\s]+)\/?$/i;

/** True when `name` can be a Hub user or organisation name (checked before it goes into a URL). */
export function isValidHfName(name: string): boolean {
	return HF_NAME.test(name);
}

/**
 * The Hub user or organisation a candidate gave (accepting `@name` and a
 * profile URL), null when none, or an InputError naming `field`.
 */
export function normaliseHfUsername(raw: string | null | undefined, field = 'huggingfaceUsername'): string | null {
	if (raw === null || raw === undefined) return null;
	let text = raw.trim();
	if (text === '') return null;
	if (text.length > 200) throw new InputError(field, 'is not a Hugging Face user name (too long)');
	const url = HF_PROFILE_URL.exec(text);
	if (url) text = url[1];
	if (text.startsWith('@')) text = text.slice(1);
	if (!isValidHfName(text)) {
		throw new InputError(field, `'${text.slice(0, 60)}' is not a Hugging Face user or organisation name`, 'A name has letters, digits and single hyphens, underscores or dots, and starts and ends with a letter or digit.');
	}
	return text;
}

/** The Hub page of a repository: models at `/{id}`, datasets at `/datasets/{id}`, Spaces at `/spaces/{id}`. */
export function hfPageUrl(webBase: string, kind: HfRepoKind, id: string): string {
	const path = id.split('/').map(encodeURIComponent).join('/');
	return `${webBase}/${kind === 'model' ? '' : kind === 'dataset' ? 'datasets/' : 'spaces/'}${path}`;
}

/** The results of a `model-index` (a list of models, each with `results[].metrics[]`). */
export function readModelIndex(value: unknown): HfEvalResult[] {
	const out: HfEvalResult[] = [];
	for (const model of (Array.isArray(value) ? value : []).slice(0, 10)) {
		for (const result of (Array.isArray(obj(model).results) ? (obj(model).results as unknown[]) : []).slice(0, 50)) {
			const r = obj(result);
			const task = str(obj(r.task).type, 100) ?? str(obj(r.task).name, 100);
			const dataset = str(obj(r.dataset).name, 200) ?? str(obj(r.dataset).type, 200);
			for (const metric of (Array.isArray(r.metrics) ? (r.metrics as unknown[]) : []).slice(0, 20)) {
				const m = obj(metric);
				const value = typeof m.value === 'number' && Number.isFinite(m.value) ? m.value : str(m.value, 40);
				const name = str(m.name, 100) ?? str(m.type, 100);
				if (value === null || value === '' || !name) continue;
				out.push({ task, dataset, metric: name, value });
				if (out.length >= 50) return out;
			}
		}
	}
	return out;
}

/**
 * Keeps the fields of one model, dataset or Space info (a list item or a
 * `GET /api/{kind}s/{id}` answer) that the rules read; null when it is not one.
 */
export function trimHfRepo(kind: HfRepoKind, body: unknown, webBase: string): HfRepo | null {
	const o = obj(body);
	const id = str(o.id, 300) ?? str(o.modelId, 300);
	// Ids go back into URLs (info, README): every part a plain name, never `..`.
	if (!id || !/^[A-Za-z0-9][\w.-]{0,95}(?:\/[A-Za-z0-9][\w.-]{0,95})?$/.test(id) || id.includes('..')) return null;
	if (o.private === true) return null;
	const card = obj(o.cardData);
	const siblings = Array.isArray(o.siblings) ? (o.siblings as unknown[]).slice(0, 2000).map((s) => str(obj(s).rfilename, 300)).filter((s): s is string => s !== null) : null;
	const cardKeys = Object.keys(card).length > 0;
	const hasReadme = siblings === null ? null : siblings.some((f) => f.toLowerCase() === 'readme.md');
	const tags = strings(o.tags, 100);
	const baseModels = strings(card.base_model, 10);
	for (const t of tags) {
		const m = /^base_model:(?:(?:finetune|adapter|quantized|merge):)?(.+)$/.exec(t);
		if (m && !baseModels.includes(m[1])) baseModels.push(m[1]);
	}
	const runtime = obj(o.runtime);
	const summary = str(card.short_description, 300) ?? str(card.title, 300);
	return {
		kind,
		id,
		url: hfPageUrl(webBase, kind, id),
		downloads: num(o.downloads),
		likes: num(o.likes),
		lastModified: str(o.lastModified, 40) ?? str(o.createdAt, 40),
		pipelineTag: str(o.pipeline_tag, 100),
		libraryName: str(o.library_name, 100),
		tags: tags.filter((t) => !t.startsWith('base_model:')).slice(0, 50),
		files: siblings,
		hasCard: cardKeys || hasReadme === true ? true : hasReadme === false ? false : null,
		evalResults: readModelIndex(o['model-index'] ?? card['model-index']),
		baseModels: baseModels.slice(0, 10),
		sdk: str(o.sdk, 40) ?? str(card.sdk, 40),
		runtimeStage: str(runtime.stage, 40),
		summary,
		cardDataRead: 'cardData' in o,
		purpose: kind === 'model' ? releasePurpose([...tags, ...strings(card.tags, 50)], summary ? [summary] : []) : null,
	};
}

/** Keeps a list answer (models, datasets or Spaces). */
export function trimHfList(kind: HfRepoKind, body: unknown, webBase: string): HfRepo[] {
	if (!Array.isArray(body)) return [];
	return body
		.slice(0, 1000)
		.map((item) => trimHfRepo(kind, item, webBase))
		.filter((r): r is HfRepo => r !== null);
}

/**
 * Merges a detail answer (`GET /api/models/{id}`, `/api/spaces/{id}`) into the
 * list entry: the detail has the file list, the card data and the runtime.
 */
export function mergeHfDetail(list: HfRepo, detail: HfRepo | null): HfRepo {
	if (!detail) return list;
	return {
		...list,
		files: detail.files ?? list.files,
		hasCard: detail.hasCard ?? list.hasCard,
		evalResults: detail.evalResults.length > 0 ? detail.evalResults : list.evalResults,
		baseModels: detail.baseModels.length > 0 ? detail.baseModels : list.baseModels,
		runtimeStage: detail.runtimeStage ?? list.runtimeStage,
		sdk: detail.sdk ?? list.sdk,
		pipelineTag: list.pipelineTag ?? detail.pipelineTag,
		libraryName: list.libraryName ?? detail.libraryName,
		summary: list.summary ?? detail.summary,
		cardDataRead: list.cardDataRead === true || detail.cardDataRead === true,
		purpose: list.purpose ?? detail.purpose ?? null,
		downloads: Math.max(list.downloads, detail.downloads),
		likes: Math.max(list.likes, detail.likes),
	};
}

/**
 * Reads a model card's text (README.md) for what its YAML did not give: the
 * card is the training script's template, or it has an evaluation section
 * with figures. Bounded: the first 20,000 characters.
 */
export function readCardText(repo: HfRepo, text: string): HfRepo {
	const body = text.slice(0, 20_000);
	const lines = body.split(/\r?\n/);
	const templated = (body.match(/more information needed/gi) ?? []).length >= 2;
	let evalResults = repo.evalResults;
	if (evalResults.length === 0) {
		const at = lines.findIndex((l) => firstMatch(README_EVAL_SECTION, l) !== null);
		if (at >= 0) {
			// A section with a table row or a line holding a figure.
			const section = lines.slice(at + 1, at + 40);
			const end = section.findIndex((l) => /^#{1,4}\s/.test(l));
			const rows = (end >= 0 ? section.slice(0, end) : section).filter((l) => /\d/.test(l) && /\||:|=/.test(l) && !firstMatch(TEMPLATE_CARD, l));
			evalResults = rows.slice(0, 5).map((l) => ({ task: null, dataset: null, metric: l.replace(/\s+/g, ' ').trim().slice(0, 120), value: 'README' }));
		}
	}
	const purpose = repo.purpose ?? (repo.kind === 'model' ? releasePurpose([], [body]) : null);
	return { ...repo, hasCard: body.trim() !== '' ? true : repo.hasCard, templateCard: templated, evalResults, purpose };
}

/**
 * Tags of a card that a training script wrote (the Trainer's `generated_from_trainer`): only the
 * card's text says whether the author completed it or pushed the template as is.
 */
export const HF_GENERATED_CARD_TAGS: readonly string[] = ['generated_from_trainer'];

/**
 * True when a model would be a card-less copy if its card is the untouched template (rubric:
 * forks_only, "forks with no own commits"): a card a training script wrote, not read yet, no
 * evaluation results, barely used. The transport reads such cards within its budget.
 */
export function mayBeTemplateCard(repo: HfRepo): boolean {
	return (
		repo.kind === 'model' &&
		repo.hasCard === true &&
		repo.templateCard === undefined &&
		repo.evalResults.length === 0 &&
		repo.downloads < HF_RULES.usedDownloads &&
		repo.tags.some((t) => HF_GENERATED_CARD_TAGS.includes(t.toLowerCase()))
	);
}

/** A model is a card-less copy: no card (or the untouched template), no evaluation results, barely used. */
export function isCardlessCopy(repo: HfRepo): boolean {
	if (repo.kind !== 'model') return false;
	const noCard = repo.hasCard === false || repo.templateCard === true;
	return noCard && repo.evalResults.length === 0 && repo.downloads < HF_RULES.usedDownloads;
}

function servingFiles(repo: HfRepo, pattern: string): string[] {
	return (repo.files ?? []).filter((f) => !f.includes('/') && firstMatch(pattern, f) !== null).slice(0, 3);
}

/** How one repository counts for productionEvidence: a running system, a partial signal, or nothing. */
export interface HfProductionSignal {
	repo: HfRepo;
	kind: 'running_system' | 'partial';
	signal: string;
	excerpt: string;
}

/** What a model's use and card show: a model others use with a card and evaluation results, or one in wide use. */
function modelUseSignal(repo: HfRepo, usage: string): HfProductionSignal | null {
	const card = repo.hasCard === true && repo.templateCard !== true;
	const evals = repo.evalResults.length > 0;
	if (card && evals && repo.downloads >= HF_RULES.wellUsedDownloads) {
		const first = repo.evalResults[0];
		return {
			repo,
			kind: 'running_system',
			signal: 'huggingface.model_used_evaluated',
			excerpt: `${repo.id}: ${usage}; card with ${repo.evalResults.length} evaluation result(s), e.g. ${first.metric} ${first.value}${first.dataset ? ` on ${first.dataset}` : ''}`,
		};
	}
	if (card && repo.downloads >= HF_RULES.heavilyUsedDownloads) return { repo, kind: 'running_system', signal: 'huggingface.model_used', excerpt: `${repo.id}: ${usage}; with a model card` };
	// Used by many without a card: others run it, but nothing documents it as maintained.
	if (!card && repo.downloads >= HF_RULES.heavilyUsedDownloads) return { repo, kind: 'partial', signal: 'huggingface.model_used', excerpt: `${repo.id}: ${usage}; no model card` };
	if ((card && repo.downloads >= HF_RULES.usedDownloads) || (card && evals)) {
		return { repo, kind: 'partial', signal: evals ? 'huggingface.model_evaluated' : 'huggingface.model_used', excerpt: `${repo.id}: ${usage}${evals ? `; ${repo.evalResults.length} evaluation result(s)` : ''}` };
	}
	return null;
}

/** The production signals of one repository (rubric: running systems, serving code, use). */
export function hfProductionSignals(repo: HfRepo): HfProductionSignal[] {
	const out: HfProductionSignal[] = [];
	if (repo.kind === 'space') {
		const code = servingFiles(repo, HF_SERVING_FILES);
		const stage = repo.runtimeStage ?? '';
		const running = HF_RUNNING_STAGES.includes(stage);
		const deployed = running || HF_DEPLOYED_STAGES.includes(stage);
		// A Docker Space is its own container: the Dockerfile is the serving code.
		const hasCode = code.length > 0 || repo.sdk === 'docker';
		if (deployed && hasCode) {
			out.push({
				repo,
				kind: running ? 'running_system' : 'partial',
				signal: running ? 'huggingface.space_running' : 'huggingface.space_sleeping',
				excerpt: `Space ${repo.id}: ${stage}${repo.sdk ? ` (${repo.sdk})` : ''}${code.length ? `, serving code ${code.join(', ')}` : ''}${repo.likes ? `, ${repo.likes} likes` : ''}`,
			});
		} else if (running && repo.sdk !== 'static') {
			// Running, its files unknown: a deployed app, not shown to serve anything. A static Space is a web page.
			out.push({ repo, kind: 'partial', signal: 'huggingface.space_running', excerpt: `Space ${repo.id}: ${stage}${repo.sdk ? ` (${repo.sdk})` : ''}` });
		}
		return out;
	}
	if (repo.kind !== 'model') return out;
	const usage = `${repo.downloads.toLocaleString('en-US')} downloads in 30 days, ${repo.likes} likes`;
	// A paper's checkpoint or a competition entry: its downloads and benchmark figures are the paper's or the
	// competition's evidence, not a system's. Serving code next to the weights still is one (below).
	const used = repo.purpose ? null : modelUseSignal(repo, usage);
	if (used) out.push(used);
	const handler = servingFiles(repo, HF_MODEL_SERVING_FILES);
	if (handler.length > 0) {
		const inUse = repo.downloads >= HF_RULES.usedDownloads || repo.likes > 0;
		out.push({ repo, kind: inUse ? 'running_system' : 'partial', signal: 'huggingface.inference_handler', excerpt: `${repo.id}: serving code ${handler.join(', ')}${inUse ? ` (${usage})` : ''}` });
	}
	return out;
}

function roleOfTag(tag: string): Role | undefined {
	const t = tag.toLowerCase();
	return HF_PIPELINE_ROLES[t] ?? HF_LIBRARY_ROLES[t];
}

/**
 * Draws the rubric's signals from one Hub profile. `now` is passed in so the
 * same data always gives the same verdict.
 */
export function extractHuggingFaceSignals(data: HuggingFaceData, now: Date): SourceSignals {
	const evidence: Evidence[] = [];
	const all = [...data.models, ...data.spaces, ...data.datasets];
	const roleScores = emptyRoleScores();
	const roleHits: RoleHit[] = [];

	// Production: running systems (units) and partial signals, one per repository and kind.
	let units = 0;
	let partial = 0;
	const counted = new Set<string>();
	for (const repo of [...data.spaces, ...data.models]) {
		for (const s of hfProductionSignals(repo)) {
			const key = `${repo.kind}:${repo.id}`;
			if (s.kind === 'running_system' && !counted.has(key)) {
				units++;
				counted.add(key);
			} else if (s.kind === 'partial') partial++;
			evidence.push({ label: 'productionEvidence', signal: s.signal, value: s.kind, source: 'huggingface', url: repo.url, excerpt: s.excerpt.slice(0, RESUME_THRESHOLDS.excerptChars) });
		}
	}
	const level: ProductionEvidence = units >= HF_RULES.strongUnits ? 'strong' : units + partial > 0 ? 'some' : 'none';

	// Role fit: pipeline tags, libraries and tags per repository (capped), names with the rubric's terms.
	const byUse = all
		.map((r, i) => ({ r, i }))
		.sort((a, b) => b.r.downloads + b.r.likes * 10 - (a.r.downloads + a.r.likes * 10) || a.i - b.i)
		.slice(0, HF_RULES.maxRoleRepos)
		.map((x) => x.r);
	const hfPoints = emptyRoleScores();
	for (const repo of byUse) {
		const weight = isCardlessCopy(repo) ? HF_RULES.copyWeight : 1;
		const points = emptyRoleScores();
		const pipelineRole = repo.pipelineTag ? HF_PIPELINE_ROLES[repo.pipelineTag.toLowerCase()] : undefined;
		if (pipelineRole) points[pipelineRole] += 2;
		const libraryRole = repo.libraryName ? roleOfTag(repo.libraryName) : undefined;
		if (libraryRole) points[libraryRole] += 1;
		for (const tag of repo.tags) {
			const role = roleOfTag(tag);
			if (role && tag.toLowerCase() !== repo.pipelineTag?.toLowerCase() && tag.toLowerCase() !== repo.libraryName?.toLowerCase()) points[role] += 0.5;
		}
		for (const role of Object.keys(points) as Role[]) {
			const p = Math.min(HF_RULES.repoRolePoints, points[role]) * weight;
			if (p <= 0) continue;
			const room = HF_RULES.maxRolePoints - hfPoints[role];
			const add = Math.max(0, Math.min(p, room));
			if (add <= 0) continue;
			hfPoints[role] += add;
			roleHits.push({ role, text: `${repo.id}: ${[repo.pipelineTag, repo.libraryName].filter(Boolean).join(', ') || repo.tags.slice(0, 3).join(', ')}`, points: add, url: repo.url });
		}
		const name = repo.id.split('/').pop() ?? repo.id;
		const text = [name.replace(/[-_]/g, ' '), repo.summary ?? ''].join(' · ');
		scoreRoles([text], HF_RULES.nameWeight * weight, hfPoints, roleHits, repo.url);
	}
	for (const role of Object.keys(hfPoints) as Role[]) roleScores[role] = Math.min(HF_RULES.maxRolePoints, hfPoints[role]);

	// forks_only: most models and Spaces are card-less copies (among the models whose card is known: a model
	// whose list entry and info were not read is neither a copy nor own work).
	const flags: RedFlag[] = [];
	const judged = [...data.models.filter((m) => m.hasCard !== null), ...data.spaces];
	const copies = data.models.filter(isCardlessCopy);
	if (copies.length >= HF_RULES.copiesMin && copies.length / judged.length > HF_RULES.copyShare) {
		flags.push('forks_only');
		for (const c of copies.slice(0, 5)) {
			evidence.push({
				label: 'redFlags',
				signal: 'huggingface.cardless_copy',
				value: 'forks_only',
				source: 'huggingface',
				url: c.url,
				excerpt: `${c.id}: no model card${c.baseModels.length ? `, fine-tuned from ${c.baseModels[0]}` : ''} (${copies.length} of ${judged.length} models and Spaces)`,
			});
		}
	}

	// inactive: nothing modified for more than two years.
	let last: HfRepo | null = null;
	for (const r of all) {
		const t = r.lastModified ? Date.parse(r.lastModified) : Number.NaN;
		if (Number.isFinite(t) && (last === null || t > Date.parse(last.lastModified as string))) last = r;
	}
	const cutoff = new Date(now.getTime());
	cutoff.setUTCFullYear(cutoff.getUTCFullYear() - HF_RULES.inactiveYears);
	if (last && Date.parse(last.lastModified as string) < cutoff.getTime()) {
		flags.push('inactive');
		evidence.push({ label: 'redFlags', signal: 'huggingface.last_modified', value: 'inactive', source: 'huggingface', url: last.url, excerpt: `last modified ${last.lastModified} (${last.id})` });
	}

	return {
		source: 'huggingface',
		evidence,
		level,
		roleScores: Object.fromEntries(Object.entries(roleScores).filter(([, v]) => v > 0)),
		roleHits,
		flags,
		hasPublicWork: all.length > 0,
		lastActivity: last?.lastModified ?? null,
	};
}
