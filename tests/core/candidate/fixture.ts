/** Builds core GithubData from the GitHub-shaped fixture the way the transport would fetch it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { selectRelevantRepos, trimContents, trimLanguages, trimRepos, trimUser, type GithubData } from '../../../core/candidate/github';

export const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');

interface FixtureUser {
	user: unknown;
	repos: unknown[];
	languages: Record<string, unknown>;
	contents: Record<string, unknown>;
}

export function loadGithubFixture(): Record<string, FixtureUser> {
	return (JSON.parse(readFileSync(path.join(FIXTURES, 'github', 'github.json'), 'utf8')) as { users: Record<string, FixtureUser> }).users;
}

export function loadCandidates(): Array<Record<string, unknown> & { labels: { roleFit: string; productionEvidence: string; redFlags: string[] } }> {
	return readFileSync(path.join(FIXTURES, 'candidates', 'candidates.jsonl'), 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l));
}

export function githubData(users: Record<string, FixtureUser>, login: string, now: Date): GithubData | null {
	const u = users[login];
	if (!u) return null;
	const repos = trimRepos(u.repos);
	const languages: GithubData['languages'] = {};
	const contents: GithubData['contents'] = {};
	for (const r of selectRelevantRepos(repos, login, now)) {
		languages[r.name] = trimLanguages(u.languages[r.name]);
		contents[r.name] = trimContents(u.contents[r.name]);
	}
	const user = trimUser(u.user);
	if (!user) return null;
	return { login, user, repos, languages, contents };
}
