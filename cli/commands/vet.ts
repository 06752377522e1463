import { normaliseLogin } from '../../core/candidate/login';
import { Candidate } from '../../core/candidate/schema';
import { vetCandidate, type GithubOutcome } from '../../core/candidate/vet';
import { formatIssuePath, InputError } from '../../core/errors';
import { DEFAULT_GITHUB_URL, fetchGithub, GithubClient } from '../../transport/github';
import { FileEtagCache } from '../github-cache';
import { axiosHttpClient } from '../http';
import { parseFlags, readJsonLines, writeLine, type Command, type InputLine } from '../io';
import { readSecret } from '../secrets';

const HELP = `Usage: talent-pipeline vet [--input FILE] [--github-url URL] [--github-token-file FILE] [--cache-file FILE] [--concurrency N]

Vets candidates (JSONL, one candidate per line: id, name, email, githubUsername, resumeText,
linkedinUrl, portfolioUrls; stdin when --input is not given) from public GitHub work and the
résumé, and writes one JSONL line per input line, in order:
  {"id", "roleFit", "productionEvidence", "redFlags", "score", "evidence"}
plus "githubError" when GitHub could not be read (the line is then judged from the résumé).
A line that cannot be read, or an invalid GitHub login, gives {"line": N, "error": "..."};
the exit status is then 1.

Options:
  --input FILE         JSONL candidates (default: stdin)
  --github-url URL     REST API root (default ${DEFAULT_GITHUB_URL}; Enterprise: https://HOST/api/v3)
  --github-token-file FILE  a file whose first line is a GitHub token (default: the GITHUB_TOKEN
                       environment variable; never printed). --github-token TOKEN still works but
                       shows the token in the process list, and warns
  --cache-file FILE    keep GitHub answers with their ETags here, so a re-run costs no rate limit
  --concurrency N      candidates vetted at once (default 8)`;

type Result = Record<string, unknown>;

/** `talent-pipeline vet`: the Candidate Enricher's Enrich and Vet over JSONL. */
export const vet: Command = async (args) => {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	let flags: Record<string, string | boolean | undefined>;
	try {
		flags = parseFlags(args, { input: 'string', 'github-url': 'string', 'github-token': 'string', 'github-token-file': 'string', 'cache-file': 'string', concurrency: 'string' });
	} catch (e) {
		process.stderr.write(`vet: ${(e as Error).message}\n\n${HELP}\n`);
		return 2;
	}
	const concurrency = flags.concurrency === undefined ? 8 : Number(flags.concurrency);
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
		process.stderr.write('vet: --concurrency must be a whole number from 1 to 64\n');
		return 2;
	}
	let token: string;
	try {
		token = readSecret({ command: 'vet', fileFlag: 'github-token-file', file: flags['github-token-file'], env: ['GITHUB_TOKEN'], legacyFlag: 'github-token', legacy: flags['github-token'] }) ?? '';
	} catch (e) {
		process.stderr.write(`vet: ${(e as Error).message}\n`);
		return 2;
	}
	const cache = typeof flags['cache-file'] === 'string' ? new FileEtagCache(flags['cache-file']) : undefined;
	let client: GithubClient;
	try {
		client = new GithubClient({
			http: axiosHttpClient('GitHub', { secrets: [token] }),
			baseUrl: typeof flags['github-url'] === 'string' ? flags['github-url'] : DEFAULT_GITHUB_URL,
			token: token || undefined,
			cache,
			maxInFlight: concurrency * 4,
		});
	} catch (e) {
		process.stderr.write(`vet: ${(e as Error).message}\n`);
		return 2;
	}
	const now = new Date();
	let failed = false;

	const handle = async (entry: InputLine): Promise<Result> => {
		if ('error' in entry) {
			failed = true;
			return { line: entry.line, error: entry.error };
		}
		const id = typeof entry.value.id === 'string' || typeof entry.value.id === 'number' ? String(entry.value.id) : undefined;
		try {
			const parsed = Candidate.safeParse(entry.value);
			if (!parsed.success) throw new InputError(formatIssuePath(parsed.error.issues[0].path), parsed.error.issues[0].message);
			const login = normaliseLogin(parsed.data.githubUsername);
			const github: GithubOutcome = login ? await fetchGithub(client, login, { now, parallel: concurrency }) : { status: 'skipped' };
			const v = vetCandidate({ candidate: parsed.data, login, github, now });
			const out: Result = { id: id ?? null, roleFit: v.roleFit, productionEvidence: v.productionEvidence, redFlags: v.redFlags, score: v.score, evidence: v.evidence };
			if (github.status === 'error') out.githubError = client.redact(github.message);
			return out;
		} catch (e) {
			failed = true;
			const message = e instanceof InputError ? `${e.field}: ${e.message}` : e instanceof Error ? e.message : String(e);
			return { line: entry.line, ...(id ? { id } : {}), error: client.redact(message) };
		}
	};

	// A bounded window of candidates in flight; lines are written in input order.
	const window: Array<Promise<Result>> = [];
	let active = 0;
	const waiting: Array<() => void> = [];
	const limited = async (entry: InputLine): Promise<Result> => {
		if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
		active++;
		try {
			return await handle(entry);
		} finally {
			active--;
			waiting.shift()?.();
		}
	};
	for await (const entry of readJsonLines(typeof flags.input === 'string' ? flags.input : undefined)) {
		window.push(limited(entry));
		while (window.length >= concurrency * 2) await writeLine(await (window.shift() as Promise<Result>));
	}
	while (window.length > 0) await writeLine(await (window.shift() as Promise<Result>));
	try {
		cache?.save();
	} catch (e) {
		process.stderr.write(`vet: could not write the cache file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
	}
	return failed ? 1 : 0;
};
