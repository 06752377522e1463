import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

/** One line of JSONL input: the parsed object, or why it could not be read. */
export type InputLine =
	| { line: number; value: Record<string, unknown> }
	| { line: number; error: string };

/**
 * Reads JSONL from a file or stdin, one entry per non-empty line, in order.
 * A line that is not a JSON object becomes an error entry and reading goes on:
 * the CLI reports it as `{"line": N, "error": "..."}` and exits non-zero.
 */
export async function* readJsonLines(file?: string): AsyncGenerator<InputLine> {
	const input = file && file !== '-' ? createReadStream(file, { encoding: 'utf8' }) : process.stdin;
	const lines = createInterface({ input, crlfDelay: Infinity });
	let line = 0;
	for await (const raw of lines) {
		line++;
		// A UTF-8 byte order mark (files saved by Windows tools) is not part of the first record.
		const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
		if (text.trim() === '') continue;
		try {
			const value: unknown = JSON.parse(text);
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				yield { line, error: 'expected a JSON object' };
			} else {
				yield { line, value: value as Record<string, unknown> };
			}
		} catch (e) {
			yield { line, error: `invalid JSON: ${(e as Error).message}` };
		}
	}
}

/** Reads a whole JSON file (a roster, a ruleset, a template), naming the file on failure. */
export function readJsonFile(file: string): unknown {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
	}
}

/** Writes one JSONL line to stdout, waiting when the pipe is full. */
export async function writeLine(value: unknown): Promise<void> {
	const text = JSON.stringify(value) + '\n';
	if (!process.stdout.write(text)) {
		await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
	}
}

/** The option named in one of parseArgs' error messages (`'--input <value>'` → `--input`). */
const optionIn = (message: string): string => /'(-[^' ]+)/.exec(message)?.[1] ?? '';

/**
 * Parses `--flag value`, `--flag=value` (the value may hold `=` itself, as in
 * `--smtp-url=smtp://h:25?ignoreTLS=true`) and `--flag` (boolean) arguments
 * after the command name, with node:util parseArgs, strictly: an unknown
 * option, a missing value or a stray argument is an error worded for the user.
 */
export function parseFlags(
	args: string[],
	spec: Record<string, 'string' | 'boolean'>,
): Record<string, string | boolean | undefined> {
	const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
	try {
		return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | boolean | undefined>;
	} catch (e) {
		const error = e as Error & { code?: string };
		const option = optionIn(error.message);
		switch (error.code) {
			case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
				throw new Error(`unknown option ${option}`);
			case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
				throw new Error(`unexpected argument '${/'([^']*)'/.exec(error.message)?.[1] ?? ''}'`);
			case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
				if (spec[option.replace(/^-+/, '')] === 'boolean') throw new Error(`${option} takes no value`);
				if (/ambiguous/.test(error.message)) throw new Error(`${option} needs a value; for one that starts with '-', write ${option}=VALUE`);
				throw new Error(`${option} needs a value`);
			default:
				throw error;
		}
	}
}

/** A CLI sub-command: returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

/**
 * Handles `--help` and parses the flags of a command. Returns the flags, or
 * the exit code when the command should stop (0 after help, 2 on a usage error).
 */
export function commandFlags(
	name: string,
	args: string[],
	spec: Record<string, 'string' | 'boolean'>,
	help: string,
): Record<string, string | boolean | undefined> | number {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(help + '\n');
		return 0;
	}
	try {
		return parseFlags(args, spec);
	} catch (e) {
		process.stderr.write(`${name}: ${(e as Error).message}\n\n${help}\n`);
		return 2;
	}
}

/** One input line's JSONL output, and whether that line counts as failed (exit status 1). */
export interface LineResult {
	output: Record<string, unknown>;
	failed?: boolean;
}

/** The default output for a line whose handler threw: its number, the message, and the field when known. */
export function errorLine(error: unknown, line: number): Record<string, unknown> {
	const field = (error as { field?: unknown }).field;
	return { line, error: (error as Error).message, ...(typeof field === 'string' ? { field } : {}) };
}

/**
 * The loop every command shares: reads JSONL in order and writes exactly one
 * line per input line: the handler's, `{"line": N, "error": ...}` for a line
 * that is not a JSON object, or `onError`'s when the handler throws (the run
 * goes on). Returns how many lines failed.
 */
export async function processLines(
	input: string | undefined,
	handle: (value: Record<string, unknown>, line: number) => Promise<LineResult>,
	onError: (error: unknown, value: Record<string, unknown>, line: number) => Record<string, unknown> = (error, _value, line) =>
		errorLine(error, line),
): Promise<number> {
	let failed = 0;
	for await (const entry of readJsonLines(input)) {
		if ('error' in entry) {
			failed++;
			await writeLine({ line: entry.line, error: entry.error });
			continue;
		}
		let result: LineResult;
		try {
			result = await handle(entry.value, entry.line);
		} catch (error) {
			result = { output: onError(error, entry.value, entry.line), failed: true };
		}
		if (result.failed) failed++;
		await writeLine(result.output);
	}
	return failed;
}
