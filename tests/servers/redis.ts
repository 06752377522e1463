/**
 * A real redis-server for tests: started on a free loopback port in a
 * temporary directory, with persistence off, stopped by `stop()`.
 * `redisAvailable()` is false when redis-server is not on PATH (CI installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RedisServer {
	host: string;
	port: number;
	url: string;
	/** The redis-server process id (fault tests stop and kill it). */
	pid: number;
	stop(): Promise<void>;
}

export function redisAvailable(): boolean {
	return spawnSync('which', ['redis-server']).status === 0;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function answers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => {
			socket.write('PING\r\n');
		});
		socket.once('data', (data) => {
			socket.destroy();
			resolve(data.toString().startsWith('+PONG'));
		});
		socket.once('error', () => resolve(false));
		socket.setTimeout(500, () => {
			socket.destroy();
			resolve(false);
		});
	});
}

export async function startRedis(): Promise<RedisServer> {
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		const dir = mkdtempSync(path.join(tmpdir(), 'tp-redis-'));
		const child: ChildProcess = spawn(
			'redis-server',
			['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
			{ stdio: 'ignore' },
		);
		let exited = false;
		child.once('exit', () => (exited = true));
		for (let i = 0; i < 100 && !exited; i++) {
			if (await answers(port)) {
				return {
					host: '127.0.0.1',
					port,
					url: `redis://127.0.0.1:${port}`,
					pid: child.pid ?? 0,
					stop: async () => {
						if (!exited) {
							// A frozen (SIGSTOP) server must run again to exit on SIGTERM.
							child.kill('SIGCONT');
							const done = new Promise((resolve) => child.once('exit', resolve));
							child.kill('SIGTERM');
							await done;
						}
						rmSync(dir, { recursive: true, force: true });
					},
				};
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		if (!exited) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	}
	throw new Error('could not start redis-server on a loopback port');
}
