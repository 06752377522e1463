import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCommand } from '../helpers/cli';
import { route } from '../../cli/commands/route';
import { Brief } from '../../core/brief/schema';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'routing');
const CLASSIFIED = path.join(FIXTURES, 'classified-leads.jsonl');
const RAW = path.join(FIXTURES, 'raw-leads.jsonl');
const ROSTER = path.join(FIXTURES, 'roster.json');

interface Line {
	id?: string;
	line?: number;
	error?: string;
	output?: string;
	brief?: unknown;
	owner?: { email: string } | null;
	slaDueAt?: string | null;
	reasons?: string[];
}

/** Runs the command in-process, capturing what it writes. */
const run = (args: string[]) => runCommand<Line>(route, args);

let dir: string;
beforeAll(() => {
	dir = mkdtempSync(path.join(tmpdir(), 'tp-route-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('talent-pipeline route', () => {
	it('routes a classified JSONL batch: one line per input line, in order, with brief, owner and deadline', async () => {
		const inputs = readFileSync(CLASSIFIED, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; classification: { disposition: string; track: string } });
		const { code, lines } = await run(['--input', CLASSIFIED, '--roster', ROSTER, '--now', '2025-06-02T10:00:00Z']);
		expect(code).toBe(0);
		expect(lines.map((l) => l.id)).toEqual(inputs.map((i) => i.id));
		lines.forEach((line, i) => {
			const c = inputs[i].classification;
			expect(line.output).toBe(c.disposition === 'lead' ? c.track : 'rejected');
			if (line.output === 'rejected') {
				expect(line.brief).toBeNull();
				expect(line.owner).toBeNull();
			} else {
				expect(Brief.parse(line.brief).track).toBe(line.output);
				expect(line.owner?.email).toMatch(/@agency\.example$/);
				expect(Date.parse(line.slaDueAt!)).toBeGreaterThan(Date.parse('2025-06-02T10:00:00Z'));
			}
		});
	});

	it('classifies raw leads first, and routes without owners when no roster is given', async () => {
		const { code, lines } = await run(['--input', RAW]);
		expect(code).toBe(0);
		expect(lines.map((l) => l.output)).toEqual(['engineer', 'consultant', 'hybrid', 'rejected', 'rejected', 'consultant']);
		for (const line of lines) {
			expect(line.owner).toBeNull();
			expect(line.slaDueAt).toBeNull();
		}
	});

	it('reports unreadable and unroutable lines in place and exits 1, going on with the rest', async () => {
		const file = path.join(dir, 'mixed.jsonl');
		const good = readFileSync(CLASSIFIED, 'utf8').split('\n')[0];
		writeFileSync(file, [good, '{not json', '[1,2]', JSON.stringify({ id: 'arr', message: ['x'] }), JSON.stringify({ id: 'empty' }), good].join('\n'));
		const { code, lines } = await run(['--input', file, '--roster', ROSTER]);
		expect(code).toBe(1);
		expect(lines).toHaveLength(6);
		expect(lines[1]).toMatchObject({ line: 2, error: expect.stringMatching(/^invalid JSON/) });
		expect(lines[2]).toMatchObject({ line: 3, error: 'expected a JSON object' });
		expect(lines[3]).toMatchObject({ line: 4, field: 'message' });
		expect(lines[4]).toMatchObject({ id: 'empty', output: 'review', reasons: ['no classification and no message: nothing to classify or route'] });
		// The same lead twice keeps its owner.
		expect(lines[5].owner).toEqual(lines[0].owner);
	});

	it('keeps counts across runs with --state', async () => {
		const state = path.join(dir, 'state.json');
		const lead = readFileSync(CLASSIFIED, 'utf8').split('\n')[0];
		const owners: string[] = [];
		for (let i = 0; i < 4; i++) {
			const file = path.join(dir, `one-${i}.jsonl`);
			writeFileSync(file, JSON.stringify({ ...JSON.parse(lead), id: `S-${i}` }));
			const { lines } = await run(['--input', file, '--roster', ROSTER, '--state', state]);
			owners.push(lines[0].owner!.email);
		}
		// Two engineering owners of weight 1 alternate across the four runs.
		expect(new Set(owners).size).toBe(2);
		expect(owners[0]).toBe(owners[2]);
		expect(owners[1]).toBe(owners[3]);
	});

	it.each([
		[['--roster', path.join(FIXTURES, 'nope.json')], /route: bad roster .*cannot read/],
		[['--strategy', 'random'], /unknown --strategy 'random'/],
		[['--threshold', '2'], /--threshold must be a number from 0 to 1/],
		[['--bogus'], /unknown option --bogus/],
	])('refuses bad options %j with exit 2', async (args, message) => {
		const { code, stderr } = await run(['--input', RAW, ...args]);
		expect(code).toBe(2);
		expect(stderr).toMatch(message);
	});

	it('names the roster field that is wrong', async () => {
		const file = path.join(dir, 'bad-roster.json');
		writeFileSync(file, JSON.stringify([{ name: 'A', email: 'a@x.example', pipelines: ['engineer'], timeZone: 'Mars/Base' }]));
		const { code, stderr } = await run(['--input', RAW, '--roster', file]);
		expect(code).toBe(2);
		expect(stderr).toMatch(/\(at roster\[0\]\.timeZone\): must be an IANA time zone/);
	});

	it('works end to end as a process reading stdin', () => {
		const result = spawnSync(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'cli', 'talent-pipeline.ts'), 'route', '--roster', ROSTER],
			{ cwd: ROOT, input: readFileSync(RAW, 'utf8'), encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') }, timeout: 60_000 },
		);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
		expect(lines.map((l) => l.id)).toEqual(['RAW-001', 'RAW-002', 'RAW-003', 'RAW-004', 'RAW-005', 'RAW-006']);
		expect(lines[0]).toMatchObject({ output: 'engineer', owner: { email: expect.any(String) } });
	});
});
