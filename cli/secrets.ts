import { readFileSync } from 'node:fs';

/** Where a CLI secret may come from: a file, the environment, or (deprecated) a flag value. */
export interface SecretSources {
	/** The command, for the warning (`vet`). */
	command: string;
	/** The file flag's name and value (`--github-token-file`). */
	fileFlag: string;
	file?: string | boolean;
	/** Environment variables, first set wins. */
	env: string[];
	/** The old flag that took the secret itself (`--github-token`): still read, with a warning. */
	legacyFlag?: string;
	legacy?: string | boolean;
	/** When the legacy value is not secret after all (an SMTP URL without a password), no warning. */
	legacyIsSecret?: (value: string) => boolean;
}

/**
 * Reads a secret from a file (first line, trimmed) or the environment, so it
 * never sits in the process list as a flag value. The old flag still works
 * but says on stderr why it should not be used. Returns undefined when no
 * source is set; throws when the file cannot be read (without its content).
 */
export function readSecret(s: SecretSources): string | undefined {
	if (typeof s.file === 'string') {
		let text: string;
		try {
			text = readFileSync(s.file, 'utf8');
		} catch (e) {
			throw new Error(`--${s.fileFlag}: cannot read ${s.file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
		}
		const value = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0].trim();
		if (value === '') throw new Error(`--${s.fileFlag}: ${s.file} is empty`);
		return value;
	}
	if (typeof s.legacy === 'string' && s.legacyFlag) {
		if (s.legacyIsSecret?.(s.legacy) ?? true) {
			process.stderr.write(
				`${s.command}: warning: --${s.legacyFlag} puts a secret in the process list (ps); use --${s.fileFlag} FILE or ${s.env[0]} instead\n`,
			);
		}
		return s.legacy.trim();
	}
	for (const name of s.env) {
		const value = process.env[name]?.trim();
		if (value) return value;
	}
	return undefined;
}
