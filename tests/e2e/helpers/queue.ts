/**
 * n8n in queue mode on one machine: redis-server and a PostgreSQL cluster on loopback, one main process
 * (editor, REST, webhooks; it enqueues executions) and N workers (`n8n worker`) that run them. All share one
 * encryption key and the same package install.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { startRedis, type RedisServer } from '../../servers/redis';
import { startN8n, type N8nInstance } from './n8n';
import { waitFor } from './proc';
import { startPostgres, type PostgresCluster } from './postgres';

export interface QueueCluster {
	redis: RedisServer;
	postgres: PostgresCluster;
	main: N8nInstance;
	workers: N8nInstance[];
	/** Starts one more worker (e.g. the replacement for a killed one) with the cluster's settings. */
	addWorker(name: string): Promise<N8nInstance>;
	/** Stops workers, main, then the stores; bounded, never throws. */
	stop(): Promise<void>;
}

export interface QueueOptions {
	workDir: string;
	tarball: string;
	workers?: number;
	/** Jobs each worker runs at once (n8n's default is 10). */
	concurrency?: number;
	env?: Record<string, string>;
}

/** The environment every process of the cluster shares. */
export function queueEnv(redis: { host: string; port: number }, pg: PostgresCluster): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		// A burst of webhooks on main (each one writes an execution row before it is enqueued) keeps every pooled
		// connection busy for a while on 2 cores. n8n's defaults then break it: a pool of 2 with a 20 s wait
		// ("timeout exceeded when trying to connect"), and a connection monitor whose ping needs a free pool slot
		// and, after 3 missed pings 2 s apart, tears the pool down under the in-flight requests
		// ("Triggering database connection recovery", "Query runner already released"). A bigger pool, longer
		// waits and a patient monitor let the burst drain.
		DB_POSTGRESDB_POOL_SIZE: '10',
		DB_POSTGRESDB_CONNECTION_TIMEOUT: '180000',
		DB_PING_TIMEOUT_MS: '60000',
		DB_PING_MAX_FAILURES_BEFORE_RECOVERY: '10',
		DB_CONNECTION_ACQUISITION_TIMEOUT_MS: '180000',
		// Manual runs from the editor go to the workers too, as in a production queue setup.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

async function settle(label: string, stops: Array<() => Promise<void>>): Promise<void> {
	const results = await Promise.allSettled(stops.map((stop) => stop()));
	for (const r of results) {
		if (r.status === 'rejected') process.stderr.write(`[e2e] stopping ${label}: ${String(r.reason)}\n`);
	}
}

/** Starts the stores, main (which runs the migrations), then the workers; undoes everything on failure. */
export async function startQueueCluster(options: QueueOptions): Promise<QueueCluster> {
	const started: { redis?: RedisServer; postgres?: PostgresCluster; main?: N8nInstance; workers: N8nInstance[] } = { workers: [] };
	const stop = async () => {
		await settle('workers', started.workers.map((w) => () => w.stop()));
		if (started.main) await settle('main', [() => started.main!.stop()]);
		await settle('stores', [
			...(started.postgres ? [() => started.postgres!.stop()] : []),
			...(started.redis ? [() => started.redis!.stop()] : []),
		]);
	};
	try {
		const [redisStart, pgStart] = await Promise.allSettled([startRedis(), startPostgres()]);
		if (redisStart.status === 'fulfilled') started.redis = redisStart.value;
		if (pgStart.status === 'fulfilled') started.postgres = pgStart.value;
		if (redisStart.status === 'rejected') throw redisStart.reason;
		if (pgStart.status === 'rejected') throw pgStart.reason;
		const redis = redisStart.value;
		const postgres = pgStart.value;
		const env = { ...queueEnv(redis, postgres), ...options.env };
		const encryptionKey = randomBytes(24).toString('hex');
		started.main = await startN8n({ workDir: options.workDir, name: 'main', tarball: options.tarball, encryptionKey, env });
		const nodesFrom = path.join(started.main.userFolder, '.n8n', 'nodes');
		const count = options.workers ?? 2;
		const addWorker = async (name: string): Promise<N8nInstance> => {
			const worker = await startN8n({ workDir: options.workDir, name, command: 'worker', nodesFrom, encryptionKey, env, concurrency: options.concurrency });
			started.workers.push(worker);
			return worker;
		};
		// One at a time: two workers starting together on 2 cores slow each other more than they gain.
		for (let i = 1; i <= count; i++) await addWorker(`worker-${i}`);
		return { redis, postgres, main: started.main, workers: started.workers, addWorker, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Waits (bounded) until `count` executions of a workflow have finished, counted in n8n's database, and returns
 * their number by status. The public API is no ground truth here: its list leaves out executions that main
 * still holds as running, and in queue mode main keeps some webhook executions there after their job has
 * finished (seen with n8n 2.41.1: 3 to 5 of a burst, for good).
 */
export async function finishedExecutionsInDb(cluster: QueueCluster, workflowId: string, count: number, timeoutMs: number): Promise<Record<string, number>> {
	if (!/^[A-Za-z0-9]+$/.test(workflowId)) throw new Error(`unexpected workflow id ${workflowId}`);
	return waitFor(
		`${count} finished executions of workflow ${workflowId} in the database`,
		async () => {
			const rows = await cluster.postgres.query(`select status, count(*) from execution_entity where "workflowId" = '${workflowId}' group by status`);
			const counts = Object.fromEntries(rows.map((r) => r.split('|')).map(([status, n]) => [status, Number(n)]));
			const finished = Object.entries(counts)
				.filter(([status]) => !['new', 'running', 'waiting'].includes(status))
				.reduce((sum, [, n]) => sum + n, 0);
			return finished >= count ? counts : undefined;
		},
		{ timeoutMs, intervalMs: 1000 },
	);
}
