import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCommand } from '../helpers/cli';
import { vet } from '../../cli/commands/vet';
import { GithubTestServer, type GithubFixtureUser } from '../servers/github';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const users = (JSON.parse(readFileSync(path.join(FIXTURES, 'github/github.json'), 'utf8')) as { users: Record<string, GithubFixtureUser> }).users;
const TOKEN = 'ghp_cliSECRET_abcdef0123456789';

let server: GithubTestServer;
let dir: string;

beforeAll(async () => {
	server = await new GithubTestServer({ users }).start();
	dir = mkdtempSync(path.join(tmpdir(), 'tp-vet-'));
});
afterAll(async () => {
	await server.close();
	rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

const run = (args: string[]) => runCommand(vet, args);

describe('talent-pipeline vet', () => {
	it('writes one line per candidate, in order, with the vetting fields', async () => {
		const input = path.join(FIXTURES, 'candidates/candidates.jsonl');
		const { code, lines } = await run(['--input', input, '--github-url', server.baseUrl, '--concurrency', '4']);
		expect(code).toBe(0);
		const ids = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).id);
		expect(lines.map((l) => l.id)).toEqual(ids);
		for (const l of lines) expect(Object.keys(l)).toEqual(['id', 'roleFit', 'productionEvidence', 'redFlags', 'score', 'evidence']);
		expect(lines[0]).toEqual(expect.objectContaining({ id: 'DC-01', roleFit: 'mlops_engineer', productionEvidence: 'strong', redFlags: [] }));
	});

	it('reports bad lines and invalid logins in place, goes on, and exits 1', async () => {
		const input = path.join(dir, 'bad.jsonl');
		writeFileSync(input, ['{"id":"a","githubUsername":"talmasri"}', 'not json', '{"id":"b","githubUsername":"../etc"}', '[1]', '{"id":"c","resumeText":"Jo\\nEngineer"}'].join('\n'));
		const { code, lines } = await run(['--input', input, '--github-url', server.baseUrl]);
		expect(code).toBe(1);
		expect(lines).toHaveLength(5);
		expect(lines[0].roleFit).toBe('research_scientist');
		expect(lines[1]).toEqual({ line: 2, error: expect.stringContaining('invalid JSON') });
		expect(lines[2]).toEqual({ line: 3, id: 'b', error: expect.stringContaining('githubUsername') });
		expect(lines[3]).toEqual({ line: 4, error: 'expected a JSON object' });
		expect(lines[4].redFlags).toEqual(['no_public_work']);
	});

	it('takes the token from GITHUB_TOKEN, sends it as a header, never prints it', async () => {
		const input = path.join(dir, 'one.jsonl');
		writeFileSync(input, '{"id":"x","githubUsername":"ydemirci"}\n{"id":"y","githubUsername":"talmasri"}\n');
		server.inject(/^\/users\/ydemirci$/, { kind: 'status', status: 401, body: { message: `Bad credentials ${TOKEN}` } }, 10);
		process.env.GITHUB_TOKEN = TOKEN;
		try {
			const { code, stdout, stderr, lines } = await run(['--input', input, '--github-url', server.baseUrl]);
			expect(code).toBe(0);
			expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
			expect(lines[0].githubError).toEqual(expect.stringContaining('401'));
			expect(stdout + stderr).not.toContain(TOKEN);
		} finally {
			delete process.env.GITHUB_TOKEN;
		}
	});

	it('takes the token from --github-token-file; --github-token still works but warns on stderr', async () => {
		const input = path.join(dir, 'file-token.jsonl');
		// A UTF-8 byte order mark before the first record (Windows tools write one): the record is kept.
		writeFileSync(input, '\uFEFF{"id":"x","githubUsername":"talmasri"}\n');
		const tokenFile = path.join(dir, 'token.txt');
		writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
		const fromFile = await run(['--input', input, '--github-url', server.baseUrl, '--github-token-file', tokenFile]);
		expect(fromFile.code).toBe(0);
		expect(fromFile.lines).toEqual([expect.objectContaining({ id: 'x', roleFit: 'research_scientist' })]);
		expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
		expect(fromFile.stderr).toBe('');
		server.reset();
		const legacy = await run(['--input', input, '--github-url', server.baseUrl, '--github-token', TOKEN]);
		expect(legacy.code).toBe(0);
		expect(server.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
		expect(legacy.stderr).toMatch(/warning: --github-token puts a secret in the process list/);
		expect(legacy.stdout + legacy.stderr).not.toContain(TOKEN);
		expect((await run(['--input', input, '--github-token-file', path.join(dir, 'missing.txt')])).code).toBe(2);
	});

	it('a re-run with --cache-file is answered by 304s', async () => {
		const input = path.join(dir, 'two.jsonl');
		const cacheFile = path.join(dir, 'cache.json');
		writeFileSync(input, '{"id":"x","githubUsername":"klindqvist-ops"}\n{"id":"y","githubUsername":"meera-s-dev"}\n');
		const first = await run(['--input', input, '--github-url', server.baseUrl, '--cache-file', cacheFile]);
		server.reset();
		const second = await run(['--input', input, '--github-url', server.baseUrl, '--cache-file', cacheFile]);
		expect(second.lines).toEqual(first.lines);
		expect(server.requests.length).toBeGreaterThan(0);
		expect(server.requests.every((r) => r.status === 304)).toBe(true);
	});

	it.each([[['--concurrency', '0']], [['--nope']], [['--github-url', 'ftp://x']]])('rejects bad options %p with status 2', async (args) => {
		expect((await run(args)).code).toBe(2);
	});
});
