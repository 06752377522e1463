/**
 * Browser check: headless Chromium opens the n8n editor on each example workflow and confirms that the
 * package's nodes render on the canvas with their own icons (loaded, not the fallback), and that a user finds
 * every node by its name and by "talent" when typing into the node panel's search. The screenshots are
 * the pictures README shows: TP_E2E_UPDATE_SCREENSHOTS=1 writes them to docs/images/, otherwise they go to
 * the test's temporary folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Browser } from './helpers/browser';
import { makeWorkDir, packedTarball, removeWorkDir } from './helpers/context';
import { N8nClient, startN8n, type N8nInstance } from './helpers/n8n';
import { provisionExamples, type Provisioned } from './helpers/provision';
import { REPO } from './helpers/runtime';

let work: string;
let n8n: N8nInstance | undefined;
let browser: Browser | undefined;
let client: N8nClient;
let setup: Provisioned;

const imagesDir = process.env.TP_E2E_UPDATE_SCREENSHOTS === '1' ? path.join(REPO, 'docs', 'images') : undefined;

beforeAll(async () => {
	work = makeWorkDir('browser');
	n8n = await startN8n({ workDir: work, tarball: packedTarball() });
	client = new N8nClient(n8n.baseUrl);
	await client.bootstrap();
	setup = await provisionExamples(client, { headerSecret: 'browser-check', smtp: { host: '127.0.0.1', port: 1025 } });
	browser = await Browser.start(work, 1600, 1000);
	// A session for the browser: open the origin, then hand it the login cookie.
	await browser.goto(`${n8n.baseUrl}/signin`);
	await browser.addCookie('n8n-auth', await client.browserSessionCookie());
}, 5 * 60_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	removeWorkDir(work);
}, 60_000);

/** What the canvas shows for each node: its label, and the icon images with whether they loaded. */
const CANVAS_NODES = `
	const nodes = [...document.querySelectorAll('[data-test-id="canvas-node"]')];
	return nodes.map((n) => ({
		name: n.getAttribute('data-node-name') || (n.querySelector('[data-test-id="canvas-node-box-title"]') || {}).textContent || n.textContent.trim().slice(0, 60),
		type: n.getAttribute('data-node-type'),
		icons: [...n.querySelectorAll('img')].map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })),
	}));
`;

interface CanvasNode {
	name: string;
	type: string | null;
	icons: Array<{ src: string | null; loaded: boolean }>;
}

const PACKAGE_NODES: Record<string, string[]> = {
	'lead-intake.json': ['leadClassifier', 'briefRouter', 'candidateEnricher', 'outreach'],
	'candidate-vetting.json': ['candidateEnricher'],
	'outreach-follow-up.json': ['outreach'],
};

describe('the n8n editor renders the package nodes', () => {
	for (const [file, icons] of Object.entries(PACKAGE_NODES)) {
		test(`${file}: the package's nodes render with their icons`, async () => {
			const wf = setup.workflows[file];
			const expected = (await client.api<{ nodes: Array<{ type: string }> }>('GET', `/workflows/${wf.id}`)).nodes.filter(
				(n) => n.type !== 'n8n-nodes-base.stickyNote',
			).length;
			await browser!.goto(`${n8n!.baseUrl}/workflow/${wf.id}`);
			const nodes = await browser!.waitForScript<CanvasNode[]>(
				`${expected} canvas nodes with loaded icons`,
				`const list = (function () { ${CANVAS_NODES} })();
				 return list.length >= ${expected} && list.every((n) => n.icons.every((i) => i.loaded)) ? list : null;`,
				90_000,
			);
			const srcs = nodes.flatMap((n) => n.icons.map((i) => String(i.src)));
			for (const icon of icons) {
				// Community node icons are served by n8n from the installed package.
				expect(srcs.some((src) => src.includes('n8n-nodes-talent-pipeline') && src.includes(`${icon}.svg`))).toBe(true);
			}
			// Close the editor's "Production Checklist" popover, fit the canvas, let it settle: then the picture.
			await browser!.execute(`
				const close = document.querySelector('[data-test-id="suggested-actions-close"]');
				if (close) close.click();
				const fit = document.querySelector('[data-test-id="zoom-to-fit"]');
				if (fit) fit.click();
				// The floating "Execute workflow" button would cover the lowest nodes in the picture.
				for (const b of document.querySelectorAll('button')) if (/Execute workflow/.test(b.textContent || '')) b.style.visibility = 'hidden';
				return true;`);
			await browser!.settle(1500);
			// The checklist popover may open late and under another test id: close it by its title, for a few seconds.
			await browser!
				.waitForScript(
					'no Production Checklist popover',
					`const title = [...document.querySelectorAll('body *')].find((el) => el.childElementCount === 0 && /Production Checklist/.test(el.textContent || '') && el.getClientRects().length > 0);
					 if (!title) return true;
					 for (let box = title.parentElement, i = 0; box && i < 6; box = box.parentElement, i++) {
					   const close = box.querySelector('button, [role="button"], [class*="close"]');
					   if (close) { close.click(); break; }
					 }
					 return null;`,
					10_000,
				)
				.catch(() => process.stderr.write('[e2e] the Production Checklist popover stayed open\n'));
			await browser!.settle(500);
			const png = await browser!.screenshot();
			expect(png.subarray(1, 4).toString()).toBe('PNG');
			expect(png.length).toBeGreaterThan(20_000);
			const dir = imagesDir ?? work;
			mkdirSync(dir, { recursive: true });
			writeFileSync(path.join(dir, file.replace(/\.json$/, '.png')), png);
		});
	}
});

const PANEL_RESULTS = `
	if (document.querySelector('[data-test-id="node-creator-no-results"]')) return ['(no results)'];
	// Node items, and the node a search shows with its actions (a node with operations).
	return [...document.querySelectorAll('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]')].map((n) => n.textContent.trim());
`;

/**
 * The names the node panel lists for `query`, typed into its search bar as a user types (an input event). The
 * panel filters asynchronously: the answer is the list once it has changed from what the panel showed before
 * and stayed the same for half a second.
 */
async function searchNodePanel(query: string): Promise<string[]> {
	const before = JSON.stringify(await browser!.execute<string[]>(PANEL_RESULTS));
	await browser!.execute(`
		const input = document.querySelector('[data-test-id="node-creator-search-bar"]');
		input.focus();
		input.value = ${JSON.stringify(query)};
		input.dispatchEvent(new Event('input', { bubbles: true }));
		return true;`);
	let last = '';
	const names = await browser!
		.waitForScript<string[]>(
			`node panel results for "${query}"`,
			`const names = (function () { ${PANEL_RESULTS} })();
			 return names.length && JSON.stringify(names) !== ${JSON.stringify(before)} ? names : null;`,
			30_000,
		)
		.catch(async (error: Error) => {
			const panel = await browser!.execute<string>(`const p = document.querySelector('[data-test-id="node-creator"]'); return p ? p.innerText.slice(0, 1500) : '(no panel)';`);
			throw new Error(`${error.message}\nthe panel shows:\n${panel}`);
		});
	last = JSON.stringify(names);
	for (let i = 0; i < 20; i++) {
		await browser!.settle(500);
		const now = JSON.stringify(await browser!.execute<string[]>(PANEL_RESULTS));
		if (now === last) break;
		last = now;
	}
	return JSON.parse(last) as string[];
}

describe("the node panel's search finds the package's nodes", () => {
	test('each node by its name, and all four by "talent"', async () => {
		// An example workflow, so the panel opens on "what happens next" (every node, not only triggers).
		await browser!.goto(`${n8n!.baseUrl}/workflow/${setup.workflows['candidate-vetting.json'].id}`);
		await browser!.waitForScript('the node panel button', `const b = document.querySelector('[data-test-id="node-creator-plus-button"]'); if (!b) return null; b.click(); return true;`, 90_000);
		await browser!.waitForScript('the node panel search bar', `return document.querySelector('[data-test-id="node-creator-search-bar"]') ? true : null;`, 30_000);
		const names = ['Lead Classifier', 'Brief Router', 'Candidate Enricher', 'Outreach'];
		for (const name of names) {
			expect(await searchNodePanel(name)).toContain(name);
		}
		const talent = await searchNodePanel('talent');
		for (const name of names) expect(talent).toContain(name);
	});
});
