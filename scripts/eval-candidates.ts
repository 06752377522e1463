/**
 * Vetting accuracy on labelled candidates (`<dataDir>/candidates.jsonl`, the
 * labels inside each line) with every public source's answers in the APIs'
 * real shapes (FORMAT.md's layout: `github.json`, and optionally
 * `huggingface.json`, `scholar.json`, `portfolio.json`) served by loopback
 * servers, so the real transport path (HTTP, ETags, pagination, the
 * portfolio's address guard) is exercised. A source whose file is absent is
 * switched off. Prints productionEvidence and roleFit accuracy with per-label
 * precision / recall and confusion tables, red-flag micro-F1, requests per
 * candidate per source, and every miss.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../cli/http';
import { normaliseHfUsername } from '../core/candidate/huggingface';
import { normaliseLogin } from '../core/candidate/login';
import { Candidate, ProductionEvidence, RedFlag } from '../core/candidate/schema';
import { SOURCE_NAMES, type SourceName } from '../core/candidate/sources';
import { vetCandidate } from '../core/candidate/vet';
import { Role } from '../core/lead/schema';
import { GithubClient } from '../transport/github';
import { huggingFaceClient } from '../transport/huggingface';
import type { PortfolioStats } from '../transport/portfolio';
import { scholarClient } from '../transport/scholar';
import { readCandidateSources, type SourceSwitches } from '../transport/sources';
import { GithubTestServer, type GithubFixtureUser, type SearchFixture } from '../tests/servers/github';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../tests/servers/huggingface';
import { PortfolioTestServer, type PortfolioFixturePage } from '../tests/servers/portfolio';
import { ScholarTestServer, type ScholarFixture } from '../tests/servers/scholar';

interface Labels {
	roleFit: string;
	productionEvidence: string;
	redFlags: string[];
}

/**
 * The dataset's "as of" date: its latest GitHub timestamp (inactivity is
 * judged relative to it, so the figures do not drift with the calendar).
 * EVAL_NOW overrides it.
 */
function referenceDate(users: Record<string, GithubFixtureUser>, hub: Record<string, HfFixtureAuthor> = {}): Date {
	if (process.env.EVAL_NOW) return new Date(process.env.EVAL_NOW);
	let max = 0;
	const times: unknown[] = [];
	for (const u of Object.values(users)) times.push(u.user.updated_at, ...u.repos.flatMap((r) => [r.pushed_at, r.updated_at]));
	for (const a of Object.values(hub)) for (const r of [...(a.models ?? []), ...(a.datasets ?? []), ...(a.spaces ?? [])]) times.push(r.lastModified);
	for (const t of times) {
		const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
		if (Number.isFinite(ms) && ms > max) max = ms;
	}
	return max > 0 ? new Date(max) : new Date();
}

/** Precision, recall and F1 of every label of one head, as printed lines. */
function perLabel(title: string, labels: readonly string[], pairs: Array<[string, string]>): { lines: string[]; figures: Record<string, { precision: number; recall: number; f1: number; support: number }> } {
	const lines = [`${title} per label (precision / recall / F1, support):`];
	const figures: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
	for (const label of labels) {
		const tp = pairs.filter(([e, p]) => e === label && p === label).length;
		const predicted = pairs.filter(([, p]) => p === label).length;
		const support = pairs.filter(([e]) => e === label).length;
		const precision = predicted === 0 ? (support === 0 ? 1 : 0) : tp / predicted;
		const recall = support === 0 ? 1 : tp / support;
		const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
		figures[label] = { precision, recall, f1, support };
		lines.push(`  ${label.padEnd(20)} ${precision.toFixed(3)} / ${recall.toFixed(3)} / ${f1.toFixed(3)}  (${support})`);
	}
	return { lines, figures };
}

const SWITCH: Record<SourceName, keyof SourceSwitches> = { github: 'github', huggingface: 'huggingface', papers: 'papers', merged_prs: 'mergedPrs', portfolio: 'portfolio' };

/** The optional per-source files of FORMAT.md's layout. */
export interface SourceFiles {
	huggingface?: string;
	scholar?: string;
	portfolio?: string;
}

function table(title: string, labels: readonly string[], pairs: Array<[string, string]>): string {
	const width = Math.max(...labels.map((l) => l.length), 10);
	const rows = [`${title} (rows: expected, columns: predicted)`, ' '.repeat(width) + ' ' + labels.map((l) => l.slice(0, 8).padStart(9)).join('')];
	for (const expected of labels) {
		const cells = labels.map((predicted) => String(pairs.filter(([e, p]) => e === expected && p === predicted).length).padStart(9));
		rows.push(expected.padEnd(width) + ' ' + cells.join(''));
	}
	return rows.join('\n');
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The headline figures of one vetting run (fractions in 0..1). */
export interface CandidateFigures {
	n: number;
	productionEvidenceAccuracy: number;
	roleFitAccuracy: number;
	redFlagF1: number;
	misses: string[];
	/** Requests per candidate, by source (loopback servers; GitHub's merged-PR search and target look-ups count as merged_prs). */
	requestsPerCandidate: Record<SourceName, number>;
	perLabel: { productionEvidence: Record<string, { precision: number; recall: number; f1: number; support: number }>; roleFit: Record<string, { precision: number; recall: number; f1: number; support: number }> };
}

/**
 * Vetting accuracy on the candidates in `<dataDir>/candidates.jsonl` with the
 * GitHub data in `<dataDir>/github.json`; returns the printed report.
 */
export async function evalCandidates(dataDir: string): Promise<string> {
	const { report } = await evalCandidateDir(dataDir);
	return report;
}

/** The evaluation on a directory in FORMAT.md's layout (a source whose file is absent is switched off). */
export async function evalCandidateDir(dataDir: string, candidatesPath = path.join(dataDir, 'candidates.jsonl')): Promise<{ report: string; figures: CandidateFigures }> {
	const file = (name: string): string | undefined => (existsSync(path.join(dataDir, name)) ? path.join(dataDir, name) : undefined);
	return evalCandidateFiles(candidatesPath, path.join(dataDir, 'github.json'), {
		huggingface: file('huggingface.json'),
		scholar: file('scholar.json'),
		portfolio: file('portfolio.json'),
	});
}

/**
 * The same evaluation on explicit files (the held-out set lives in
 * tests/fixtures under other names), through the real GitHub transport against
 * the loopback server. Returns the report and the figures.
 */
export async function evalCandidateFiles(candidatesPath: string, githubPath: string, files: SourceFiles = {}): Promise<{ report: string; figures: CandidateFigures }> {
	const lines = readFileSync(candidatesPath, 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Record<string, unknown> & { labels: Labels });
	const github = JSON.parse(readFileSync(githubPath, 'utf8')) as { users: Record<string, GithubFixtureUser>; search?: Record<string, SearchFixture>; repositories?: Record<string, Record<string, unknown>> };
	const json = <T>(p: string | undefined): T | undefined => (p ? (JSON.parse(readFileSync(p, 'utf8')) as T) : undefined);
	const hubData = json<{ authors: Record<string, HfFixtureAuthor> }>(files.huggingface);
	const scholarData = json<ScholarFixture>(files.scholar);
	const portfolioData = json<{ pages: Record<string, PortfolioFixturePage> }>(files.portfolio);
	const users = github.users;
	const now = referenceDate(users, hubData?.authors);
	const switches: SourceSwitches = { github: true, huggingface: hubData !== undefined, papers: scholarData !== undefined, mergedPrs: github.search !== undefined, portfolio: portfolioData !== undefined };

	// Search answers on loopback come back at once: a generous window keeps GitHub's per-minute search budget from throttling the eval.
	const server = await new GithubTestServer({ users, search: github.search, repositories: github.repositories, searchLimit: 100_000 }).start();
	const hub = hubData ? await new HuggingFaceTestServer({ authors: hubData.authors }).start() : undefined;
	const s2 = scholarData ? await new ScholarTestServer({ data: scholarData }).start() : undefined;
	const pages = portfolioData ? await new PortfolioTestServer({ pages: portfolioData.pages }).start() : undefined;
	const rows: Array<{ id: string; labels: Labels; roleFit: string; productionEvidence: string; redFlags: string[]; error?: string }> = [];
	const requests: Record<SourceName, number> = { github: 0, huggingface: 0, papers: 0, merged_prs: 0, portfolio: 0 };
	const portfolioStats: PortfolioStats = { requests: 0, refused: 0, bytes: 0 };
	try {
		const client = new GithubClient({ http: axiosHttpClient('GitHub'), baseUrl: server.baseUrl });
		// Unused sources get a client on an address that is never asked (their switch is off).
		const hf = huggingFaceClient({ http: axiosHttpClient('Hugging Face'), baseUrl: hub?.baseUrl ?? 'http://127.0.0.1:9' });
		const scholar = scholarClient({ http: axiosHttpClient('Semantic Scholar'), baseUrl: s2?.baseUrl ?? 'http://127.0.0.1:9' });
		for (const raw of lines) {
			const id = String(raw.id ?? `#${rows.length + 1}`);
			try {
				const candidate = Candidate.parse(raw);
				const login = normaliseLogin(candidate.githubUsername);
				const { github: gh, sources } = await readCandidateSources(
					{ github: client, huggingface: hf, scholar },
					{ candidate, login, huggingfaceUsername: normaliseHfUsername(candidate.huggingfaceUsername) },
					{
						now,
						switches,
						// The eval measures the whole matching rule, the work-email step included.
						papersByNameAndEmail: true,
						portfolio: pages ? { resolve: pages.exampleResolver(), allowedPrivateAddresses: ['127.0.0.1'], stats: portfolioStats } : undefined,
						portfolioUrl: pages ? (u) => pages.urlFor(u) : undefined,
					},
				);
				const v = vetCandidate({ candidate, login, github: gh, sources, now });
				const failed = [gh.status === 'error' ? gh.message : undefined, ...Object.values(sources).map((o) => (o?.status === 'error' ? o.message : undefined))].filter(Boolean);
				rows.push({ id, labels: raw.labels, roleFit: v.roleFit, productionEvidence: v.productionEvidence, redFlags: v.redFlags, error: failed.length ? failed.join('; ') : undefined });
			} catch (e) {
				rows.push({ id, labels: raw.labels, roleFit: '-', productionEvidence: '-', redFlags: [], error: (e as Error).message });
			}
		}
		const mergedPaths = ['/search/issues', '/repos/{owner}/{repo}'];
		for (const [p, count] of Object.entries(client.stats.byPath)) requests[mergedPaths.includes(p) ? 'merged_prs' : 'github'] += count;
		requests.huggingface = hf.stats.requests;
		requests.papers = scholar.stats.requests;
		requests.portfolio = portfolioStats.requests;
	} finally {
		await server.close();
		await hub?.close();
		await s2?.close();
		await pages?.close();
	}
	const n = rows.length;
	const pe = rows.filter((r) => r.productionEvidence === r.labels.productionEvidence).length;
	const rf = rows.filter((r) => r.roleFit === r.labels.roleFit).length;
	let tp = 0;
	let fp = 0;
	let fn = 0;
	const perFlag = new Map<string, { tp: number; fp: number; fn: number }>(RedFlag.options.map((f) => [f, { tp: 0, fp: 0, fn: 0 }]));
	for (const r of rows) {
		for (const f of r.redFlags) {
			const hit = r.labels.redFlags.includes(f);
			if (hit) tp++;
			else fp++;
			const s = perFlag.get(f);
			if (s) s[hit ? 'tp' : 'fp']++;
		}
		for (const f of r.labels.redFlags) {
			if (!r.redFlags.includes(f)) {
				fn++;
				const s = perFlag.get(f);
				if (s) s.fn++;
			}
		}
	}
	const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
	const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
	const f1 = 2 * tp + fp + fn === 0 ? 1 : (2 * tp) / (2 * tp + fp + fn);

	const out: string[] = [];
	const total = SOURCE_NAMES.reduce((a, k) => a + requests[k], 0);
	const perCandidate = Object.fromEntries(SOURCE_NAMES.map((k) => [k, n === 0 ? 0 : Math.round((requests[k] / n) * 100) / 100])) as Record<SourceName, number>;
	out.push(`candidates: ${n}, reference date (now): ${now.toISOString()}, requests: ${total} (loopback servers)`);
	out.push(
		`requests per candidate: ${SOURCE_NAMES.map((k) => `${k} ${switches[SWITCH[k]] ? perCandidate[k].toFixed(2) : 'off'}`).join(', ')}`,
	);
	out.push(`productionEvidence accuracy: ${pct(pe / n)} (${pe}/${n}) target >= 85%`);
	out.push(`roleFit accuracy:            ${pct(rf / n)} (${rf}/${n}) target >= 85%`);
	out.push(`red-flag micro-F1:           ${f1.toFixed(3)} (precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; tp ${tp}, fp ${fp}, fn ${fn}) target >= 0.85`);
	out.push('');
	out.push(table('productionEvidence', ProductionEvidence.options, rows.map((r) => [r.labels.productionEvidence, r.productionEvidence])));
	out.push('');
	out.push(table('roleFit', Role.options, rows.map((r) => [r.labels.roleFit, r.roleFit])));
	out.push('');
	const pePer = perLabel('productionEvidence', ProductionEvidence.options, rows.map((r) => [r.labels.productionEvidence, r.productionEvidence]));
	const rolePer = perLabel('roleFit', Role.options, rows.map((r) => [r.labels.roleFit, r.roleFit]));
	out.push(...pePer.lines, ...rolePer.lines);
	out.push('');
	out.push('red flags (tp / fp / fn):');
	for (const [flag, s] of perFlag) out.push(`  ${flag.padEnd(28)} ${s.tp} / ${s.fp} / ${s.fn}`);
	const misses = rows.filter((r) => r.productionEvidence !== r.labels.productionEvidence || r.roleFit !== r.labels.roleFit || [...r.redFlags].sort().join() !== [...r.labels.redFlags].sort().join());
	out.push('');
	out.push(`misses: ${misses.length}`);
	const missLines = misses.map(
		(m) =>
			`${m.id}: productionEvidence ${m.productionEvidence} (expected ${m.labels.productionEvidence}), roleFit ${m.roleFit} (expected ${m.labels.roleFit}), redFlags [${m.redFlags.join(', ')}] (expected [${m.labels.redFlags.join(', ')}])${m.error ? `; ${m.error}` : ''}`,
	);
	for (const m of missLines) out.push(`  ${m}`);
	return {
		report: out.join('\n'),
		figures: {
			n,
			productionEvidenceAccuracy: n === 0 ? 1 : pe / n,
			roleFitAccuracy: n === 0 ? 1 : rf / n,
			redFlagF1: f1,
			misses: missLines,
			requestsPerCandidate: perCandidate,
			perLabel: { productionEvidence: pePer.figures, roleFit: rolePer.figures },
		},
	};
}

/**
 * `npx ts-node --transpile-only scripts/eval-candidates.ts [DIR | candidates.jsonl github.json]`:
 * a directory in FORMAT.md's layout, two files, or without arguments the
 * held-out set in tests/fixtures (written from the rubric alone, never used
 * to write rules).
 */
if (require.main === module) {
	const repo = path.resolve(__dirname, '..');
	const args = process.argv.slice(2);
	const run =
		args.length === 1 && statSync(args[0]).isDirectory()
			? evalCandidateDir(args[0])
			: args.length >= 2
				? evalCandidateFiles(args[0], args[1])
				: evalCandidateFiles(path.join(repo, 'tests/fixtures/candidates/heldout.jsonl'), path.join(repo, 'tests/fixtures/github/heldout-github.json'));
	run
		.then(({ report }) => process.stdout.write(`# Candidates (${args.join(' ') || 'held-out'})\n${report}\n`))
		.catch((error: unknown) => {
			process.stderr.write(`eval-candidates: ${(error as Error).stack ?? String(error)}\n`);
			process.exitCode = 1;
		});
}
