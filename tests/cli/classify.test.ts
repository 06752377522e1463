import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { startLlmServer } from '../servers/llm';

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

/** Like run(), without blocking this process's event loop (a loopback server here must answer). */
function runAsync(args: string[], input: string, env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [TS_NODE, '--transpile-only', CLI, 'classify', ...args], {
			cwd: ROOT,
			env: { ...process.env, ...env },
		});
		let stdout = '';
		let stderr = '';
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (status) => {
			clearTimeout(timer);
			resolve({ status, stdout, stderr });
		});
		child.stdin.end(input);
	});
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
		[['--mode', 'llm', '--threshold', '2'], /--threshold/],
		[['--mode', 'magic'], /unknown --mode/],
		[['--bogus'], /unknown option/],
	])('%p → exit 2', (args, message) => {
		const { status, stderr } = run(args, '{}');
		expect(status).toBe(2);
		expect(stderr).toMatch(message);
	});

	test('--mode llm asks an OpenAI-compatible server with the key from the environment, and falls back to the model when it fails', async () => {
		const llm = await startLlmServer();
		try {
			llm.behaviour = (req) =>
				(req.body.messages?.[1]?.content ?? '').includes('chatbot on our docs')
					? { kind: 'verdict', verdict: { disposition: 'lead', stage: 'early', track: 'hybrid', primaryRole: 'llm_engineer', confidence: 0.9, rationale: 'wants scoping and a build' } }
					: { kind: 'status', status: 500 };
			const input = [
				JSON.stringify({ id: 'a', message: 'We need an LLM engineer to build a chatbot on our docs' }),
				JSON.stringify({ id: 'b', message: 'We need an ML engineer to deploy our churn model' }),
			].join('\n');
			const { status, stdout, stderr } = await runAsync(
				['--mode', 'llm', '--llm-url', llm.baseUrl, '--llm-model', 'test-model'],
				input,
				{ TALENT_PIPELINE_LLM_API_KEY: 'sk-cli-SECRET' },
			);
			expect(stderr).toBe('');
			expect(status).toBe(0);
			const [a, b] = lines(stdout);
			expect(a).toMatchObject({ id: 'a', method: 'llm', track: 'hybrid', primaryRole: 'llm_engineer' });
			expect(b).toMatchObject({ id: 'b', method: 'model', disposition: 'lead' });
			expect(JSON.stringify(b.reasons)).toMatch(/llm.fallback/);
			expect(llm.requests.map((r) => r.authorization)).toEqual(['Bearer sk-cli-SECRET', 'Bearer sk-cli-SECRET']);
			expect(stdout).not.toContain('sk-cli-SECRET');
		} finally {
			await llm.close();
		}
	});

	test('--help', () => {
		const { status, stdout } = run(['--help']);
		expect(status).toBe(0);
		expect(stdout).toMatch(/--ruleset FILE/);
	});
});
