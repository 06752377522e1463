/**
 * Reading a field of an item by the path a user typed (`body.message`,
 * `rows[0].roster`): one implementation for every node, so a mapping means the
 * same everywhere. Own properties only, so a path such as `constructor` or
 * `__proto__` finds nothing.
 */

/** `a.b[2].c` → `['a', 'b', '2', 'c']`. */
export function pathSegments(path: string): string[] {
	return path.match(/[^.[\]]+/g) ?? [];
}

/** Follows `segments` through `data`; `undefined` when any step is missing. */
export function readSegments(data: unknown, segments: readonly string[]): unknown {
	let current: unknown = data;
	for (const segment of segments) {
		if (current === null || typeof current !== 'object') return undefined;
		if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
		current = (current as Record<string, unknown>)[segment];
	}
	return current;
}

/** Reads `path` from `data`. A key that itself contains dots (`"a.b": 1`) is found as it is. */
export function readPath(data: unknown, path: string): unknown {
	if (data !== null && typeof data === 'object' && Object.prototype.hasOwnProperty.call(data, path)) {
		return (data as Record<string, unknown>)[path];
	}
	return readSegments(data, pathSegments(path));
}
