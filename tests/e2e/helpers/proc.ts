/**
 * Child processes for the end-to-end suite (n8n, redis-server, postgres): each one runs in its own process
 * group with its output in a log file, and is stopped with SIGTERM then SIGKILL within a bound. Anything still
 * running when the test process exits is killed, so a crashed suite leaves nothing behind.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import net from 'node:net';

/** A started child process with its log. */
export interface Managed {
	readonly name: string;
	readonly child: ChildProcess;
	readonly logPath: string;
	/** Set once the process has exited. */
	exitCode(): number | null | undefined;
	/** The last `lines` lines of its log (for failure messages). */
	tail(lines?: number): string;
	/** The stop signal (SIGTERM) to its process group, then SIGKILL after `graceMs`; resolves when it has exited. */
	stop(graceMs?: number): Promise<void>;
}

const running = new Set<Managed>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

// Last resort: the test process is going away (crash, Ctrl-C), so take every child group with it.
process.once('exit', () => {
	for (const m of running) killGroup(m.child, 'SIGKILL');
});

/** Reads the end of a text file without loading more than needed for a failure message. */
export function tailFile(file: string, lines = 60): string {
	if (!existsSync(file)) return '';
	const text = readFileSync(file, 'utf8');
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Starts `command` in its own process group, stdout and stderr appended to `logPath`.
 * `uid`/`gid` run it as another user (postgres refuses to run as root).
 */
export function spawnLogged(
	name: string,
	command: string,
	args: string[],
	options: {
		env?: NodeJS.ProcessEnv;
		cwd?: string;
		logPath: string;
		uid?: number;
		gid?: number;
		/** The polite stop signal (postgres: SIGINT, its fast shutdown; SIGTERM waits for clients to leave). */
		stopSignal?: NodeJS.Signals;
	},
): Managed {
	const log: WriteStream = createWriteStream(options.logPath, { flags: 'a' });
	const spawnOptions: SpawnOptions = {
		env: options.env ?? process.env,
		cwd: options.cwd,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		uid: options.uid,
		gid: options.gid,
	};
	const child = spawn(command, args, spawnOptions);
	child.stdout?.pipe(log, { end: false });
	child.stderr?.pipe(log, { end: false });
	let code: number | null | undefined;
	const exited = new Promise<void>((resolve) => {
		child.once('exit', (c, signal) => {
			code = c ?? (signal ? -1 : null);
			resolve();
		});
		child.once('error', (err) => {
			log.write(`\n[spawn error] ${err.message}\n`);
			code = -1;
			resolve();
		});
	});
	const managed: Managed = {
		name,
		child,
		logPath: options.logPath,
		exitCode: () => code,
		tail: (lines = 60) => tailFile(options.logPath, lines),
		async stop(graceMs = 10_000) {
			if (code === undefined) {
				killGroup(child, options.stopSignal ?? 'SIGTERM');
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			// Children of the group (n8n's task runner) may outlive the leader: make sure they go too.
			killGroup(child, 'SIGKILL');
			running.delete(managed);
			await new Promise<void>((resolve) => log.end(resolve));
		},
	};
	running.add(managed);
	void exited.then(() => {
		if (code !== undefined) log.write(`\n[${name} exited: ${code}]\n`);
	});
	return managed;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Distinct free ports (never the same one twice in one call). */
export async function freePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	for (let tries = 0; ports.size < count && tries < count * 20; tries++) ports.add(await freePort());
	if (ports.size < count) throw new Error(`could not find ${count} free ports`);
	return [...ports];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value other than undefined, at most `timeoutMs`. Fails early with the
 * process log when `proc` exits meanwhile.
 */
export async function waitFor<T>(
	what: string,
	probe: () => Promise<T | undefined>,
	options: { timeoutMs: number; intervalMs?: number; proc?: Managed },
): Promise<T> {
	const deadline = Date.now() + options.timeoutMs;
	let lastError = '';
	while (Date.now() < deadline) {
		if (options.proc && options.proc.exitCode() !== undefined) {
			throw new Error(`${options.proc.name} exited (${options.proc.exitCode()}) while waiting for ${what}:\n${options.proc.tail()}`);
		}
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error instanceof Error ? error.message : String(error);
		}
		await sleep(options.intervalMs ?? 250);
	}
	const log = options.proc ? `\n${options.proc.name} log:\n${options.proc.tail()}` : '';
	throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}${log}`);
}

/** Runs a command to completion (bounded); resolves with its output, rejects with it on a non-zero exit. */
export async function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs: number; uid?: number; gid?: number },
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			env: options.env ?? process.env,
			cwd: options.cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
			uid: options.uid,
			gid: options.gid,
			detached: true,
		});
		let out = '';
		const keep = (chunk: Buffer) => {
			out += chunk.toString();
			if (out.length > 200_000) out = out.slice(-100_000);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			reject(new Error(`${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms:\n${out.slice(-4000)}`));
		}, options.timeoutMs);
		child.once('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve(out);
			else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`));
		});
	});
}
