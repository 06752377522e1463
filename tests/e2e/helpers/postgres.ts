/**
 * A throwaway PostgreSQL cluster on a free loopback port, from Debian's server binaries
 * (`/usr/lib/postgresql/<major>/bin`). Postgres refuses to run as root, so as root the cluster belongs to the
 * `postgres` system user (or `nobody`). Trust authentication, durability off: it lives for one test file.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { freePort, run, spawnLogged, waitFor, type Managed } from './proc';

export interface PostgresCluster {
	host: string;
	port: number;
	user: string;
	database: string;
	proc: Managed;
	/** Runs SQL with psql; returns the rows, one per line, columns separated by `|`. */
	query(sql: string, database?: string): Promise<string[]>;
	stop(): Promise<void>;
}

/** The server binaries: TP_PG_BIN, else the newest /usr/lib/postgresql/<major>/bin. */
export function postgresBinDir(): string | undefined {
	if (process.env.TP_PG_BIN) return process.env.TP_PG_BIN;
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((d) => existsSync(path.join(root, d, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(root, majors[0], 'bin') : undefined;
}

/** uid/gid to run postgres as: ourselves unless we are root. */
function runAs(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	for (const user of ['postgres', 'nobody']) {
		try {
			const uid = Number(execFileSync('id', ['-u', user]).toString().trim());
			const gid = Number(execFileSync('id', ['-g', user]).toString().trim());
			if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
		} catch {
			// no such user: try the next one
		}
	}
	throw new Error('running as root and neither the postgres nor the nobody user exists');
}

/**
 * Creates, starts and waits for a cluster with one database, in a folder of its own under the system temp
 * folder (the postgres user must be able to reach it, which a caller's 0700 folder would forbid);
 * `stop()` removes it.
 */
export async function startPostgres(database = 'n8n'): Promise<PostgresCluster> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql, or set TP_PG_BIN)');
	const owner = runAs();
	const dir = mkdtempSync(path.join(tmpdir(), 'tp-e2e-pg-'));
	const data = path.join(dir, 'pgdata');
	const sockets = path.join(dir, 'pgsock');
	mkdirSync(sockets, { recursive: true });
	if (owner.uid !== undefined && owner.gid !== undefined) {
		chownSync(dir, owner.uid, owner.gid);
		chownSync(sockets, owner.uid, owner.gid);
	}
	const env = { PATH: `${bin}:/usr/bin:/bin`, LANG: 'C', LC_ALL: 'C' };
	const removeDir = () => {
		if (process.env.TP_E2E_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
	};
	try {
		await run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
			env,
			cwd: dir,
			timeoutMs: 120_000,
			...owner,
		});
	} catch (error) {
		removeDir();
		throw error;
	}
	const port = await freePort();
	const proc = spawnLogged(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D', data,
			'-p', String(port),
			'-k', sockets,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', 'max_connections=300',
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'shared_buffers=128MB',
		],
		{ env, cwd: dir, logPath: path.join(dir, 'postgres.log'), stopSignal: 'SIGINT', ...owner },
	);
	const stop = async () => {
		await proc.stop(15_000);
		removeDir();
	};
	try {
		await waitFor(
			`postgres on 127.0.0.1:${port}`,
			async () => {
				await run(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'], { env, timeoutMs: 5000 });
				return true;
			},
			{ timeoutMs: 60_000, intervalMs: 250, proc },
		);
		await run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database], { env, timeoutMs: 30_000 });
	} catch (error) {
		await stop();
		throw error;
	}
	const query = async (sql: string, db = database): Promise<string[]> => {
		const out = await run(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', db, '-Atc', sql], {
			env,
			timeoutMs: 60_000,
		});
		return out.split('\n').filter((line) => line !== '');
	};
	return { host: '127.0.0.1', port, user: 'postgres', database, proc, query, stop };
}
