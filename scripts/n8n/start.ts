/**
 * The Node side of `npm start` (scripts/start.sh runs it after installing and building): packs this package,
 * installs it into the local n8n user folder, starts n8n 2.x on 127.0.0.1, sets it up headlessly on first
 * start, imports the example workflows and prints how to reach them. Runs until Ctrl-C.
 *
 * The local state (encryption key, owner login, API key, webhook secret) lives in
 * `<userFolder>/talent-pipeline.json`, readable only by its owner, so later starts reuse it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { N8nClient, startN8n, type N8nInstance, type Owner } from '../../tests/e2e/helpers/n8n';
import { run } from '../../tests/e2e/helpers/proc';
import { provisionExamples } from '../../tests/e2e/helpers/provision';
import { installPackage, N8N_VERSION, REPO } from '../../tests/e2e/helpers/runtime';
import { HEADER_NAME, WEBHOOK_PATHS } from './workflows';

interface LocalState {
	encryptionKey: string;
	owner: Owner;
	apiKey?: string;
	headerSecret: string;
}

const say = (line = '') => process.stdout.write(`${line}\n`);

async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function loadState(file: string): LocalState {
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalState;
	return {
		encryptionKey: randomBytes(24).toString('hex'),
		owner: {
			email: 'owner@talent-pipeline.local',
			firstName: 'Pipeline',
			lastName: 'Owner',
			// n8n wants a digit and a capital letter.
			password: `Tp-${randomBytes(9).toString('base64url')}-1`,
		},
		headerSecret: randomBytes(18).toString('base64url'),
	};
}

function saveState(file: string, state: LocalState): void {
	writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
	chmodSync(file, 0o600);
}

/** `npm pack` of the built package into `dir` (scripts/start.sh has run `npm run build`). */
async function pack(dir: string): Promise<string> {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO, timeoutMs: 120_000 });
	const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack produced no tarball');
	return path.join(dir, tarball);
}

async function main(): Promise<number> {
	const userFolder = path.resolve(REPO, process.env.TP_N8N_USER_FOLDER ?? '.n8n-local');
	const port = Number(process.env.TP_N8N_PORT ?? 5678);
	mkdirSync(userFolder, { recursive: true });
	const stateFile = path.join(userFolder, 'talent-pipeline.json');
	const state = loadState(stateFile);
	saveState(stateFile, state);

	if (!(await portIsFree(port))) {
		process.stderr.write(`[start] port ${port} on 127.0.0.1 is taken: stop what uses it, or set TP_N8N_PORT to another port\n`);
		return 1;
	}

	process.stderr.write('[start] packing and installing the package into the n8n user folder\n');
	const tarball = await pack(path.join(userFolder, 'pack'));
	await installPackage(userFolder, tarball);

	const logPath = path.join(userFolder, 'n8n.log');
	process.stderr.write(`[start] starting n8n ${N8N_VERSION} on 127.0.0.1:${port} (log: ${path.relative(process.cwd(), logPath)})\n`);
	let n8n: N8nInstance | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write('\n[start] stopping n8n\n');
		await n8n?.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	n8n = await startN8n({ workDir: userFolder, userFolder, logPath, port, encryptionKey: state.encryptionKey, env: { N8N_LOG_LEVEL: 'info' } });
	const client = new N8nClient(n8n.baseUrl);
	if (await client.needsOwnerSetup()) await client.setupOwner(state.owner);
	else await client.login(state.owner);
	client.apiKey = state.apiKey ?? '';
	const keyWorks = state.apiKey ? await client.api('GET', '/workflows?limit=1').then(() => true, () => false) : false;
	if (!keyWorks) {
		state.apiKey = await client.createApiKey('npm start');
		saveState(stateFile, state);
	}

	const provisioned = await provisionExamples(client, {
		headerSecret: state.headerSecret,
		smtp: { host: process.env.TP_SMTP_HOST ?? '127.0.0.1', port: Number(process.env.TP_SMTP_PORT ?? 1025), security: 'none' },
	});

	const base = n8n.baseUrl;
	const secretShown = process.env.CI ? '<see talent-pipeline.json>' : state.headerSecret;
	say();
	say(`n8n ${N8N_VERSION} is running with n8n-nodes-talent-pipeline and the example workflows.`);
	say();
	say(`  Editor:       ${base}/`);
	say(`  Owner login:  ${state.owner.email} / ${process.env.CI ? '<see talent-pipeline.json>' : state.owner.password}`);
	say(`  Webhook URL:  POST ${base}/webhook/${WEBHOOK_PATHS.leadIntake}   (header ${HEADER_NAME}: ${secretShown})`);
	say(`  Vetting URL:  POST ${base}/webhook/${WEBHOOK_PATHS.candidateVetting}`);
	for (const [file, wf] of Object.entries(provisioned.workflows)) say(`  Workflow:     ${base}/workflow/${wf.id}   (${file})`);
	say();
	say('  Try it:');
	say(
		`    curl -s -X POST ${base}/webhook/${WEBHOOK_PATHS.leadIntake} -H 'Content-Type: application/json' -H '${HEADER_NAME}: ${secretShown}' \\`,
	);
	say(`      -d '{"name":"Ana Torres","email":"ana@fresco.example","company":"Fresco Markets","companySize":"250+","message":"We need an ML engineer to build store-level demand forecasts and ship them into our ordering system."}'`);
	say();
	say(`  Emails go to the SMTP server of the "Talent desk SMTP" credential (now ${process.env.TP_SMTP_HOST ?? '127.0.0.1'}:${process.env.TP_SMTP_PORT ?? 1025}); edit it in the editor.`);
	say(`  Login, API key and webhook secret are kept in ${path.relative(process.cwd(), stateFile)}. Stop with Ctrl-C.`);
	say();

	if (process.env.TP_START_EXIT_WHEN_READY === '1') {
		await stop(0);
		return 0;
	}
	// Foreground until Ctrl-C, or until n8n itself exits.
	await new Promise<void>((resolve) => n8n?.proc.child.once('exit', () => resolve()));
	if (!stopping) {
		process.stderr.write(`[start] n8n exited; the end of its log:\n${n8n.proc.tail(40)}\n`);
		return 1;
	}
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	},
);
