/**
 * `npm start` (scripts/start.sh): from this checkout to a running n8n with the package and the example
 * workflows, set up headlessly. TP_START_EXIT_WHEN_READY=1 makes it stop once it has printed the URLs.
 * Run through npm, as a user runs it: npm hands the repo's .npmrc (ignore-scripts=true) to the script as
 * npm_config_ignore_scripts, which once made the native-module rebuild a silent no-op.
 */
import path from 'node:path';

import { makeWorkDir, removeWorkDir } from './helpers/context';
import { freePort, run } from './helpers/proc';
import { REPO } from './helpers/runtime';

let work: string;

beforeAll(() => {
	work = makeWorkDir('start');
});

afterAll(() => removeWorkDir(work));

test('npm start sets up n8n, imports the examples and prints the editor and webhook URLs; a second start reuses them', async () => {
	const port = await freePort();
	const env = { ...process.env, TP_N8N_USER_FOLDER: path.join(work, 'n8n-local'), TP_N8N_PORT: String(port), TP_START_EXIT_WHEN_READY: '1' };
	const first = await run('npm', ['start', '--silent'], { cwd: REPO, env, timeoutMs: 6 * 60_000 });
	expect(first).toContain(`Editor:       http://127.0.0.1:${port}/`);
	expect(first).toMatch(/Owner login: {2}owner@talent-pipeline\.local \/ \S+/);
	expect(first).toContain(`Webhook URL:  POST http://127.0.0.1:${port}/webhook/talent-pipeline/lead`);
	const workflows = first.match(/Workflow: +\S+/g) ?? [];
	expect(workflows).toHaveLength(3);

	const second = await run('npm', ['start', '--silent'], { cwd: REPO, env, timeoutMs: 6 * 60_000 });
	expect(second.match(/Workflow: +\S+/g)).toEqual(workflows);
});
