import { InputError } from '../../core/errors';
import { classifyLead, normaliseLead } from '../../core/lead/classify';
import { defaultRuleset, mergeRuleset, parseRuleset, type Ruleset } from '../../core/lead/ruleset';
import { parseFlags, readJsonFile, readJsonLines, writeLine, type Command } from '../io';

const HELP = `Usage: talent-pipeline classify [--input FILE] [--ruleset FILE] [--mode rules]

Classifies leads (JSONL, one lead object per line; stdin when --input is not given)
and writes one JSONL line per input line, in order:
  {"id", "disposition", "stage", "track", "primaryRole", "confidence", "priority", "reasons", "rulesetVersion", "method"}
A line that cannot be read gives {"line": N, "error": "..."}; the exit status is then 1.

Options:
  --input FILE     JSONL leads (default: stdin)
  --ruleset FILE   a JSON ruleset. A file with every top-level key (version, signals, defaults,
                   priority, thresholds) replaces the built-in ruleset; any other object is an
                   override merged into it (signals replace built-in ones of the same name).
  --mode MODE      rules (default). hybrid and llm are not available in this command yet.`;

/** Classification modes. Only `rules` runs offline; the LLM modes need a transport and credentials. */
const MODES = ['rules', 'hybrid', 'llm'] as const;
type Mode = (typeof MODES)[number];

const FULL_RULESET_KEYS = ['version', 'signals', 'defaults', 'priority', 'thresholds'];

/** Loads `--ruleset`: a complete ruleset replaces the default, a partial one is merged into it. */
export function loadRuleset(file: string): Ruleset {
	const json = readJsonFile(file);
	const isFull =
		json !== null && typeof json === 'object' && !Array.isArray(json) && FULL_RULESET_KEYS.every((k) => k in json);
	return isFull ? parseRuleset(json) : mergeRuleset(defaultRuleset, json);
}

/** `talent-pipeline classify`: the rules-mode Lead Classifier over JSONL. */
export const classify: Command = async (args) => {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	let flags: Record<string, string | boolean | undefined>;
	try {
		flags = parseFlags(args, { input: 'string', ruleset: 'string', mode: 'string' });
	} catch (e) {
		process.stderr.write(`classify: ${(e as Error).message}\n\n${HELP}\n`);
		return 2;
	}

	const mode = (flags.mode ?? 'rules') as Mode;
	if (!MODES.includes(mode)) {
		process.stderr.write(`classify: unknown --mode '${String(flags.mode)}' (expected ${MODES.join(', ')})\n`);
		return 2;
	}
	// Hook for the LLM modes: they need an LLM transport (cli/http.ts) and an API key; until that
	// is wired here, refuse clearly rather than silently falling back to rules.
	if (mode !== 'rules') {
		process.stderr.write(`classify: --mode ${mode} is not available in the CLI yet; use --mode rules\n`);
		return 2;
	}

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

	const input = typeof flags.input === 'string' ? flags.input : undefined;
	let failed = 0;
	const now = new Date();
	for await (const entry of readJsonLines(input)) {
		if ('error' in entry) {
			failed++;
			await writeLine({ line: entry.line, error: entry.error });
			continue;
		}
		try {
			const lead = normaliseLead(entry.value);
			const result = classifyLead(lead, ruleset, now);
			await writeLine({ id: lead.id, ...result });
		} catch (e) {
			failed++;
			const field = e instanceof InputError ? e.field : undefined;
			await writeLine({ line: entry.line, error: (e as Error).message, ...(field ? { field } : {}) });
		}
	}
	return failed > 0 ? 1 : 0;
};
