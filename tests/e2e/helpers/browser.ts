/**
 * Headless Chromium through chromedriver (Debian packages `chromium`, `chromium-driver`), spoken to over the
 * W3C WebDriver HTTP protocol on loopback: no browser download, no npm driver package.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { freePort, spawnLogged, sleep, waitFor, type Managed } from './proc';

export function chromiumPaths(): { browser: string; driver: string } | undefined {
	const browser = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
	const driver = ['/usr/bin/chromedriver', '/usr/lib/chromium/chromedriver'].find((p) => existsSync(p));
	return browser && driver ? { browser, driver } : undefined;
}

export class Browser {
	private constructor(
		private readonly driver: Managed,
		private readonly url: string,
		private readonly session: string,
	) {}

	/** Starts chromedriver and one headless Chromium session of the given window size. */
	static async start(logDir: string, width = 1600, height = 900): Promise<Browser> {
		const paths = chromiumPaths();
		if (!paths) throw new Error('chromium and chromedriver are not installed (apt-get install chromium chromium-driver)');
		const port = await freePort();
		const driver = spawnLogged('chromedriver', paths.driver, [`--port=${port}`, '--allowed-ips=127.0.0.1'], {
			logPath: path.join(logDir, 'chromedriver.log'),
		});
		const url = `http://127.0.0.1:${port}`;
		try {
			await waitFor(
				'chromedriver',
				async () => {
					const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) });
					const body = (await res.json()) as { value?: { ready?: boolean } };
					return body.value?.ready ? true : undefined;
				},
				{ timeoutMs: 30_000, proc: driver },
			);
			const res = await fetch(`${url}/session`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					capabilities: {
						alwaysMatch: {
							browserName: 'chrome',
							'goog:chromeOptions': {
								binary: paths.browser,
								args: [
									'--headless=new',
									'--no-sandbox',
									'--disable-gpu',
									'--disable-dev-shm-usage',
									'--no-first-run',
									'--hide-scrollbars',
									`--window-size=${width},${height}`,
									'--force-device-scale-factor=1',
								],
							},
						},
					},
				}),
				signal: AbortSignal.timeout(60_000),
			});
			const body = (await res.json()) as { value: { sessionId?: string; message?: string } };
			if (!body.value.sessionId) throw new Error(`chromedriver refused a session: ${body.value.message ?? res.status}`);
			return new Browser(driver, url, body.value.sessionId);
		} catch (error) {
			await driver.stop(5000);
			throw error;
		}
	}

	private async command<T>(method: string, route: string, body?: unknown): Promise<T> {
		const res = await fetch(`${this.url}/session/${this.session}${route}`, {
			method,
			headers: body !== undefined ? { 'content-type': 'application/json' } : {},
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(60_000),
		});
		const json = (await res.json()) as { value: T & { error?: string; message?: string } };
		if (res.status >= 300) throw new Error(`WebDriver ${method} ${route}: ${json.value?.error ?? res.status}: ${json.value?.message ?? ''}`);
		return json.value;
	}

	async goto(url: string): Promise<void> {
		await this.command('POST', '/url', { url });
	}

	async addCookie(name: string, value: string): Promise<void> {
		await this.command('POST', '/cookie', { cookie: { name, value, path: '/', httpOnly: true } });
	}

	/** Runs a function body in the page; `arguments` holds `args`. */
	async execute<T>(script: string, ...args: unknown[]): Promise<T> {
		return this.command<T>('POST', '/execute/sync', { script, args });
	}

	/** Polls a script until it returns a truthy value (bounded). */
	async waitForScript<T>(what: string, script: string, timeoutMs = 60_000): Promise<T> {
		return waitFor(what, async () => (await this.execute<T>(script)) || undefined, { timeoutMs, intervalMs: 300 });
	}

	/** A PNG of the viewport. */
	async screenshot(): Promise<Buffer> {
		return Buffer.from(await this.command<string>('GET', '/screenshot'), 'base64');
	}

	async settle(ms = 500): Promise<void> {
		await sleep(ms);
	}

	async close(): Promise<void> {
		try {
			await this.command('DELETE', '');
		} catch {
			// the driver is going away anyway
		}
		await this.driver.stop(5000);
	}
}
