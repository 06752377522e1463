import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCommand } from '../helpers/cli';
import { vet } from '../../cli/commands/vet';
import { GithubTestServer, type GithubFixtureUser } from '../servers/github';
import { HuggingFaceTestServer, type HfFixtureAuthor } from '../servers/huggingface';
import { ScholarTestServer, type ScholarFixture } from '../servers/scholar';

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

// Portfolio pages are public addresses only; the fixtures' .example hosts are left unread so no DNS query leaves the machine.
const run = (args: string[]) => runCommand(vet, args.includes('--help') ? args : ['--no-portfolio', ...args]);

describe('talent-pipeline vet', () => {
	it('writes one line per candidate, in order, with the vetting fields', async () => {
		const input = path.join(FIXTURES, 'candidates/candidates.jsonl');
		const { code, lines } = await run(['--input', input, '--github-url', server.baseUrl, '--concurrency', '4']);
		expect(code).toBe(0);
		const ids = readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).id);
		expect(lines.map((l) => l.id)).toEqual(ids);
		for (const l of lines) expect(Object.keys(l)).toEqual(['id', 'roleFit', 'productionEvidence', 'redFlags', 'score', 'evidence', 'sources']);
		expect(lines[0].sources).toEqual(expect.objectContaining({ github: expect.objectContaining({ status: 'ok' }), portfolio: { status: 'skipped', reason: 'switched off' } }));
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

	it.each([[['--concurrency', '0']], [['--nope']], [['--github-url', 'ftp://x']], [['--hf-url', 'https://u:p@hub.example']], [['--scholar-url', 'nope']], [['--no-papers=1']]])('rejects bad options %p with status 2', async (args) => {
		expect((await run(args)).code).toBe(2);
	});

	describe('Hugging Face and papers', () => {
		const HF_TOKEN = 'hf_cliSECRET_0123456789abcdef';
		const S2_KEY = 's2-cliSECRET-0123456789';
		let hub: HuggingFaceTestServer;
		let s2: ScholarTestServer;
		beforeAll(async () => {
			const authors = (JSON.parse(readFileSync(path.join(FIXTURES, 'huggingface/hub.json'), 'utf8')) as { authors: Record<string, HfFixtureAuthor> }).authors;
			hub = await new HuggingFaceTestServer({ authors, token: HF_TOKEN }).start();
			s2 = await new ScholarTestServer({ data: JSON.parse(readFileSync(path.join(FIXTURES, 'scholar/scholar.json'), 'utf8')) as ScholarFixture, apiKey: S2_KEY }).start();
		});
		afterAll(async () => {
			await hub.close();
			await s2.close();
		});
		beforeEach(() => {
			hub.reset();
			s2.reset();
		});

		it('reads --hf-url and --scholar-url with tokens from the environment, never printing them; one cache file for all', async () => {
			const input = path.join(dir, 'sources.jsonl');
			writeFileSync(
				input,
				[
					'{"id":"h","name":"Sam Diallo","huggingfaceUsername":"sdiallo"}',
					'{"id":"r","name":"Tomás Rivera","semanticScholarId":"5500001"}',
					'{"id":"e","name":"Mara Okafor","email":"mokafor@inf.ethz.ch"}',
					'{"id":"bad","orcid":"12-34"}',
				].join('\n'),
			);
			const cacheFile = path.join(dir, 'sources-cache.json');
			process.env.HF_TOKEN = HF_TOKEN;
			process.env.SEMANTIC_SCHOLAR_API_KEY = S2_KEY;
			try {
				const args = ['--input', input, '--github-url', server.baseUrl, '--hf-url', hub.baseUrl, '--scholar-url', s2.baseUrl, '--cache-file', cacheFile];
				const { code, stdout, stderr, lines } = await run(args);
				expect(code).toBe(1);
				expect(lines[0]).toEqual(expect.objectContaining({ id: 'h', productionEvidence: 'strong' }));
				expect((lines[0].sources as Record<string, unknown>).huggingface).toEqual(expect.objectContaining({ status: 'ok', level: 'strong' }));
				expect(lines[1]).toEqual(expect.objectContaining({ id: 'r', roleFit: 'research_scientist', productionEvidence: 'none' }));
				// Name and work email alone: not looked up unless --papers-by-email.
				expect((lines[2].sources as Record<string, unknown>).papers).toEqual({ status: 'skipped', reason: expect.stringContaining('off') });
				expect(lines[3]).toEqual({ line: 4, id: 'bad', error: expect.stringContaining('orcid') });
				expect(hub.requests.every((r) => r.authorization === `Bearer ${HF_TOKEN}`)).toBe(true);
				expect(s2.requests.every((r) => r.apiKey === S2_KEY)).toBe(true);
				expect(stdout + stderr).not.toContain(HF_TOKEN);
				expect(stdout + stderr).not.toContain(S2_KEY);
				expect(readFileSync(cacheFile, 'utf8')).not.toContain(HF_TOKEN);
				hub.reset();
				const again = await run(args);
				expect(again.lines).toEqual(lines);
				expect(hub.requests.length).toBeGreaterThan(0);
				expect(hub.requests.every((r) => r.status === 304)).toBe(true);
				const byEmail = await run([...args, '--papers-by-email', '--no-huggingface']);
				expect(byEmail.lines[2]).toEqual(expect.objectContaining({ roleFit: 'research_scientist' }));
				expect((byEmail.lines[0].sources as Record<string, unknown>).huggingface).toEqual({ status: 'skipped', reason: 'switched off' });
			} finally {
				delete process.env.HF_TOKEN;
				delete process.env.SEMANTIC_SCHOLAR_API_KEY;
			}
		});

		it('a failing source is recorded; with --fail-on-source-error the line is an error', async () => {
			const input = path.join(dir, 'failing.jsonl');
			writeFileSync(input, '{"id":"h","name":"Sam Diallo","huggingfaceUsername":"sdiallo","resumeText":"Sam\\nML Engineer"}\n');
			hub.inject(/^\/api\//, { kind: 'status', status: 500 }, 100);
			const args = ['--input', input, '--hf-url', hub.baseUrl, '--scholar-url', s2.baseUrl];
			const degraded = await run(args);
			expect(degraded.code).toBe(0);
			expect((degraded.lines[0].sources as Record<string, unknown>).huggingface).toEqual(expect.objectContaining({ status: 'error', httpCode: 500 }));
			const failing = await run([...args, '--fail-on-source-error']);
			expect(failing.code).toBe(1);
			expect(failing.lines[0]).toEqual({ line: 1, id: 'h', error: expect.stringContaining('Hugging Face: server error (HTTP 500)') });
		});
	});
});
