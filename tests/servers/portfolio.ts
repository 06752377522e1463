/**
 * A web server for portfolio pages on loopback addresses (127.0.0.1 by
 * default, plus any of 127.0.0.2 or ::1 for refusal tests), serving pages by
 * URL as data13's portfolio.json holds them
 * (`{ "<url>": { status, contentType, body } }`), plus what the tests need of
 * a hostile web: redirects (`location`), slow headers, bodies that trickle,
 * bodies larger than they say, gzip. Hosts are matched without the port, so
 * `https://someone.example/talks` is served at
 * `http://someone.example:<port>/talks` (see `urlFor`) once a resolver maps
 * the host to a loopback address (see `resolver`). Counts connections per
 * listening address: a refused fetch must leave them at zero.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

import type { ResolvedAddress, Resolver } from '../../transport/portfolio';

export interface PortfolioFixturePage {
	status: number;
	contentType?: string;
	body?: string;
	/** For 3xx: the Location (an absolute `.example` URL is rewritten to this server's port). */
	location?: string;
	headers?: Record<string, string>;
	/** Wait before the headers. */
	delayMs?: number;
	/** Send the body in this many pieces, `trickleMs` apart. */
	trickle?: { pieces: number; everyMs: number };
	/** Send this many bytes of filler after the body, without a Content-Length. */
	padBytes?: number;
	gzip?: boolean;
	/** Body bytes in this charset (latin1 only, for charset tests). */
	latin1?: boolean;
}

export interface PortfolioServerOptions {
	pages: Record<string, PortfolioFixturePage>;
	/** Loopback addresses to listen on, all on one port (default ['127.0.0.1']). */
	addresses?: string[];
}

export interface PortfolioRequest {
	address: string;
	host: string;
	path: string;
}

/** Host and path of a URL without scheme and port: the key pages are found by. */
function keyOf(url: string): string {
	const u = new URL(url);
	return `${u.hostname}${u.pathname}${u.search}`;
}

export class PortfolioTestServer {
	port = 0;
	readonly requests: PortfolioRequest[] = [];
	/** Connections accepted, by listening address. */
	readonly connections: Record<string, number> = {};
	private readonly servers: Server[] = [];
	private readonly sockets = new Set<Socket>();
	private readonly pages = new Map<string, PortfolioFixturePage>();
	/** Pending waits, ended by close() so no timer outlives the server. */
	private readonly waits = new Set<() => void>();

	constructor(readonly options: PortfolioServerOptions) {
		for (const [url, page] of Object.entries(options.pages)) this.pages.set(keyOf(url), page);
	}

	async start(): Promise<this> {
		for (const address of this.options.addresses ?? ['127.0.0.1']) {
			const server = createServer((req, res) => {
				void this.handle(address, req, res);
			});
			this.connections[address] = 0;
			server.on('connection', (s) => {
				this.connections[address]++;
				this.sockets.add(s);
				s.on('close', () => this.sockets.delete(s));
			});
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(this.port, address, () => resolve());
			});
			if (this.port === 0) this.port = (server.address() as AddressInfo).port;
			this.servers.push(server);
		}
		return this;
	}

	async close(): Promise<void> {
		for (const end of this.waits) end();
		for (const s of this.sockets) s.destroy();
		await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
	}

	reset(): void {
		this.requests.length = 0;
		for (const k of Object.keys(this.connections)) this.connections[k] = 0;
	}

	/** Connections accepted on every address together. */
	get totalConnections(): number {
		return Object.values(this.connections).reduce((a, b) => a + b, 0);
	}

	/** The URL a fixture page is fetched at: http, this server's port. */
	urlFor(url: string): string {
		const u = new URL(url);
		return `http://${u.host.replace(/:\d+$/, '')}:${this.port}${u.pathname}${u.search}`;
	}

	/**
	 * A resolver for data13-style fixtures: every `.example` host answers this
	 * server's first address (pass that address in `allowedPrivateAddresses`).
	 */
	exampleResolver(): Resolver & { calls: string[] } {
		const address = (this.options.addresses ?? ['127.0.0.1'])[0];
		const hosts = new Proxy<Record<string, string[]>>({}, { get: (_t, host) => (typeof host === 'string' && host.endsWith('.example') ? [address] : undefined) });
		return this.resolver(hosts);
	}

	/** A resolver that answers from `hosts` (host → addresses) and counts its calls. */
	resolver(hosts: Record<string, string[]>): Resolver & { calls: string[] } {
		const calls: string[] = [];
		const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
			calls.push(hostname);
			const list = hosts[hostname];
			if (!list) {
				const error: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
				error.code = 'ENOTFOUND';
				throw error;
			}
			return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
		};
		return Object.assign(resolve, { calls });
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const end = (): void => {
				clearTimeout(timer);
				this.waits.delete(end);
				resolve();
			};
			const timer = setTimeout(end, ms);
			this.waits.add(end);
		});
	}

	/** Resolves once the response can take more, or is gone. */
	private drained(res: ServerResponse): Promise<void> {
		return new Promise((resolve) => {
			const done = (): void => {
				res.off('drain', done);
				res.off('close', done);
				resolve();
			};
			res.on('drain', done);
			res.on('close', done);
		});
	}

	private async handle(address: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const host = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
		const path = req.url ?? '/';
		this.requests.push({ address, host, path });
		const page = this.pages.get(`${host}${path}`);
		if (!page) {
			res.writeHead(404, { 'content-type': 'text/html' });
			res.end('<h1>Not Found</h1>');
			return;
		}
		if (page.delayMs) await this.sleep(page.delayMs);
		if (res.destroyed) return;
		const headers: Record<string, string> = { ...(page.contentType ? { 'content-type': page.contentType } : {}), ...page.headers };
		// A Location given either way; an absolute `.example` one is moved to this server's port.
		const location = page.location ?? headers.location ?? headers.Location;
		delete headers.Location;
		if (location) headers.location = /^https?:\/\/[^/]+\.example(?::\d+)?(?:[/?#]|$)/.test(location) ? this.urlFor(location) : location;
		let body: Buffer = page.latin1 ? Buffer.from(page.body ?? '', 'latin1') : Buffer.from(page.body ?? '', 'utf8');
		if (page.gzip) {
			body = gzipSync(body);
			headers['content-encoding'] = 'gzip';
		}
		if (!page.trickle && !page.padBytes) headers['content-length'] = String(body.length);
		res.writeHead(page.status, headers);
		if (page.trickle) {
			const size = Math.ceil(body.length / page.trickle.pieces);
			for (let i = 0; i < body.length && !res.destroyed; i += size) {
				res.write(body.subarray(i, i + size));
				await this.sleep(page.trickle.everyMs);
			}
			if (!res.destroyed) res.end();
			return;
		}
		res.write(body);
		if (page.padBytes) {
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			for (let sent = 0; sent < page.padBytes && !res.destroyed; sent += chunk.length) {
				if (!res.write(chunk)) await this.drained(res);
			}
		}
		if (!res.destroyed) res.end();
	}
}

