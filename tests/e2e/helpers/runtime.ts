/**
 * Where the real n8n and its Node 24 live (installed by scripts/n8n/install.sh), and how this package is built,
 * packed and installed into an n8n user folder the way a user installs a community package.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { run } from './proc';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-talent-pipeline';
export const N8N_VERSION = process.env.TP_N8N_VERSION ?? '2.41.1';
export const NODE_VERSION = process.env.TP_NODE_VERSION ?? '24.21.0';

/** The install folder; TP_N8N_CACHE lets CI and several clones share one 2.9 GB install. */
export function cacheDir(): string {
	return process.env.TP_N8N_CACHE ? path.resolve(process.env.TP_N8N_CACHE) : path.join(REPO, '.cache');
}

export function nodeDir(): string {
	return path.join(cacheDir(), 'node24');
}

export function nodeBin(): string {
	return path.join(nodeDir(), 'bin', 'node');
}

/** n8n's own entry script, run with the Node 24 binary (never through a shebang that could find Node 20). */
export function n8nEntry(): string {
	return path.join(cacheDir(), 'n8n', 'node_modules', 'n8n', 'bin', 'n8n');
}

/** True when install.sh has finished for the wanted versions. */
export function n8nInstalled(): boolean {
	const marker = path.join(cacheDir(), 'n8n', '.tp-installed');
	return (
		existsSync(nodeBin()) &&
		existsSync(n8nEntry()) &&
		existsSync(marker) &&
		readFileSync(marker, 'utf8').trim() === `n8n@${N8N_VERSION} node@${NODE_VERSION}`
	);
}

/** Runs scripts/n8n/install.sh unless the install is already complete (it is idempotent either way). */
export async function ensureN8nInstalled(timeoutMs = 25 * 60_000): Promise<void> {
	if (n8nInstalled()) return;
	await run('bash', [path.join(REPO, 'scripts', 'n8n', 'install.sh')], { timeoutMs });
	if (!n8nInstalled()) throw new Error(`scripts/n8n/install.sh finished but ${n8nEntry()} is not usable`);
}

/** The environment for npm and native builds on Node 24 (npm itself is the machine's; its shebang finds node24). */
export function node24Env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${path.join(nodeDir(), 'bin')}:${process.env.PATH ?? ''}`,
		npm_config_nodedir: nodeDir(),
		npm_config_update_notifier: 'false',
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		...extra,
	};
}

function copyMatching(fromRoot: string, toRoot: string, dir: string, pattern: RegExp): void {
	const from = path.join(fromRoot, dir);
	if (!existsSync(from)) return;
	for (const entry of readdirSync(from)) {
		const rel = path.join(dir, entry);
		const full = path.join(fromRoot, rel);
		if (statSync(full).isDirectory()) copyMatching(fromRoot, toRoot, rel, pattern);
		else if (pattern.test(entry)) {
			mkdirSync(path.dirname(path.join(toRoot, rel)), { recursive: true });
			cpSync(full, path.join(toRoot, rel));
		}
	}
}

/**
 * Builds the package into a staging folder of its own (so helpers building the shared dist/ at the same time
 * cannot race it), with the same assets gulp copies, and packs it with `npm pack` under the real package.json
 * `files` rule. Returns the tarball path.
 */
export async function buildAndPack(workDir: string): Promise<string> {
	const stage = path.join(workDir, 'stage');
	mkdirSync(stage, { recursive: true });
	const tsc = run(
		process.execPath,
		[
			path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'),
			'-p',
			path.join(REPO, 'scripts', 'n8n', 'tsconfig.pack.json'),
			'--outDir',
			path.join(stage, 'dist'),
		],
		{ cwd: REPO, timeoutMs: 5 * 60_000 },
	);
	// tsc still emits on type errors; TP_PACK_ALLOW_TYPE_ERRORS=1 packs that output anyway (local work on a tree
	// mid-change). By default a type error fails the build, as `npm run build` does.
	if (process.env.TP_PACK_ALLOW_TYPE_ERRORS === '1') {
		await tsc.catch((error: Error) => process.stderr.write(`[pack] type errors ignored:\n${error.message.slice(0, 2000)}\n`));
	} else {
		await tsc;
	}
	// What gulp build:assets copies: icons, codex files and bundled rulesets.
	copyMatching(REPO, path.join(stage, 'dist'), 'nodes', /\.(svg|png|json)$/);
	copyMatching(REPO, path.join(stage, 'dist'), 'credentials', /\.(svg|png)$/);
	copyMatching(REPO, path.join(stage, 'dist'), 'core', /\.json$/);
	for (const file of ['package.json', 'README.md', 'LICENSE', 'LICENSE.md']) {
		if (existsSync(path.join(REPO, file))) cpSync(path.join(REPO, file), path.join(stage, file));
	}
	const out = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', workDir], {
		cwd: stage,
		timeoutMs: 2 * 60_000,
	});
	const name = out.trim().split('\n').pop() ?? '';
	const tarball = path.join(workDir, name);
	if (!name.endsWith('.tgz') || !existsSync(tarball)) throw new Error(`npm pack gave no tarball:\n${out}`);
	return tarball;
}

/**
 * Installs the packed tarball into `<userFolder>/.n8n/nodes` as n8n expects community packages: runtime
 * dependencies only, no install scripts, and no peer copy of n8n-workflow (n8n resolves it to its own).
 */
export async function installPackage(userFolder: string, tarball: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	if (!existsSync(path.join(nodesDir, 'package.json'))) {
		writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
	await run(
		'npm',
		['install', tarball, '--ignore-scripts', '--omit=dev', '--omit=peer', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: nodesDir, env: node24Env(), timeoutMs: 5 * 60_000 },
	);
	if (!existsSync(path.join(nodesDir, 'node_modules', PACKAGE_NAME, 'package.json'))) {
		throw new Error(`${PACKAGE_NAME} is not in ${nodesDir}/node_modules after npm install`);
	}
}
