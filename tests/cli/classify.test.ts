import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'cli', 'talent-pipeline.ts');
const TS_NODE = path.join(ROOT, 'node_modules', 'ts-node', 'dist', 'bin.js');

function run(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
	const result = spawnSync(process.execPath, [TS_NODE, '--transpile-only', CLI, 'classify', ...args], {
		cwd: ROOT,
		input,
		encoding: 'utf8',
		timeout: 60_000,
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lines(stdout: string): Array<Record<string, unknown>> {
	return stdout
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('talent-pipeline classify', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'classify-cli-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test('classifies the sample file, one line per lead, in order', () => {
		const { status, stdout } = run(['--input', path.join(ROOT, 'tests', 'fixtures', 'leads', 'sample.jsonl')]);
		expect(status).toBe(0);
		const out = lines(stdout);
		expect(out).toHaveLength(12);
		expect(out.map((o) => o.id)).toEqual(Array.from({ length: 12 }, (_, i) => `S-${String(i + 1).padStart(3, '0')}`));
		for (const o of out) {
			expect(Object.keys(o)).toEqual(
				expect.arrayContaining(['id', 'disposition', 'stage', 'track', 'primaryRole', 'confidence', 'priority', 'reasons', 'rulesetVersion']),
			);
		}
		expect(out[0]).toMatchObject({ disposition: 'lead', track: 'engineer' });
		expect(out[4]).toMatchObject({ disposition: 'spam', stage: null });
	});

	test('stdin, malformed lines reported with their number, the run goes on, exit 1', () => {
		const input = [
			JSON.stringify({ id: 'a', message: 'We need an LLM engineer to build a chatbot on our docs' }),
			'{not json',
			'',
			JSON.stringify(['array']),
			JSON.stringify({ id: 'b', message: { nested: true } }),
			JSON.stringify({ id: 'c', message: "I'm looking for new opportunities, CV attached" }),
		].join('\n');
		const { status, stdout } = run([], input);
		expect(status).toBe(1);
		const out = lines(stdout);
		expect(out).toHaveLength(5);
		expect(out[0]).toMatchObject({ id: 'a', disposition: 'lead', primaryRole: 'llm_engineer' });
		expect(out[1]).toMatchObject({ line: 2 });
		expect(String(out[1].error)).toMatch(/invalid JSON/);
		expect(out[2]).toMatchObject({ line: 4, error: 'expected a JSON object' });
		expect(out[3]).toMatchObject({ line: 5, field: 'message' });
		expect(out[4]).toMatchObject({ id: 'c', disposition: 'job_seeker' });
	});

	test('a ruleset override file is applied', () => {
		const file = path.join(dir, 'override.json');
		writeFileSync(file, JSON.stringify({ version: '9.9.9', signals: { disposition: [{ name: 'spam.beans', value: 'spam', weight: 50, keywords: ['magic beans'] }] } }));
		const { status, stdout } = run(['--ruleset', file], JSON.stringify({ message: 'We need an ML engineer for magic beans' }));
		expect(status).toBe(0);
		expect(lines(stdout)[0]).toMatchObject({ disposition: 'spam', rulesetVersion: '9.9.9' });
	});

	test.each([
		['bad regex', { signals: { track: [{ name: 'x', value: 'hybrid', weight: 1, patterns: ['(('] }] } }, /signals\.track\[0\]\.patterns\[0\]/],
		['not JSON', '{oops', /not valid JSON/],
	])('bad ruleset file (%s) → message naming the path, exit 2', (_name, content, message) => {
		const file = path.join(dir, 'bad.json');
		writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
		const { status, stderr, stdout } = run(['--ruleset', file], '{}');
		expect(status).toBe(2);
		expect(stderr).toMatch(message);
		expect(stderr).toContain(file);
		expect(stdout).toBe('');
	});

	test('missing ruleset file → exit 2', () => {
		const { status, stderr } = run(['--ruleset', path.join(dir, 'nope.json')], '{}');
		expect(status).toBe(2);
		expect(stderr).toMatch(/cannot read/);
	});

	test.each([
		[['--mode', 'llm'], /not available/],
		[['--mode', 'magic'], /unknown --mode/],
		[['--bogus'], /unknown option/],
	])('%p → exit 2', (args, message) => {
		const { status, stderr } = run(args, '{}');
		expect(status).toBe(2);
		expect(stderr).toMatch(message);
	});

	test('--help', () => {
		const { status, stdout } = run(['--help']);
		expect(status).toBe(0);
		expect(stdout).toMatch(/--ruleset FILE/);
	});
});
