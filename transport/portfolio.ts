/**
 * Portfolio pages transport (issue 13, item 4): fetches the pages a candidate
 * lists in `portfolioUrls` and turns their HTML into text, safely.
 *
 * These URLs are written by whoever fills in the form, so this is a
 * server-side request to an address a stranger chose (SSRF). The guard:
 * - only http(s) URLs, without credentials in them;
 * - every address a host name resolves to must be public (core/address.ts:
 *   no private, loopback, link-local, unique-local, CGNAT, multicast,
 *   unspecified or reserved address, nor an IPv4-mapped/NAT64/6to4 form of
 *   one); an IP literal is checked the same way before anything is sent;
 * - the check runs inside the socket's own `lookup`, so the address that was
 *   checked is the address connected to: a DNS answer cannot change between
 *   the check and the connection (DNS rebinding);
 * - redirects are followed by hand, at most `maxRedirects`, each hop checked
 *   again the same way;
 * - one deadline for the whole URL (every hop, headers and body), a size cap
 *   on the body (after decompression), and only HTML or plain text is read.
 *
 * Why Node's http/https here and not n8n's `httpRequestWithAuthentication`
 * (house style 5): there is no credential to apply, and n8n's helper resolves
 * and connects on its own, so it cannot pin the address that was checked nor
 * re-check each redirect hop; it also follows proxy settings, which would
 * make the address check meaningless. No proxy is used for these requests.
 */
import { promises as dns } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

import { convert } from 'html-to-text';

import { addressRefusal } from '../core/address';
import { mapLimit } from '../core/concurrency';
import type { PortfolioPage } from '../core/candidate/portfolio';
import { RESUME_THRESHOLDS } from '../core/candidate/rules';
import type { SourceOutcome } from '../core/candidate/sources';
import { ServiceError } from '../core/errors';
import { readBoundedBody, type BodyStream } from '../core/http';
import { startDeadline } from '../core/timers';

const SERVICE = 'Portfolio';

/** One address a host name resolves to. */
export interface ResolvedAddress {
	address: string;
	family: 4 | 6;
}

/** Resolves a host name to every address it has (default: the system resolver, as `dns.lookup` with `all`). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** What the portfolio fetches cost, for `npm run bench` and logs (pass one object to add up a run). */
export interface PortfolioStats {
	/** HTTP requests sent (every redirect hop is one). */
	requests: number;
	/** URLs and redirect hops refused by the guard without a request. */
	refused: number;
	/** Body bytes read, after decompression. */
	bytes: number;
}

export interface PortfolioFetchOptions {
	/** URLs read per candidate (default 5, at most 10); the rest are ignored. */
	maxUrls?: number;
	/** Redirect hops followed per URL (default 3, at most 5), each one checked again. */
	maxRedirects?: number;
	/** Largest body read, after decompression (default 2 MB, at most 10 MB). */
	maxBytes?: number;
	/** One deadline per URL for every hop, the headers and the whole body (default 10 s). */
	timeoutMs?: number;
	/** URLs fetched at once (default 3). */
	parallel?: number;
	/** Injectable resolver (tests map `.example` hosts to loopback addresses). */
	resolve?: Resolver;
	/**
	 * Exact addresses that may be connected to although they are not public
	 * (tests on loopback; an operator's own portfolio mirror). Empty by default:
	 * without it, nothing but public addresses is ever reached.
	 */
	allowedPrivateAddresses?: readonly string[];
	/** The input field the URLs came from, for messages (default `portfolioUrls`). */
	field?: string;
	userAgent?: string;
	/** Counters to add this fetch's requests, refusals and bytes to. */
	stats?: PortfolioStats;
}

const DEFAULTS = { maxUrls: 5, maxRedirects: 3, maxBytes: 2 * 1024 * 1024, timeoutMs: 10_000, parallel: 3 } as const;
const READABLE = /^(?:text\/html|application\/xhtml\+xml|text\/plain|text\/markdown)$/i;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Why one URL could not be read; becomes a non-ok PortfolioPage. */
class PageFailure extends Error {
	constructor(
		readonly kind: 'refused' | 'not_found' | 'error',
		message: string,
		readonly httpCode?: number,
	) {
		super(message);
	}
}

/** The URL as messages show it: scheme, host and path only (a query may carry a share token; userinfo a password). */
function display(url: URL): string {
	const text = `${url.protocol}//${url.host}${url.pathname}`;
	return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

const bare = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1');
const isIpLiteral = (hostname: string): boolean => /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');

/**
 * Parses one portfolio URL and applies the checks that need no DNS: http(s),
 * no credentials, a host, and for an IP literal the address check itself.
 * Throws a PageFailure (`refused`) that says why.
 */
function checkUrl(raw: string, allowed: ReadonlySet<string>): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new PageFailure('refused', `'${raw.slice(0, 80)}' is not a URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PageFailure('refused', `only http(s) pages are read, not ${url.protocol.replace(/:$/, '')}:`);
	if (url.username || url.password) throw new PageFailure('refused', `${url.protocol}//${url.host}/ carries credentials in the URL; remove them`);
	if (!url.hostname) throw new PageFailure('refused', 'the URL has no host');
	// The WHATWG parser has already turned 0x7f.1, 2130706433 and the like into dotted quads.
	if (isIpLiteral(url.hostname)) {
		const address = bare(url.hostname);
		const why = allowed.has(address) ? null : addressRefusal(address);
		if (why) throw new PageFailure('refused', `${display(url)} is a ${why} address; refused without a request`);
	}
	return url;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A socket `lookup` that resolves the host, refuses it when any address is
 * not public (a name that also points inward is not trusted for its public
 * addresses either), and hands the socket only the addresses it checked.
 */
function guardedLookup(resolve: Resolver, allowed: ReadonlySet<string>, seen: { refusal?: PageFailure }) {
	return (hostname: string, options: { family?: number | string; all?: boolean }, callback: LookupCallback): void => {
		resolve(hostname).then(
			(addresses) => {
				if (addresses.length === 0) {
					const error: NodeJS.ErrnoException = new Error(`${hostname} has no address`);
					error.code = 'ENOTFOUND';
					return callback(error, '');
				}
				for (const a of addresses) {
					const why = allowed.has(a.address) ? null : addressRefusal(a.address);
					if (why) {
						seen.refusal = new PageFailure('refused', `${hostname} resolves to ${a.address}, a ${why} address; refused without a request`);
						return callback(seen.refusal as NodeJS.ErrnoException, '');
					}
				}
				const family = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
				const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
				if (usable.length === 0) {
					const error: NodeJS.ErrnoException = new Error(`${hostname} has no IPv${family} address`);
					error.code = 'ENOTFOUND';
					return callback(error, '');
				}
				if (options.all) return callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
				return callback(null, usable[0].address, usable[0].family);
			},
			(error: unknown) => callback(error instanceof Error ? (error as NodeJS.ErrnoException) : new Error('lookup failed'), ''),
		);
	};
}

const systemResolver: Resolver = async (hostname) => {
	const answers = await dns.lookup(hostname, { all: true, verbatim: true });
	return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

interface Hop {
	res: IncomingMessage;
}

/** One GET, no redirects followed, through the guarded lookup; rejects with a PageFailure. */
function getOnce(url: URL, deadlineAt: number, lookup: ReturnType<typeof guardedLookup>, seen: { refusal?: PageFailure }, userAgent: string): Promise<Hop> {
	return new Promise<Hop>((resolve, reject) => {
		const remaining = deadlineAt - Date.now();
		if (remaining <= 0) return reject(new PageFailure('error', `${display(url)} did not answer in time`));
		const request = (url.protocol === 'https:' ? https : http).request(
			{
				protocol: url.protocol,
				hostname: bare(url.hostname),
				port: url.port || (url.protocol === 'https:' ? 443 : 80),
				path: `${url.pathname}${url.search}`,
				method: 'GET',
				// No pooled sockets: every request resolves, and is checked, afresh.
				agent: false,
				lookup: lookup as unknown as http.RequestOptions['lookup'],
				headers: {
					accept: 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5',
					'accept-encoding': 'gzip, deflate, br',
					'user-agent': userAgent,
				},
			},
			(res) => {
				timer.cancel();
				resolve({ res });
			},
		);
		const timer = startDeadline(remaining, () => request.destroy(new PageFailure('error', `${display(url)} did not answer in time`)));
		request.on('error', (error) => {
			timer.cancel();
			if (seen.refusal) return reject(seen.refusal);
			if (error instanceof PageFailure) return reject(error);
			const code = (error as NodeJS.ErrnoException).code;
			reject(new PageFailure('error', `${display(url)} could not be reached${code ? ` (${code})` : ''}`));
		});
		request.end();
	});
}

function decoded(res: IncomingMessage): BodyStream {
	const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
	if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(createGunzip());
	if (encoding === 'deflate') return res.pipe(createInflate());
	if (encoding === 'br') return res.pipe(createBrotliDecompress());
	if (encoding !== 'identity' && encoding !== '') throw new PageFailure('error', `the page is sent with an unknown content encoding (${encoding.slice(0, 40)})`);
	return res;
}

function charsetOf(contentType: string): string {
	const m = /charset\s*=\s*"?([\w.:-]{1,40})"?/i.exec(contentType);
	return m ? m[1] : 'utf-8';
}

function decode(body: Buffer, charset: string): string {
	try {
		return new TextDecoder(charset, { fatal: false }).decode(body);
	} catch {
		return new TextDecoder('utf-8').decode(body);
	}
}

/** HTML to plain text with html-to-text: no links, images, scripts or styles; headings kept as written. */
export function htmlToText(html: string): string {
	const heading = (selector: string) => ({ selector, options: { uppercase: false } });
	return convert(html, {
		wordwrap: false,
		selectors: [
			{ selector: 'a', options: { ignoreHref: true } },
			{ selector: 'img', format: 'skip' },
			{ selector: 'script', format: 'skip' },
			{ selector: 'style', format: 'skip' },
			{ selector: 'noscript', format: 'skip' },
			{ selector: 'svg', format: 'skip' },
			{ selector: 'template', format: 'skip' },
			{ selector: 'iframe', format: 'skip' },
			{ selector: 'form', format: 'skip' },
			{ selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
			...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map(heading),
		],
	})
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

function titleOf(html: string): string | null {
	const m = /<title\b[^<>]{0,200}>([^<]{0,500})<\/title>/i.exec(html);
	if (!m) return null;
	const title = htmlToText(`<p>${m[1]}</p>`).replace(/\s+/g, ' ').trim();
	return title === '' ? null : title.slice(0, 300);
}

interface Limits {
	maxRedirects: number;
	maxBytes: number;
	timeoutMs: number;
	resolve: Resolver;
	allowed: ReadonlySet<string>;
	userAgent: string;
	stats: PortfolioStats;
}

/** Fetches one URL through the guard, following checked redirects; a PageFailure says why not. */
async function fetchPage(raw: string, limits: Limits): Promise<Extract<PortfolioPage, { status: 'ok' }>> {
	const deadlineAt = Date.now() + limits.timeoutMs;
	const check = (text: string): URL => {
		try {
			return checkUrl(text, limits.allowed);
		} catch (error) {
			limits.stats.refused++;
			throw error;
		}
	};
	let url = check(raw);
	/** The hop that redirected here, named in a refusal of this one. */
	let from: URL | undefined;
	for (let hop = 0; ; hop++) {
		const seen: { refusal?: PageFailure } = {};
		let res: IncomingMessage;
		try {
			limits.stats.requests++;
			({ res } = await getOnce(url, deadlineAt, guardedLookup(limits.resolve, limits.allowed, seen), seen, limits.userAgent));
		} catch (error) {
			// A refusal inside the lookup happened before any connection: no request went out.
			if (seen.refusal) {
				limits.stats.requests--;
				limits.stats.refused++;
			}
			if (error instanceof PageFailure && from) throw new PageFailure(error.kind, `redirect from ${display(from)}: ${error.message}`, error.httpCode);
			throw error;
		}
		const status = res.statusCode ?? 0;
		if (REDIRECTS.has(status)) {
			res.destroy();
			const location = res.headers.location;
			if (!location) throw new PageFailure('error', `${display(url)} answered ${status} without a Location`, status);
			if (hop >= limits.maxRedirects) throw new PageFailure('error', `${display(url)} redirects more than ${limits.maxRedirects} times`, status);
			let next: URL;
			try {
				next = new URL(location, url);
			} catch {
				throw new PageFailure('error', `${display(url)} redirects to something that is not a URL`, status);
			}
			// The next hop is checked as the first was: scheme, credentials, literal address here, resolved address at connect.
			try {
				from = url;
				url = check(next.toString());
			} catch (error) {
				if (error instanceof PageFailure) throw new PageFailure(error.kind, `redirect from ${display(url)}: ${error.message}`, status);
				throw error;
			}
			continue;
		}
		if (status === 404 || status === 410) {
			res.destroy();
			throw new PageFailure('not_found', `${display(url)} answered ${status}`, status);
		}
		if (status < 200 || status >= 300) {
			res.destroy();
			throw new PageFailure('error', `${display(url)} answered HTTP ${status}`, status);
		}
		const contentType = String(res.headers['content-type'] ?? 'text/html');
		const mime = contentType.split(';')[0].trim();
		if (!READABLE.test(mime)) {
			res.destroy();
			throw new PageFailure('error', `${display(url)} is not a web page (content type ${mime.slice(0, 60)}); only HTML and plain text are read`, status);
		}
		const length = Number(res.headers['content-length']);
		if (Number.isFinite(length) && length > limits.maxBytes) {
			res.destroy();
			throw new PageFailure('error', `${display(url)} is larger than ${Math.round(limits.maxBytes / 1024)} KB (${length} bytes); not read`, status);
		}
		let body: Buffer;
		try {
			body = await readBoundedBody(decoded(res), { service: SERVICE, maxBytes: limits.maxBytes, deadlineAt });
		} catch (error) {
			res.destroy();
			if (error instanceof PageFailure) throw error;
			const why = error instanceof ServiceError ? error.message : 'the answer was cut off';
			throw new PageFailure('error', `${display(url)}: ${/larger than/.test(why) ? `the page is larger than ${Math.round(limits.maxBytes / 1024)} KB` : why}`, status);
		}
		limits.stats.bytes += body.length;
		const source = decode(body, charsetOf(contentType));
		const html = /html/i.test(mime);
		const full = html ? htmlToText(source) : source.trim();
		const max = RESUME_THRESHOLDS.maxChars;
		return {
			status: 'ok',
			url: raw,
			finalUrl: url.toString(),
			contentType: mime,
			title: html ? titleOf(source) : null,
			text: full.slice(0, max),
			truncated: full.length > max,
		};
	}
}

/**
 * Fetches a candidate's portfolio pages (at most `maxUrls`, duplicates
 * dropped) through the address guard. `skipped` when there is no URL; `ok`
 * with every page (read or not, each with its reason) when at least one was
 * read; `not_found` when every page answered 404; otherwise `error`, with
 * each URL's reason and the input field it came from. Never throws for a URL
 * or a remote's answer: a failing portfolio degrades to the other sources.
 */
export async function fetchPortfolio(urls: readonly string[] | null | undefined, options: PortfolioFetchOptions = {}): Promise<SourceOutcome<PortfolioPage[]>> {
	const field = options.field ?? 'portfolioUrls';
	const given = (urls ?? []).map((u, index) => ({ url: typeof u === 'string' ? u.trim() : '', index })).filter((u) => u.url !== '');
	const unique = given.filter((u, i) => given.findIndex((v) => v.url === u.url) === i).slice(0, Math.max(1, Math.min(10, options.maxUrls ?? DEFAULTS.maxUrls)));
	if (unique.length === 0) return { status: 'skipped', reason: `no ${field}` };
	const limits: Limits = {
		maxRedirects: Math.max(0, Math.min(5, options.maxRedirects ?? DEFAULTS.maxRedirects)),
		maxBytes: Math.max(1024, Math.min(10 * 1024 * 1024, options.maxBytes ?? DEFAULTS.maxBytes)),
		timeoutMs: Math.max(100, options.timeoutMs ?? DEFAULTS.timeoutMs),
		resolve: options.resolve ?? systemResolver,
		allowed: new Set((options.allowedPrivateAddresses ?? []).map(bare)),
		userAgent: options.userAgent ?? 'n8n-nodes-talent-pipeline',
		stats: options.stats ?? { requests: 0, refused: 0, bytes: 0 },
	};
	const pages = await mapLimit(unique, options.parallel ?? DEFAULTS.parallel, async ({ url, index }): Promise<PortfolioPage> => {
		try {
			return await fetchPage(url, limits);
		} catch (error) {
			const failure = error instanceof PageFailure ? error : new PageFailure('error', 'the page could not be read');
			const message = `${field}[${index}]: ${failure.message}`;
			return failure.httpCode === undefined ? { status: failure.kind, url, message } : { status: failure.kind, url, message, httpCode: failure.httpCode };
		}
	});
	if (pages.some((p) => p.status === 'ok')) return { status: 'ok', data: pages };
	if (pages.every((p) => p.status === 'not_found')) return { status: 'not_found', url: pages[0].url };
	const failed = pages.filter((p): p is Exclude<PortfolioPage, { status: 'ok' }> => p.status !== 'ok');
	const codes = [...new Set(failed.map((p) => p.httpCode).filter((c): c is number => c !== undefined))];
	const message = `${SERVICE}: ${failed.map((p) => p.message).join('; ')}`.slice(0, 1000);
	return codes.length === 1 ? { status: 'error', message, httpCode: codes[0] } : { status: 'error', message };
}
