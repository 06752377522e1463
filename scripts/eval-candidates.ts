/**
 * Vetting accuracy on labelled candidates (`<dataDir>/candidates.jsonl`, the
 * labels inside each line) with GitHub data from `<dataDir>/github.json`
 * served by the loopback GitHub server, so the real transport path (HTTP,
 * ETags, pagination) is exercised. Prints productionEvidence and roleFit
 * accuracy with confusion tables, red-flag micro-F1, and every miss.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { axiosHttpClient } from '../cli/http';
import { normaliseLogin } from '../core/candidate/login';
import { Candidate, ProductionEvidence, RedFlag } from '../core/candidate/schema';
import { vetCandidate, type GithubOutcome } from '../core/candidate/vet';
import { Role } from '../core/lead/schema';
import { fetchGithub, GithubClient } from '../transport/github';
import { GithubTestServer, type GithubFixtureUser } from '../tests/servers/github';

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
function referenceDate(users: Record<string, GithubFixtureUser>): Date {
	if (process.env.EVAL_NOW) return new Date(process.env.EVAL_NOW);
	let max = 0;
	for (const u of Object.values(users)) {
		for (const t of [u.user.updated_at, ...u.repos.flatMap((r) => [r.pushed_at, r.updated_at])]) {
			const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
			if (Number.isFinite(ms) && ms > max) max = ms;
		}
	}
	return max > 0 ? new Date(max) : new Date();
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
}

/**
 * Vetting accuracy on the candidates in `<dataDir>/candidates.jsonl` with the
 * GitHub data in `<dataDir>/github.json`; returns the printed report.
 */
export async function evalCandidates(dataDir: string): Promise<string> {
	const { report } = await evalCandidateFiles(path.join(dataDir, 'candidates.jsonl'), path.join(dataDir, 'github.json'));
	return report;
}

/**
 * The same evaluation on explicit files (the held-out set lives in
 * tests/fixtures under other names), through the real GitHub transport against
 * the loopback server. Returns the report and the figures.
 */
export async function evalCandidateFiles(candidatesPath: string, githubPath: string): Promise<{ report: string; figures: CandidateFigures }> {
	const lines = readFileSync(candidatesPath, 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Record<string, unknown> & { labels: Labels });
	const users = (JSON.parse(readFileSync(githubPath, 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
	const now = referenceDate(users);

	const server = await new GithubTestServer({ users }).start();
	const rows: Array<{ id: string; labels: Labels; roleFit: string; productionEvidence: string; redFlags: string[]; error?: string }> = [];
	let requests = 0;
	try {
		const client = new GithubClient({ http: axiosHttpClient('GitHub'), baseUrl: server.baseUrl });
		for (const raw of lines) {
			const id = String(raw.id ?? `#${rows.length + 1}`);
			try {
				const candidate = Candidate.parse(raw);
				const login = normaliseLogin(candidate.githubUsername);
				const github: GithubOutcome = login ? await fetchGithub(client, login, { now }) : { status: 'skipped' };
				const v = vetCandidate({ candidate, login, github, now });
				rows.push({ id, labels: raw.labels, roleFit: v.roleFit, productionEvidence: v.productionEvidence, redFlags: v.redFlags, error: github.status === 'error' ? github.message : undefined });
			} catch (e) {
				rows.push({ id, labels: raw.labels, roleFit: '-', productionEvidence: '-', redFlags: [], error: (e as Error).message });
			}
		}
		requests = client.stats.requests;
	} finally {
		await server.close();
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
	out.push(`candidates: ${n}, reference date (now): ${now.toISOString()}, GitHub requests: ${requests} (loopback server)`);
	out.push(`productionEvidence accuracy: ${pct(pe / n)} (${pe}/${n}) target >= 85%`);
	out.push(`roleFit accuracy:            ${pct(rf / n)} (${rf}/${n}) target >= 85%`);
	out.push(`red-flag micro-F1:           ${f1.toFixed(3)} (precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}; tp ${tp}, fp ${fp}, fn ${fn}) target >= 0.85`);
	out.push('');
	out.push(table('productionEvidence', ProductionEvidence.options, rows.map((r) => [r.labels.productionEvidence, r.productionEvidence])));
	out.push('');
	out.push(table('roleFit', Role.options, rows.map((r) => [r.labels.roleFit, r.roleFit])));
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
		figures: { n, productionEvidenceAccuracy: n === 0 ? 1 : pe / n, roleFitAccuracy: n === 0 ? 1 : rf / n, redFlagF1: f1, misses: missLines },
	};
}

/**
 * `npx ts-node --transpile-only scripts/eval-candidates.ts [candidates.jsonl github.json]`:
 * without arguments, the held-out set in tests/fixtures (written from the
 * rubric alone, never used to write rules).
 */
if (require.main === module) {
	const repo = path.resolve(__dirname, '..');
	const [candidatesPath, githubPath] =
		process.argv.length >= 4
			? [process.argv[2], process.argv[3]]
			: [path.join(repo, 'tests/fixtures/candidates/heldout.jsonl'), path.join(repo, 'tests/fixtures/github/heldout-github.json')];
	evalCandidateFiles(candidatesPath, githubPath)
		.then(({ report }) => process.stdout.write(`# Candidates (${candidatesPath})\n${report}\n`))
		.catch((error: unknown) => {
			process.stderr.write(`eval-candidates: ${(error as Error).stack ?? String(error)}\n`);
			process.exitCode = 1;
		});
}
