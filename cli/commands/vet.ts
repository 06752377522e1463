import { normaliseHfUsername } from '../../core/candidate/huggingface';
import { normaliseLogin } from '../../core/candidate/login';
import { checkPaperIdentifiers } from '../../core/candidate/papers';
import { Candidate } from '../../core/candidate/schema';
import { vetCandidate } from '../../core/candidate/vet';
import { formatIssuePath, InputError } from '../../core/errors';
import { DEFAULT_GITHUB_URL, GithubClient } from '../../transport/github';
import { DEFAULT_HUGGINGFACE_URL, huggingFaceClient } from '../../transport/huggingface';
import type { RestClient } from '../../transport/rest';
import { DEFAULT_SCHOLAR_URL, scholarClient } from '../../transport/scholar';
import { readCandidateSources, type SourceSwitches } from '../../transport/sources';
import { FileEtagCache } from '../github-cache';
import { axiosHttpClient } from '../http';
import { parseFlags, readJsonLines, writeLine, type Command, type InputLine } from '../io';
import { readSecret } from '../secrets';

const HELP = `Usage: talent-pipeline vet [--input FILE] [--github-url URL] [--hf-url URL] [--scholar-url URL]
                          [--github-token-file FILE] [--hf-token-file FILE] [--scholar-key-file FILE]
                          [--cache-file FILE] [--concurrency N] [--no-github] [--no-huggingface]
                          [--no-papers] [--no-merged-prs] [--no-portfolio] [--papers-by-email]
                          [--fail-on-source-error]

Vets candidates (JSONL, one candidate per line: id, name, email, githubUsername, resumeText,
linkedinUrl, portfolioUrls, huggingfaceUsername, orcid, semanticScholarId; stdin when --input is
not given) from their public work and the résumé, and writes one JSONL line per input line, in order:
  {"id", "roleFit", "productionEvidence", "redFlags", "score", "evidence", "sources"}
"sources" says for GitHub, Hugging Face, papers, merged PRs and portfolio pages whether each was
read ("ok"), skipped (and why), not found, or failed (with the error); a failed source is judged
without ("githubError" is kept for GitHub). A line that cannot be read, or an invalid identifier,
gives {"line": N, "error": "..."}; the exit status is then 1.

Options:
  --input FILE         JSONL candidates (default: stdin)
  --github-url URL     REST API root (default ${DEFAULT_GITHUB_URL}; Enterprise: https://HOST/api/v3)
  --hf-url URL         Hugging Face Hub root (default ${DEFAULT_HUGGINGFACE_URL}; a mirror or Enterprise Hub)
  --scholar-url URL    Semantic Scholar API root (default ${DEFAULT_SCHOLAR_URL})
  --github-token-file FILE  a file whose first line is a GitHub token (default: the GITHUB_TOKEN
                       environment variable; never printed). --github-token TOKEN still works but
                       shows the token in the process list, and warns
  --hf-token-file FILE a Hugging Face read token (default: HF_TOKEN or HUGGING_FACE_HUB_TOKEN)
  --scholar-key-file FILE  a Semantic Scholar API key (default: SEMANTIC_SCHOLAR_API_KEY or S2_API_KEY)
  --cache-file FILE    keep every source's answers with their ETags here, so a re-run is answered
                       by 304s (a GitHub 304 costs no rate limit)
  --concurrency N      candidates vetted at once (default 8)
  --no-github, --no-huggingface, --no-papers, --no-merged-prs, --no-portfolio
                       leave a source out (each is read only when the candidate names what it needs)
  --papers-by-email    also look up candidates with no semanticScholarId or orcid on Semantic Scholar
                       by name, told apart from namesakes by their email's domain (sends their names
                       to a third party, so it is off by default)
  --fail-on-source-error  a source that fails makes the line an error instead of being recorded`;

type Result = Record<string, unknown>;

/** `talent-pipeline vet`: the Candidate Enricher's Enrich and Vet over JSONL. */
export const vet: Command = async (args) => {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	let flags: Record<string, string | boolean | undefined>;
	try {
		flags = parseFlags(args, {
			input: 'string',
			'github-url': 'string',
			'hf-url': 'string',
			'scholar-url': 'string',
			'github-token': 'string',
			'github-token-file': 'string',
			'hf-token-file': 'string',
			'scholar-key-file': 'string',
			'cache-file': 'string',
			concurrency: 'string',
			'no-github': 'boolean',
			'no-huggingface': 'boolean',
			'no-papers': 'boolean',
			'no-merged-prs': 'boolean',
			'no-portfolio': 'boolean',
			'papers-by-email': 'boolean',
			'fail-on-source-error': 'boolean',
		});
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
	let hfToken: string;
	let scholarKey: string;
	try {
		token = readSecret({ command: 'vet', fileFlag: 'github-token-file', file: flags['github-token-file'], env: ['GITHUB_TOKEN'], legacyFlag: 'github-token', legacy: flags['github-token'] }) ?? '';
		hfToken = readSecret({ command: 'vet', fileFlag: 'hf-token-file', file: flags['hf-token-file'], env: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] }) ?? '';
		scholarKey = readSecret({ command: 'vet', fileFlag: 'scholar-key-file', file: flags['scholar-key-file'], env: ['SEMANTIC_SCHOLAR_API_KEY', 'S2_API_KEY'] }) ?? '';
	} catch (e) {
		process.stderr.write(`vet: ${(e as Error).message}\n`);
		return 2;
	}
	const secrets = [token, hfToken, scholarKey].filter((x) => x !== '');
	// One cache file for every source: entries are keyed by URL, so the sources never collide.
	const cache = typeof flags['cache-file'] === 'string' ? new FileEtagCache(flags['cache-file']) : undefined;
	let client: GithubClient;
	let hf: RestClient;
	let scholar: RestClient;
	try {
		client = new GithubClient({
			http: axiosHttpClient('GitHub', { secrets }),
			baseUrl: typeof flags['github-url'] === 'string' ? flags['github-url'] : DEFAULT_GITHUB_URL,
			token: token || undefined,
			secrets,
			cache,
			maxInFlight: concurrency * 4,
		});
		hf = huggingFaceClient({ http: axiosHttpClient('Hugging Face', { secrets }), baseUrl: typeof flags['hf-url'] === 'string' ? flags['hf-url'] : undefined, token: hfToken, secrets, cache, maxInFlight: concurrency * 4 });
		scholar = scholarClient({ http: axiosHttpClient('Semantic Scholar', { secrets }), baseUrl: typeof flags['scholar-url'] === 'string' ? flags['scholar-url'] : undefined, apiKey: scholarKey, secrets, cache });
	} catch (e) {
		process.stderr.write(`vet: ${(e as Error).message}\n`);
		return 2;
	}
	const redact = (text: string): string => hf.redact(client.redact(text));
	const on = (name: string): boolean => flags[`no-${name}`] !== true;
	const switches: SourceSwitches = { github: on('github'), huggingface: on('huggingface'), papers: on('papers'), mergedPrs: on('merged-prs'), portfolio: on('portfolio') };
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
			const candidate = parsed.data;
			const login = normaliseLogin(candidate.githubUsername);
			const hfName = normaliseHfUsername(candidate.huggingfaceUsername);
			checkPaperIdentifiers(candidate);
			const { github, sources } = await readCandidateSources({ github: client, huggingface: hf, scholar }, { candidate, login, huggingfaceUsername: hfName }, {
				now,
				switches,
				parallel: concurrency,
				papersByNameAndEmail: flags['papers-by-email'] === true,
			});
			if (flags['fail-on-source-error'] === true) {
				const failed = [github, ...Object.values(sources)].find((o) => o?.status === 'error') as { message: string } | undefined;
				if (failed) throw new Error(failed.message);
			}
			const v = vetCandidate({ candidate, login, github, sources, now });
			const out: Result = { id: id ?? null, roleFit: v.roleFit, productionEvidence: v.productionEvidence, redFlags: v.redFlags, score: v.score, evidence: v.evidence, sources: v.sources };
			if (github.status === 'error') out.githubError = redact(github.message);
			return JSON.parse(redact(JSON.stringify(out))) as Result;
		} catch (e) {
			failed = true;
			const message = e instanceof InputError ? `${e.field}: ${e.message}` : e instanceof Error ? e.message : String(e);
			return { line: entry.line, ...(id ? { id } : {}), error: redact(message) };
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
