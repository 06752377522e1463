import { extractPortfolioSignals } from '../../core/candidate/portfolio';
import { fetchPortfolio, htmlToText, type PortfolioFetchOptions, type PortfolioStats } from '../../transport/portfolio';
import { PortfolioTestServer } from '../servers/portfolio';

const NOW = new Date('2026-06-01T00:00:00Z');
const PAGE = `<!doctype html><html><head><title>Dana Example &amp; Co, ML Platform Engineer</title>
<style>body { color: red }</style><script>var secret = "do not read";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Work</h1>
<p>Built and maintain the online feature store: 40k requests/s at p99 12 ms, 99.95% uptime.</p>
<p>Postmortem: a bad schema migration took scoring down for 40 minutes; we <a href="https://x.example/pm">rolled back</a> and added canary checks.</p>
<h2>Talks</h2><ul><li>Talk: Feature stores in production, PyData, May 2025</li></ul>
<img src="x.png" alt="picture"></body></html>`;

const pages = {
	'https://dana.example/': { status: 200, contentType: 'text/html; charset=utf-8', body: PAGE },
	'https://dana.example/old': { status: 301, location: 'https://dana.example/' },
	'https://dana.example/relative': { status: 302, location: '/' },
	'https://dana.example/header-redirect': { status: 308, headers: { Location: 'https://dana.example/notes.txt' } },
	'https://dana.example/to-inside': { status: 302, location: 'https://inside.example/admin' },
	'https://dana.example/to-metadata': { status: 307, location: 'http://169.254.169.254/latest/meta-data/' },
	'https://dana.example/to-loopback-literal': { status: 302, location: 'http://127.0.0.2/' },
	'https://dana.example/to-file': { status: 302, location: 'file:///etc/passwd' },
	'https://dana.example/loop': { status: 302, location: 'https://dana.example/loop' },
	'https://dana.example/no-location': { status: 302 },
	'https://dana.example/cv.pdf': { status: 200, contentType: 'application/pdf', body: '%PDF-1.7' },
	'https://dana.example/photo': { status: 200, contentType: 'image/png', body: 'PNG' },
	'https://dana.example/big': { status: 200, contentType: 'text/html', body: '<p>' + 'x'.repeat(5000) + '</p>' },
	'https://dana.example/unbounded': { status: 200, contentType: 'text/html', body: '<p>start', padBytes: 4 * 1024 * 1024 },
	'https://dana.example/slow-body': { status: 200, contentType: 'text/html', body: '<p>' + 'slow '.repeat(40) + '</p>', trickle: { pieces: 40, everyMs: 50 } },
	'https://dana.example/slow-headers': { status: 200, contentType: 'text/html', body: '<p>late</p>', delayMs: 1500 },
	'https://dana.example/gz': { status: 200, contentType: 'text/html', body: '<p>Compressed talk page: Talk at KubeCon 2024</p>', gzip: true },
	'https://dana.example/latin1': { status: 200, contentType: 'text/html; charset=iso-8859-1', body: '<p>Puesta en producción del motor de recomendación</p>', latin1: true },
	'https://dana.example/notes.txt': { status: 200, contentType: 'text/plain', body: 'Shipped the ranking API to production.' },
	'https://dana.example/error': { status: 503, contentType: 'text/html', body: 'down' },
	'https://v6.example/': { status: 200, contentType: 'text/html', body: '<p>Served over IPv6.</p>' },
};

let server: PortfolioTestServer;

beforeAll(async () => {
	server = await new PortfolioTestServer({ pages, addresses: ['127.0.0.1', '127.0.0.2', '::1'] }).start();
});
afterAll(async () => {
	await server.close();
});
beforeEach(() => {
	server.reset();
});

const hosts = { 'dana.example': ['127.0.0.1'], 'inside.example': ['127.0.0.2'], 'v6.example': ['::1'] };
const allowLoopback = (over: Partial<PortfolioFetchOptions> = {}): PortfolioFetchOptions => ({ resolve: server.resolver(hosts), allowedPrivateAddresses: ['127.0.0.1'], timeoutMs: 2000, ...over });
const url = (u: string) => server.urlFor(u);

describe('fetchPortfolio: reading pages', () => {
	it('reads an HTML page into text with html-to-text: no scripts, styles, images or link targets', async () => {
		const outcome = await fetchPortfolio([url('https://dana.example/')], allowLoopback());
		expect(outcome.status).toBe('ok');
		if (outcome.status !== 'ok') return;
		const [p] = outcome.data;
		expect(p).toMatchObject({ status: 'ok', url: url('https://dana.example/'), finalUrl: url('https://dana.example/'), contentType: 'text/html', title: 'Dana Example & Co, ML Platform Engineer', truncated: false });
		if (p.status !== 'ok') return;
		expect(p.text).toContain('Work');
		expect(p.text).toContain('40k requests/s at p99 12 ms');
		expect(p.text).toContain('we rolled back and added canary checks');
		expect(p.text).not.toMatch(/do not read|color: red|x\.example\/pm|picture/);
		expect(server.totalConnections).toBe(1);

		const signals = extractPortfolioSignals(outcome.data, NOW);
		expect(signals.level).toBe('strong');
		expect(signals.evidence.every((e) => e.url === url('https://dana.example/'))).toBe(true);
	});

	it('reads plain text, gzip bodies and a declared charset', async () => {
		const outcome = await fetchPortfolio([url('https://dana.example/notes.txt'), url('https://dana.example/gz'), url('https://dana.example/latin1')], allowLoopback());
		expect(outcome.status === 'ok' && outcome.data.map((p) => (p.status === 'ok' ? p.text : p.message))).toEqual([
			'Shipped the ranking API to production.',
			'Compressed talk page: Talk at KubeCon 2024',
			'Puesta en producción del motor de recomendación',
		]);
	});

	it('reaches an IPv6 loopback server only when that address is allowed', async () => {
		const ok = await fetchPortfolio([url('https://v6.example/')], allowLoopback({ allowedPrivateAddresses: ['::1'] }));
		expect(ok.status).toBe('ok');
		expect(server.connections['::1']).toBe(1);
	});

	it('follows redirects, absolute and relative, each hop resolved and checked again', async () => {
		const resolve = server.resolver(hosts);
		const outcome = await fetchPortfolio([url('https://dana.example/old'), url('https://dana.example/relative')], allowLoopback({ resolve, parallel: 1 }));
		expect(outcome.status === 'ok' && outcome.data.map((p) => p.status === 'ok' && p.finalUrl)).toEqual([url('https://dana.example/'), url('https://dana.example/')]);
		// One resolution per connection, inside the socket's lookup: the address checked is the one connected to.
		expect(resolve.calls).toEqual(['dana.example', 'dana.example', 'dana.example', 'dana.example']);
		expect(server.totalConnections).toBe(4);
	});

	it('counts requests, refusals and bytes for the bench', async () => {
		const stats: PortfolioStats = { requests: 0, refused: 0, bytes: 0 };
		await fetchPortfolio([url('https://dana.example/old'), url('https://dana.example/to-inside'), 'http://10.0.0.1/', url('https://dana.example/to-file')], allowLoopback({ stats, parallel: 1 }));
		// old → / (2 requests), to-inside (1 request, its hop refused at lookup), 10.0.0.1 refused, to-file (1 request, its hop refused).
		expect(stats).toEqual({ requests: 4, refused: 3, bytes: Buffer.byteLength(PAGE) });
		expect(server.requests).toHaveLength(4);
	});

	it('serves data13-style fixtures: every .example host through exampleResolver and urlFor', async () => {
		const outcome = await fetchPortfolio([url('https://dana.example/header-redirect')], { resolve: server.exampleResolver(), allowedPrivateAddresses: ['127.0.0.1'] });
		expect(outcome.status === 'ok' && outcome.data[0]).toMatchObject({ status: 'ok', finalUrl: url('https://dana.example/notes.txt') });
	});

	it('a DNS answer that changes between hops is checked again (rebinding)', async () => {
		let calls = 0;
		const rebinding = async () => [{ address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 as const }];
		const outcome = await fetchPortfolio([url('https://dana.example/old')], allowLoopback({ resolve: rebinding }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringMatching(/resolves to 127\.0\.0\.2, a loopback address; refused without a request/) });
		expect(server.connections['127.0.0.1']).toBe(1);
		expect(server.connections['127.0.0.2']).toBe(0);
	});

	it('records 404 as not_found, and keeps the pages it read next to those it could not', async () => {
		expect(await fetchPortfolio([url('https://dana.example/missing')], allowLoopback())).toEqual({ status: 'not_found', url: url('https://dana.example/missing') });
		const mixed = await fetchPortfolio([url('https://dana.example/missing'), url('https://dana.example/'), url('https://dana.example/error')], allowLoopback());
		expect(mixed.status).toBe('ok');
		expect(mixed.status === 'ok' && mixed.data.map((p) => [p.status, p.status === 'ok' ? undefined : p.httpCode])).toEqual([
			['not_found', 404],
			['ok', undefined],
			['error', 503],
		]);
	});

	it('skips when there is no URL, drops duplicates and reads at most maxUrls', async () => {
		expect(await fetchPortfolio([], allowLoopback())).toEqual({ status: 'skipped', reason: 'no portfolioUrls' });
		expect(await fetchPortfolio(['  ', ''], allowLoopback())).toEqual({ status: 'skipped', reason: 'no portfolioUrls' });
		expect(await fetchPortfolio(null, allowLoopback())).toEqual({ status: 'skipped', reason: 'no portfolioUrls' });
		const same = url('https://dana.example/');
		const outcome = await fetchPortfolio([same, same, url('https://dana.example/notes.txt'), url('https://dana.example/gz')], allowLoopback({ maxUrls: 2 }));
		expect(outcome.status === 'ok' && outcome.data).toHaveLength(2);
		expect(server.requests).toHaveLength(2);
	});
});

describe('fetchPortfolio: the address guard', () => {
	it.each([
		['loopback', ['127.0.0.1']],
		['another loopback address', ['127.0.0.2']],
		['IPv6 loopback', ['::1']],
		['IPv4-mapped loopback', ['::ffff:127.0.0.1']],
		['private 10/8', ['10.0.0.7']],
		['private 192.168/16', ['192.168.1.20']],
		['cloud metadata (link-local)', ['169.254.169.254']],
		['CGNAT', ['100.64.1.1']],
		['unique-local IPv6', ['fd00::1']],
		['link-local IPv6', ['fe80::1']],
		['unspecified', ['0.0.0.0']],
		['multicast', ['224.0.0.1']],
		['a public address next to a private one', ['93.184.216.34', '127.0.0.1']],
	])('refuses a host resolving to %s, with no connection made', async (_kind, addresses) => {
		const resolve = server.resolver({ 'evil.example': addresses });
		const outcome = await fetchPortfolio([url('https://evil.example/')], { resolve, timeoutMs: 2000 });
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringMatching(/^Portfolio: portfolioUrls\[0\]: evil\.example resolves to .+ address; refused without a request$/) });
		expect(resolve.calls).toEqual(['evil.example']);
		expect(server.totalConnections).toBe(0);
		expect(server.requests).toHaveLength(0);
	});

	it.each([
		['http://127.0.0.1:PORT/', 'loopback'],
		['http://[::1]:PORT/', 'loopback'],
		['http://[::ffff:127.0.0.1]:PORT/', 'IPv4-mapped loopback'],
		['http://2130706433:PORT/', 'loopback'],
		['http://0x7f.0.0.1:PORT/', 'loopback'],
		['http://127.1:PORT/', 'loopback'],
		['http://10.1.2.3/', 'private'],
		['http://169.254.169.254/latest/meta-data/', 'link-local'],
		['http://[fd12::1]/', 'unique-local'],
	])('refuses the IP literal %s before any lookup or connection', async (raw, kind) => {
		const resolve = server.resolver({});
		const outcome = await fetchPortfolio([raw.replace('PORT', String(server.port))], { resolve, timeoutMs: 2000 });
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining(`a ${kind} address; refused without a request`) });
		expect(resolve.calls).toEqual([]);
		expect(server.totalConnections).toBe(0);
	});

	it('the allow-list is exact: another loopback address stays refused', async () => {
		const outcome = await fetchPortfolio([url('https://inside.example/')], allowLoopback());
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('inside.example resolves to 127.0.0.2, a loopback address') });
		expect(server.connections['127.0.0.2']).toBe(0);
	});

	it.each([
		['to a host resolving inside', 'https://dana.example/to-inside', /redirect from .+: inside\.example resolves to 127\.0\.0\.2, a loopback address/],
		['to the metadata address', 'https://dana.example/to-metadata', /redirect from .+: http:\/\/169\.254\.169\.254\/latest\/meta-data\/ is a link-local address/],
		['to a loopback literal', 'https://dana.example/to-loopback-literal', /redirect from .+: http:\/\/127\.0\.0\.2\/ is a loopback address/],
		['to file:', 'https://dana.example/to-file', /redirect from .+: only http\(s\) pages are read, not file:/],
	])('refuses a redirect %s without requesting it', async (_name, start, message) => {
		const outcome = await fetchPortfolio([url(start)], allowLoopback());
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringMatching(message) });
		expect(server.requests).toHaveLength(1);
		expect(server.connections['127.0.0.2']).toBe(0);
	});

	it('stops after maxRedirects hops', async () => {
		const outcome = await fetchPortfolio([url('https://dana.example/loop')], allowLoopback({ maxRedirects: 2 }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('redirects more than 2 times'), httpCode: 302 });
		expect(server.requests).toHaveLength(3);
		const bare = await fetchPortfolio([url('https://dana.example/no-location')], allowLoopback());
		expect(bare).toMatchObject({ status: 'error', message: expect.stringContaining('without a Location') });
	});

	it.each([
		['ftp://dana.example/cv', /only http\(s\) pages are read, not ftp:/],
		['javascript:alert(1)', /only http\(s\) pages are read/],
		['dana.example/no-scheme', /is not a URL/],
		['https://user:hunter2@dana.example/', /carries credentials in the URL/],
	])('refuses %s, naming the field', async (raw, message) => {
		const outcome = await fetchPortfolio(['https://ok.example/', raw], { resolve: server.resolver({}), timeoutMs: 2000 });
		expect(outcome.status).toBe('error');
		const text = outcome.status === 'error' ? outcome.message : '';
		expect(text).toMatch(/portfolioUrls\[1\]: /);
		expect(text).toMatch(message);
		expect(text).not.toContain('hunter2');
		expect(server.totalConnections).toBe(0);
	});
});

describe('fetchPortfolio: size, time and type caps', () => {
	it('refuses a body whose Content-Length is over the cap without reading it', async () => {
		const outcome = await fetchPortfolio([url('https://dana.example/big')], allowLoopback({ maxBytes: 1024 }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('is larger than 1 KB') });
	});

	it('stops reading a body that grows past the cap', async () => {
		const started = Date.now();
		const outcome = await fetchPortfolio([url('https://dana.example/unbounded')], allowLoopback({ maxBytes: 64 * 1024 }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('the page is larger than 64 KB') });
		expect(Date.now() - started).toBeLessThan(2000);
	});

	it('gives up on a body that trickles past the deadline', async () => {
		const started = Date.now();
		const outcome = await fetchPortfolio([url('https://dana.example/slow-body')], allowLoopback({ timeoutMs: 400 }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('did not arrive in time') });
		expect(Date.now() - started).toBeLessThan(1500);
	});

	it('gives up on headers that come too late', async () => {
		const started = Date.now();
		const outcome = await fetchPortfolio([url('https://dana.example/slow-headers')], allowLoopback({ timeoutMs: 300 }));
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('did not answer in time') });
		expect(Date.now() - started).toBeLessThan(1200);
	});

	it.each([
		['https://dana.example/cv.pdf', 'application/pdf'],
		['https://dana.example/photo', 'image/png'],
	])('refuses %s: not a web page', async (u, type) => {
		const outcome = await fetchPortfolio([url(u)], allowLoopback());
		expect(outcome).toMatchObject({ status: 'error', httpCode: 200, message: expect.stringContaining(`is not a web page (content type ${type})`) });
	});

	it('an unknown host is an error, not a crash', async () => {
		const outcome = await fetchPortfolio([url('https://unknown.example/')], allowLoopback());
		expect(outcome).toMatchObject({ status: 'error', message: expect.stringContaining('could not be reached (ENOTFOUND)') });
	});
});

describe('htmlToText', () => {
	it('keeps headings as written and table cells, drops links and images', () => {
		const text = htmlToText('<h2>On-call</h2><table><tr><th>System</th><th>p99</th></tr><tr><td>Ranking API</td><td>30 ms</td></tr></table><a href="https://t.example/">link</a><img alt="x">');
		expect(text).toContain('On-call');
		expect(text).toMatch(/Ranking API\s+30 ms/);
		expect(text).not.toContain('t.example');
	});
});
