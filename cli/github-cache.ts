import { readFileSync, renameSync, writeFileSync } from 'node:fs';

import { ObjectEtagCache } from '../transport/github';

/** An ObjectEtagCache kept in a JSON file (the CLI's cache); `save()` writes it atomically. */
export class FileEtagCache extends ObjectEtagCache {
	private readonly data: Record<string, unknown>;

	constructor(
		private readonly file: string,
		maxEntries = 5000,
	) {
		let data: Record<string, unknown> = {};
		try {
			const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
		} catch {
			// A missing or unreadable cache file starts an empty cache.
		}
		super(data, maxEntries);
		this.data = data;
	}

	save(): void {
		const tmp = `${this.file}.${process.pid}.tmp`;
		writeFileSync(tmp, JSON.stringify(this.data));
		renameSync(tmp, this.file);
	}
}
