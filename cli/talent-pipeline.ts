#!/usr/bin/env node
import type { Command } from './io';

const USAGE = `Usage: talent-pipeline <command> [options]

Commands:
  classify  [--input FILE] [--ruleset FILE] [--mode rules|hybrid|llm] ...
  route     [--input FILE] [--roster FILE] ...
  vet       [--input FILE] [--github-url URL] [--hf-url URL] [--scholar-url URL] [--cache-file FILE] [--no-SOURCE] ...
  train     --input FILE[,FILE...] --out MODEL.json [--with-bundled] ...
  eval      --input FILE[,FILE...] [--model MODEL.json] ...
  outreach  --input FILE --template FILE [--smtp-url smtp://HOST:PORT] [--from ADDRESS] [--suppression FILE] [--state FILE] [--dry-run]

Input is JSONL (stdin when --input is not given); output is one JSONL line per input line, in order.
Run 'talent-pipeline <command> --help' for a command's options.`;

/** Each command lives in its own module, loaded only when used. */
const COMMANDS: Record<string, () => Promise<Command>> = {
	classify: async () => (await import('./commands/classify')).classify,
	route: async () => (await import('./commands/route')).route,
	vet: async () => (await import('./commands/vet')).vet,
	outreach: async () => (await import('./commands/outreach')).outreach,
	train: async () => (await import('./commands/train')).train,
	eval: async () => (await import('./commands/eval')).evalCommand,
};

async function main(argv: string[]): Promise<number> {
	const [name, ...args] = argv;
	if (!name || name === '--help' || name === '-h') {
		process.stdout.write(USAGE + '\n');
		return name ? 0 : 2;
	}
	const load = COMMANDS[name];
	if (!load) {
		process.stderr.write(`talent-pipeline: unknown command '${name}'\n\n${USAGE}\n`);
		return 2;
	}
	const command = await load();
	return command(args);
}

// A reader that stops early (`talent-pipeline classify | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`talent-pipeline: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 2;
	},
);
