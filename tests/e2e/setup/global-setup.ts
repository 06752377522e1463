/**
 * Once per e2e run: make sure the real n8n is installed (scripts/n8n/install.sh, idempotent) and pack this
 * package once; every test file installs that same tarball into its n8n user folders.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildAndPack, ensureN8nInstalled } from '../helpers/runtime';

export default async function globalSetup(): Promise<void> {
	const started = Date.now();
	await ensureN8nInstalled();
	const workDir = mkdtempSync(path.join(tmpdir(), 'tp-e2e-pack-'));
	process.env.TP_E2E_PACK_DIR = workDir;
	process.env.TP_E2E_TARBALL = await buildAndPack(workDir);
	process.stderr.write(`\n[e2e] n8n ready and package packed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${process.env.TP_E2E_TARBALL}\n`);
}
