import { InputError } from '../errors';

/**
 * GitHub's login rules: 1 to 39 characters, ASCII letters, digits and single
 * hyphens, neither first nor last. Checked before any URL is built, so a login
 * can never carry a path, a query or an encoded slash into a request.
 */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** Profile links people paste instead of the bare login. */
const PROFILE_URL = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/?#\s]+)\/?$/i;

/** True when `login` satisfies GitHub's login rules. */
export function isValidLogin(login: string): boolean {
	return login.length >= 1 && login.length <= 39 && LOGIN.test(login);
}

/**
 * Returns the GitHub login a candidate gave (accepting `@login` and a profile
 * URL), null when none was given, or throws an InputError naming `field`.
 */
export function normaliseLogin(raw: string | null | undefined, field = 'githubUsername'): string | null {
	if (raw === null || raw === undefined) return null;
	let text = raw.trim();
	if (text === '') return null;
	if (text.length > 200) throw new InputError(field, 'is not a GitHub login (too long)');
	const url = PROFILE_URL.exec(text);
	if (url) text = url[1];
	if (text.startsWith('@')) text = text.slice(1);
	if (!isValidLogin(text)) {
		throw new InputError(
			field,
			`'${text.slice(0, 60)}' is not a GitHub login`,
			'A login has 1 to 39 letters, digits or single hyphens, and does not start or end with a hyphen.',
		);
	}
	return text;
}

/** A repository or owner name from GitHub's own answers, checked before it goes back into a URL. */
export function isSafeRepoName(name: string): boolean {
	return /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== '.' && name !== '..';
}
