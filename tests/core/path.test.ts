import { pathSegments, readPath } from '../../core/path';

describe('readPath (every node reads mapped fields through it)', () => {
	const data = { body: { message: 'hi', rows: [{ roster: 'r0' }] }, 'a.b': 'dotted key', n: 0 };
	it.each<[string, unknown]>([
		['body.message', 'hi'],
		['body.rows[0].roster', 'r0'],
		['body.rows.0.roster', 'r0'],
		['a.b', 'dotted key'],
		['n', 0],
		['body.missing', undefined],
		['body.message.length', undefined],
		['constructor', undefined],
		['__proto__', undefined],
		['body.constructor.name', undefined],
	])('%s', (path, expected) => {
		expect(readPath(data, path)).toBe(expected);
	});

	it('splits paths into segments', () => {
		expect(pathSegments('a[1].b.c')).toEqual(['a', '1', 'b', 'c']);
		expect(pathSegments('')).toEqual([]);
	});
});
