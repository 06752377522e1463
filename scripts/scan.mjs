#!/usr/bin/env node
/**
 * `npm run scan`: what n8n checks before it lists a community package, run offline on this repo.
 *
 *   1. packs the n8n package (`npm pack --offline`, the root workspace only: the CLI is not in it) and checks the
 *      tarball holds only package.json, README.md and dist/{nodes,credentials,core,transport};
 *   2. runs the analyser of `@n8n/scan-community-package` (its own `buildScanConfig` and the same ESLint options as
 *      its `analyzePackage`: inline `eslint-disable` comments ignored) on both legs its `analyzePackageByName` lints:
 *      the source (`SOURCE_FILE_PATTERNS`) and the unpacked tarball (`**\/*.js` and package.json). Only the download
 *      from the registry and the provenance check are left out: they need a published version;
 *   3. runs `@n8n/node-cli`'s lint config for self-hosted packages (`configWithoutCloudSupport`, what `n8n-node lint`
 *      applies) on the package's sources: nodes, credentials, core, transport and package.json;
 *   4. fails on every error that scripts/scan-exceptions.json does not list, and on every listed exception that no
 *      longer occurs (so the list cannot go stale).
 *
 * `--json` prints the findings as JSON lines instead of the summary. Exit status 0 clean, 1 findings, 2 broken setup.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(repo, 'package.json'));
const asJson = process.argv.includes('--json');
const say = (line) => {
	if (!asJson) process.stdout.write(`${line}\n`);
};

/** The files the tarball may hold, besides what npm always adds (package.json, README, LICENSE). */
const SHIPPED = /^(package\.json|README\.md|LICENSE(\.md)?|dist\/(nodes|credentials|core|transport)\/.+)$/;
/** The n8n package's own sources, as `n8n-node lint` sees them (the CLI workspace is not part of it). */
const NODE_CLI_TARGETS = ['nodes', 'credentials', 'core', 'transport', 'package.json'];

/** A broken setup (not a finding): the scan stops with exit status 2, after its temporary folder is removed. */
class SetupError extends Error {}
function fail(message) {
	throw new SetupError(message);
}

/** Lints `patterns` under `cwd` with `config`, as the scanner's analyzePackage does, and returns its errors. */
async function lint(ESLint, glob, { tool, cwd, config, patterns, allowInlineConfig, prefix = '' }) {
	const eslint = new ESLint({ cwd, allowInlineConfig, overrideConfigFile: true, overrideConfig: config });
	const files = glob.sync(patterns, {
		cwd,
		absolute: true,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const results = await eslint.lintFiles(files);
	const findings = [];
	const warnings = [];
	for (const result of results) {
		for (const m of result.messages) {
			if (m.severity < 2) {
				warnings.push(`${tool} ${prefix}${path.relative(cwd, result.filePath)}:${m.line} ${m.ruleId}: ${m.message}`);
				continue;
			}
			findings.push({
				tool,
				file: prefix + path.relative(cwd, result.filePath).split(path.sep).join('/'),
				line: m.line,
				rule: m.ruleId ?? 'parse-error',
				message: m.message,
			});
		}
	}
	return { files: files.length, findings, warnings };
}

/** Where `npm pack` puts the package, unpacked; checks nothing else is in it. */
function packAndUnpack(work) {
	if (!existsSync(path.join(repo, 'dist', 'nodes'))) {
		say('[scan] no dist/ yet: npm run build');
		execFileSync('npm', ['run', 'build', '--silent'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
	}
	// --offline: packing a folder needs no registry; --ignore-scripts: prepack would build again.
	const out = execFileSync('npm', ['pack', '--offline', '--ignore-scripts', '--json', '--pack-destination', work], {
		cwd: repo,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const [packed] = JSON.parse(out);
	const unexpected = packed.files.map((f) => f.path).filter((p) => !SHIPPED.test(p));
	if (unexpected.length > 0) {
		fail(`the tarball holds files n8n does not need (only dist/{nodes,credentials,core,transport} may ship):\n  ${unexpected.slice(0, 20).join('\n  ')}`);
	}
	const unpacked = path.join(work, 'package');
	execFileSync('tar', ['-xzf', path.join(work, packed.filename), '-C', work]);
	say(`[scan] packed ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} KB`);
	return unpacked;
}

function loadExceptions() {
	const file = path.join(repo, 'scripts', 'scan-exceptions.json');
	const list = JSON.parse(readFileSync(file, 'utf8')).exceptions;
	for (const e of list) {
		if (!e.tool || !e.rule || !Array.isArray(e.files) || e.files.length === 0 || typeof e.reason !== 'string' || e.reason.length < 20) {
			fail(`scripts/scan-exceptions.json: every exception needs tool, rule, files and a reason: ${JSON.stringify(e)}`);
		}
	}
	return list;
}

/** `pattern` is a path, or a folder ending in `/**` that covers every file below it. */
const fileMatches = (pattern, file) => (pattern.endsWith('/**') ? file.startsWith(pattern.slice(0, -2)) : pattern === file);
/** An exception covers a finding with its tool, rule and one of its files (and, when given, a message containing `message`). */
const covers = (e, f) =>
	e.tool === f.tool && e.rule === f.rule && e.files.some((p) => fileMatches(p, f.file)) && (e.message === undefined || f.message.includes(e.message));

async function main() {
	const scannerEntry = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	// The ESLint and fast-glob the scanner itself resolves, not whichever the repo has at the top.
	const fromScanner = createRequire(scannerEntry);
	// The scanner makes a download folder when it loads (unused here); have tmp remove it when we exit.
	fromScanner('tmp').setGracefulCleanup();
	const scanner = await import(pathToFileURL(scannerEntry).href);
	const { ESLint } = fromScanner('eslint');
	const glob = fromScanner('fast-glob');
	const { configWithoutCloudSupport } = require('@n8n/node-cli/eslint');
	const fromNodeCli = createRequire(require.resolve('@n8n/node-cli/eslint'));
	const NodeCliESLint = fromNodeCli('eslint').ESLint;

	const work = mkdtempSync(path.join(tmpdir(), 'tp-scan-'));
	try {
		const started = Date.now();
		const unpacked = packAndUnpack(work);
		const scanConfig = await scanner.buildScanConfig();
		const legs = [
			await lint(ESLint, glob, {
				tool: 'scanner',
				cwd: repo,
				config: scanConfig,
				patterns: scanner.SOURCE_FILE_PATTERNS,
				allowInlineConfig: false,
			}),
			await lint(ESLint, glob, {
				tool: 'scanner',
				cwd: unpacked,
				config: scanConfig,
				patterns: ['**/*.js', 'package.json'],
				allowInlineConfig: false,
				prefix: 'package/',
			}),
			await lint(NodeCliESLint, glob, {
				tool: 'node-cli',
				cwd: repo,
				config: configWithoutCloudSupport,
				patterns: NODE_CLI_TARGETS.map((t) => (t.endsWith('.json') ? t : `${t}/**/*.ts`)),
				allowInlineConfig: true,
			}),
		];
		const findings = legs.flatMap((l) => l.findings);
		const exceptions = loadExceptions();
		const undocumented = findings.filter((f) => !exceptions.some((e) => covers(e, f)));
		// Stale: an exception (or one of its files) that no finding needs any more.
		const stale = exceptions.flatMap((e) =>
			e.files.filter((p) => !findings.some((f) => covers({ ...e, files: [p] }, f))).map((p) => ({ ...e, files: [p] })),
		);

		if (asJson) {
			for (const f of findings) process.stdout.write(`${JSON.stringify({ ...f, documented: !undocumented.includes(f) })}\n`);
		}
		say(
			`[scan] scanner: ${legs[0].files} source + ${legs[1].files} packed files; node-cli lint: ${legs[2].files} files; ` +
				`${findings.length} errors (${findings.length - undocumented.length} documented in scripts/scan-exceptions.json), ` +
				`${legs.reduce((n, l) => n + l.warnings.length, 0)} warnings (not failing, as in the scanner), ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
		for (const w of legs.flatMap((l) => l.warnings)) say(`  warning ${w}`);
		for (const f of undocumented) say(`  UNDOCUMENTED ${f.tool} ${f.file}:${f.line} ${f.rule}: ${f.message}`);
		for (const e of stale) say(`  STALE exception (no longer found) ${e.tool} ${e.rule} ${e.files.join(', ')}`);
		if (undocumented.length > 0 || stale.length > 0) {
			say('[scan] FAILED: fix the code, or add the finding to scripts/scan-exceptions.json with the reason it cannot be fixed');
			process.exitCode = 1;
		} else {
			say('[scan] passed: every finding is a documented exception');
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`[scan] ${error instanceof SetupError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 2;
});
