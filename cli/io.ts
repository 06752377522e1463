import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

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
	for await (const text of lines) {
		line++;
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

/** Parses `--flag value` and `--flag` (boolean) arguments after the command name. */
export function parseFlags(
	args: string[],
	spec: Record<string, 'string' | 'boolean'>,
): Record<string, string | boolean | undefined> {
	const out: Record<string, string | boolean | undefined> = {};
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'`);
		const [name, inline] = arg.slice(2).split('=', 2);
		const kind = spec[name];
		if (!kind) throw new Error(`unknown option --${name}`);
		if (kind === 'boolean') {
			out[name] = true;
		} else {
			const value = inline ?? args[++i];
			if (value === undefined) throw new Error(`--${name} needs a value`);
			out[name] = value;
		}
	}
	return out;
}

/** A CLI sub-command: returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;
