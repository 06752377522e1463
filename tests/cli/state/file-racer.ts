/**
 * Run as a child process by file.test.ts: claims keys k0..k(N-1) in a shared
 * state file and bumps a shared counter once per key, then prints the keys it won.
 */
import { FileStore } from '../../../cli/state/file';

async function main(): Promise<void> {
	const [file, count] = process.argv.slice(2);
	const store = new FileStore(file);
	const won: string[] = [];
	for (let i = 0; i < Number(count); i++) {
		if (await store.claim(`k${i}`)) won.push(`k${i}`);
		await store.increment('total');
	}
	process.stdout.write(JSON.stringify(won));
}

main().catch((error: unknown) => {
	process.stderr.write(String(error));
	process.exitCode = 1;
});
