/** Per-file context of the e2e suite: the packed tarball from global setup and temporary folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The package tarball packed by global setup. */
export function packedTarball(): string {
	const tarball = process.env.TP_E2E_TARBALL;
	if (!tarball) throw new Error('TP_E2E_TARBALL is not set: run the suite with `jest -c tests/e2e/jest.config.js`');
	return tarball;
}

export function makeWorkDir(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), `tp-e2e-${prefix}-`));
}

/** Removes a work folder, unless TP_E2E_KEEP=1 asks to keep logs and databases for a post-mortem. */
export function removeWorkDir(dir: string | undefined): void {
	if (!dir) return;
	if (process.env.TP_E2E_KEEP === '1') {
		process.stderr.write(`[e2e] kept ${dir}\n`);
		return;
	}
	rmSync(dir, { recursive: true, force: true });
}
