import type { Command } from '../../cli/io';

export interface CommandRun<L = Record<string, unknown>> {
	code: number;
	stdout: string;
	stderr: string;
	/** stdout's JSONL lines (those starting with '{'), parsed. */
	lines: L[];
}

/** Runs a CLI command in-process, capturing what it writes to stdout and stderr. */
export async function runCommand<L = Record<string, unknown>>(command: Command, args: string[]): Promise<CommandRun<L>> {
	let stdout = '';
	let stderr = '';
	const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stdout += String(chunk);
		return true;
	});
	const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
		stderr += String(chunk);
		return true;
	});
	try {
		const code = await command(args);
		// Commands that print a report (eval) write text, not JSONL: only JSON lines are parsed.
		const lines = stdout
			.split('\n')
			.filter((l) => l.trim().startsWith('{'))
			.map((l) => JSON.parse(l) as L);
		return { code, stdout, stderr, lines };
	} finally {
		out.mockRestore();
		err.mockRestore();
	}
}
