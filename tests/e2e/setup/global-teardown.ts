import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
	if (process.env.TP_E2E_PACK_DIR) rmSync(process.env.TP_E2E_PACK_DIR, { recursive: true, force: true });
}
