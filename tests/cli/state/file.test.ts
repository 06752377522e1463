import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { FileStore } from '../../../cli/state/file';
import { storeContract } from '../../core/state/contract';

const dirs: string[] = [];
function tempDir(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'tp-file-store-'));
	dirs.push(dir);
	return dir;
}

storeContract(
	'FileStore',
	async () => {
		let now = 1_000_000;
		const store = new FileStore(path.join(tempDir(), 'state.json'), { now: () => now });
		return {
			store,
			advance: async (ms) => {
				now += ms;
			},
		};
	},
	async () => {
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	},
);

function race(file: string, count: number): Promise<string[]> {
	return new Promise((resolve, reject) => {
		execFile(
			process.execPath,
			['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'file-racer.ts'), file, String(count)],
			{ cwd: path.resolve(__dirname, '../../..'), timeout: 60_000 },
			(error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as string[])),
		);
	});
}

describe('FileStore across processes', () => {
	it('gives each key to exactly one of three processes racing on one file and loses no increment', async () => {
		const file = path.join(tempDir(), 'shared.json');
		const count = 60;
		const results = await Promise.all([race(file, count), race(file, count), race(file, count)]);
		const all = results.flat();
		expect(all).toHaveLength(count);
		expect(new Set(all).size).toBe(count);
		expect(await new FileStore(file).counts(['total'])).toEqual([3 * count]);
	});

	it('breaks a lock left by a crashed process once it is stale', async () => {
		const file = path.join(tempDir(), 'stale.json');
		writeFileSync(`${file}.lock`, 'dead-process');
		const old = new Date(Date.now() - 60_000);
		utimesSync(`${file}.lock`, old, old);
		const store = new FileStore(file, { staleLockMs: 1_000 });
		expect(await store.claim('x')).toBe(true);
		expect(existsSync(`${file}.lock`)).toBe(false);
	});

	it('gives up, naming the file, when a fresh lock is never released', async () => {
		const file = path.join(tempDir(), 'held.json');
		writeFileSync(`${file}.lock`, 'live-process');
		const store = new FileStore(file, { staleLockMs: 60_000, lockTimeoutMs: 100 });
		await expect(store.claim('x')).rejects.toThrow(/stayed locked/);
	});

	it('refuses to overwrite a state file it cannot parse', async () => {
		const file = path.join(tempDir(), 'bad.json');
		writeFileSync(file, '{not json');
		await expect(new FileStore(file).claim('x')).rejects.toThrow(/not valid JSON/);
		expect(readFileSync(file, 'utf8')).toBe('{not json');
	});
});
