import { InputError } from '../../core/errors';
import { cleanedLead, normaliseLead } from '../../core/lead/classify';
import { defaultRuleset, rulesetFromJson, type Ruleset } from '../../core/lead/ruleset';
import type { HttpClient } from '../../core/http';
import { classifyLeadWithText, DEFAULT_LLM_SHARE, type LlmSettings } from '../../core/llm/classify';
import type { LeadModel } from '../../core/model/model';
import { chatCompletion } from '../../transport/llm';
import { axiosHttpClient } from '../http';
import { commandFlags, processLines, readJsonFile, type Command } from '../io';
import { loadModelFile } from '../labelled';

const HELP = `Usage: talent-pipeline classify [--input FILE] [--model FILE] [--ruleset FILE] [--mode model|hybrid|llm|rules]
                                [--llm-url URL] [--llm-model NAME] [--llm-share PCT] [--threshold N] [--llm-timeout MS]

Classifies leads (JSONL, one lead object per line; stdin when --input is not given)
and writes one JSONL line per input line, in order:
  {"id", "disposition", "stage", "track", "primaryRole", "confidence", "priority", "reasons", "rulesetVersion", "modelVersion", "method"}
A line that cannot be read gives {"line": N, "error": "..."}; the exit status is then 1.

Options:
  --input FILE     JSONL leads (default: stdin)
  --ruleset FILE   a JSON ruleset. A file with every top-level key (version, signals, defaults,
                   priority, thresholds) replaces the built-in ruleset; any other object is an
                   override merged into it (signals replace built-in ones of the same name).
  --model FILE     a model written by 'talent-pipeline train' (default: the bundled model)
  --mode MODE      model (default, offline: the learned classifier); hybrid (the LLM only for the
                   leads the model is least sure of, --llm-share percent of them, default 12, or
                   those under --threshold, plus any where a decisive rule disagrees on the
                   disposition); llm (every lead); rules (the ruleset alone). On an LLM timeout,
                   HTTP error or invalid answer the model's verdict stands, with the reason.
  --llm-url URL    an OpenAI-compatible base URL (default $TALENT_PIPELINE_LLM_URL or
                   https://api.openai.com/v1)
  --llm-model NAME the model (default $TALENT_PIPELINE_LLM_MODEL or gpt-4o-mini)
  --llm-timeout MS per request (default 15000)
The API key is read from $TALENT_PIPELINE_LLM_API_KEY (or $OPENAI_API_KEY), never from a flag.`;

/** Classification modes, as in the node. */
const MODES = ['model', 'hybrid', 'llm', 'rules'] as const;
type Mode = (typeof MODES)[number];

/** Loads `--ruleset`: a complete ruleset replaces the default, a partial one is merged into it. */
export function loadRuleset(file: string): Ruleset {
	return rulesetFromJson(readJsonFile(file));
}

/** The LLM the CLI's hybrid and llm modes ask: axios, the key from the environment only. */
function cliLlm(flags: Record<string, string | boolean | undefined>, timeoutMs: number): LlmSettings {
	const baseUrl = String(flags['llm-url'] ?? process.env.TALENT_PIPELINE_LLM_URL ?? 'https://api.openai.com/v1');
	const model = String(flags['llm-model'] ?? process.env.TALENT_PIPELINE_LLM_MODEL ?? 'gpt-4o-mini');
	const apiKey = process.env.TALENT_PIPELINE_LLM_API_KEY ?? process.env.OPENAI_API_KEY ?? '';
	const base = axiosHttpClient('LLM');
	const http: HttpClient = {
		request: (req) =>
			base.request({ ...req, headers: { ...req.headers, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) } }),
	};
	return {
		complete: (messages, jsonSchema) => chatCompletion(http, { baseUrl, model, messages, jsonSchema, timeoutMs }),
	};
}

/** `talent-pipeline classify`: the Lead Classifier over JSONL. */
export const classify: Command = async (args) => {
	const flags = commandFlags(
		'classify',
		args,
		{
			input: 'string',
			ruleset: 'string',
			mode: 'string',
			'llm-url': 'string',
			'llm-model': 'string',
			'llm-share': 'string',
			model: 'string',
			threshold: 'string',
			'llm-timeout': 'string',
		},
		HELP,
	);
	if (typeof flags === 'number') return flags;

	const mode = (flags.mode ?? 'model') as Mode;
	if (!MODES.includes(mode)) {
		process.stderr.write(`classify: unknown --mode '${String(flags.mode)}' (expected ${MODES.join(', ')})\n`);
		return 2;
	}
	const threshold = flags.threshold === undefined ? undefined : Number(flags.threshold);
	const share = Number(flags['llm-share'] ?? DEFAULT_LLM_SHARE * 100);
	const timeoutMs = Number(flags['llm-timeout'] ?? 15000);
	if ((threshold !== undefined && !(threshold >= 0 && threshold <= 1)) || !(share >= 0 && share <= 50) || !(timeoutMs > 0)) {
		process.stderr.write('classify: --threshold must be within 0..1, --llm-share within 0..50 and --llm-timeout a positive number\n');
		return 2;
	}
	let model: LeadModel | undefined;
	if (typeof flags.model === 'string') {
		try {
			model = loadModelFile(flags.model);
		} catch (e) {
			process.stderr.write(`classify: ${(e as Error).message}\n`);
			return 2;
		}
	}
	const llm = mode === 'hybrid' || mode === 'llm' ? cliLlm(flags, timeoutMs) : undefined;

	let ruleset = defaultRuleset;
	if (typeof flags.ruleset === 'string') {
		try {
			ruleset = loadRuleset(flags.ruleset);
		} catch (e) {
			const where = e instanceof InputError ? ` (at ${e.field})` : '';
			process.stderr.write(`classify: bad ruleset ${flags.ruleset}${where}: ${(e as Error).message}\n`);
			return 2;
		}
	}

	const now = new Date();
	const failed = await processLines(typeof flags.input === 'string' ? flags.input : undefined, async (value) => {
		const lead = normaliseLead(value);
		const { classification, cleanedMessage } = await classifyLeadWithText(lead, { mode, model, ruleset, now, llm, threshold, llmShare: share / 100 });
		// The lead travels with its labels, so `classify | route` briefs from the same cleaned text.
		return { output: { id: lead.id, ...classification, lead: cleanedLead(lead, cleanedMessage) } };
	});
	return failed > 0 ? 1 : 0;
};
