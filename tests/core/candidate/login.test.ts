import { InputError } from '../../../core/errors';
import { isSafeRepoName, isValidLogin, normaliseLogin } from '../../../core/candidate/login';

describe('GitHub login rules', () => {
	it.each([
		['a', true],
		['octo-cat', true],
		['A1-b2-c3', true],
		['x'.repeat(39), true],
		['x'.repeat(40), false],
		['', false],
		['-lead', false],
		['trail-', false],
		['dou--ble', false],
		['under_score', false],
		['dot.name', false],
		['../admin', false],
		['user/repos', false],
		['user?per_page=1', false],
		['user%2f..', false],
		['ünïcode', false],
		['white space', false],
	])('%s -> %s', (login, valid) => {
		expect(isValidLogin(login)).toBe(valid);
	});

	it.each([
		['octocat', 'octocat'],
		['  octocat ', 'octocat'],
		['@octocat', 'octocat'],
		['https://github.com/octocat', 'octocat'],
		['github.com/octocat/', 'octocat'],
		['', null],
		[null, null],
		[undefined, null],
	])('normalises %p to %p', (raw, expected) => {
		expect(normaliseLogin(raw)).toBe(expected);
	});

	it.each(['../etc/passwd', 'a/b', 'x?y=1', 'https://github.com/a/b', '-x', 'a'.repeat(300)])('rejects %p with an InputError naming githubUsername', (raw) => {
		let error: unknown;
		try {
			normaliseLogin(raw);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).field).toBe('githubUsername');
	});

	it('names a mapped field', () => {
		expect(() => normaliseLogin('bad/login', 'gh')).toThrow(expect.objectContaining({ field: 'gh' }));
	});

	it.each([
		['repo', true],
		['my.repo-1_x', true],
		['..', false],
		['.', false],
		['a/b', false],
		['a%2F', false],
	])('repo name %p safe: %p', (name, safe) => {
		expect(isSafeRepoName(name)).toBe(safe);
	});
});
