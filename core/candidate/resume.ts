/**
 * Reads a résumé (plain text, any language, any length) into the facts the
 * vetting rules need: named systems and what broke in them, figures, on-call,
 * competitions, publications, buzzwords, skills and role evidence.
 */
import type { ProductionEvidence } from './schema';
import {
	ASPIRATION,
	BUZZWORDS,
	COMPETITION,
	PUBLICATION,
	RESUME_METRIC,
	RESUME_PRODUCTION,
	RESUME_THRESHOLDS,
	ROLE_WEIGHTS,
	SKILLS,
} from './rules';
import { countMatches, emptyRoleScores, excerpt, firstMatch, scoreRoles, type RoleHit, type RoleScores } from './text';

/** A matched statement of the résumé. */
export interface Excerpt {
	/** The signal name, e.g. `incident`. */
	signal: string;
	text: string;
}

export interface ResumeFacts {
	present: boolean;
	/** True when the text was longer than RESUME_THRESHOLDS.maxChars and only its start was read. */
	truncated: boolean;
	words: number;
	headline: string;
	skills: string[];
	shipped: Excerpt[];
	opsMetrics: Excerpt[];
	incidents: Excerpt[];
	onCall: Excerpt[];
	/** Outcome figures (percentages, money, counts). */
	metrics: Excerpt[];
	/** Links to or mentions of public repositories and open-source work. */
	repositories: Excerpt[];
	competitions: Excerpt[];
	/** Competition terms matched across the résumé (at most 5 a line). */
	competitionMentions: number;
	publications: Excerpt[];
	/** The first twenty hype-term statements. */
	buzzwords: Excerpt[];
	/** Every hype-term occurrence (each term at most five times per statement). */
	buzzwordCount: number;
	/** Hype terms per 100 words. */
	buzzwordDensity: number;
	/** Production level from the résumé alone. */
	level: ProductionEvidence;
	roleScores: RoleScores;
	roleHits: RoleHit[];
}

const REPOSITORY_MENTION = '\\bgithub\\.com/[\\w-]+/[\\w.-]+|\\bopen[- ]sourced?\\b|\\bpip install\\b|\\bon github\\b|\\(pip\\)|\\bnpm\\b';

/** Splits text into statements: lines, and long lines into sentences (also the portfolio reader's). */
export function statements(text: string): string[] {
	const out: string[] = [];
	for (const raw of text.split(/\r?\n/)) {
		const line = raw.trim();
		if (line === '') continue;
		if (line.length <= 300) {
			out.push(line);
			continue;
		}
		for (const sentence of line.split(/(?<=[.!?;])\s+/)) {
			// A sentence without punctuation for thousands of characters is cut into
			// pieces so every later pass stays bounded.
			for (let i = 0; i < sentence.length; i += 600) out.push(sentence.slice(i, i + 600));
		}
	}
	return out;
}

/** The excerpts of the statements that match `pattern` (wishes skipped when asked), at most `max`. */
export function collect(
	lines: readonly string[],
	pattern: string,
	signal: string,
	options: { skipAspirations?: boolean; max?: number } = {},
): Excerpt[] {
	const out: Excerpt[] = [];
	const max = options.max ?? 50;
	for (const line of lines) {
		if (out.length >= max) break;
		if (options.skipAspirations && firstMatch(ASPIRATION, line)) continue;
		const m = firstMatch(pattern, line);
		if (m) out.push({ signal, text: excerpt(line, m.index, RESUME_THRESHOLDS.excerptChars) });
	}
	return out;
}

const SKILL_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = SKILLS.map((skill) => {
	const escaped = skill.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	// "Go" is a common English word: only the capitalised language name or golang counts.
	const flags = skill === 'go' ? 'g' : 'gi';
	const source = skill === 'go' ? '(?<![\\w+#])Go(?![\\w+#])' : `(?<![\\w+#])${escaped}(?![\\w+#])`;
	return [skill === 'golang' ? 'go' : skill, new RegExp(source, flags)] as const;
});

/** Technologies named in `text` (canonical lower-case names from rules.SKILLS). */
export function findSkills(text: string): string[] {
	const found = new Set<string>();
	for (const [name, pattern] of SKILL_PATTERNS) {
		pattern.lastIndex = 0;
		if (pattern.test(text)) found.add(name);
		pattern.lastIndex = 0;
	}
	return [...found];
}

/**
 * The résumé's own production level (rubric section 5): "strong" needs what
 * broke in production together with on-call or operating figures (or on-call,
 * figures and a shipped system); "some" any claim of shipped or running work;
 * wishes ("I would like to learn how models run in production") never count.
 */
export function resumeLevel(f: Pick<ResumeFacts, 'shipped' | 'opsMetrics' | 'incidents' | 'onCall'>): ProductionEvidence {
	const incident = f.incidents.length > 0;
	const onCall = f.onCall.length > 0;
	const ops = f.opsMetrics.length > 0;
	const shipped = f.shipped.length > 0;
	if ((incident && (onCall || ops)) || (onCall && ops && shipped)) return 'strong';
	if (incident || onCall || ops || shipped) return 'some';
	return 'none';
}

/** Parses a résumé. Bounded time for any input: only the first RESUME_THRESHOLDS.maxChars are read. */
export function parseResume(input: string | null | undefined): ResumeFacts {
	const full = typeof input === 'string' ? input : '';
	const truncated = full.length > RESUME_THRESHOLDS.maxChars;
	// Strip control characters and HTML tags that pasted CVs carry.
	const text = full
		.slice(0, RESUME_THRESHOLDS.maxChars)
		.replace(/<[^<>]{0,200}>/g, ' ')
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ');
	const lines = statements(text);
	const headlineLines = lines.slice(0, RESUME_THRESHOLDS.headlineLines);
	const bodyLines = lines.slice(RESUME_THRESHOLDS.headlineLines);
	const words = text.split(/\s+/).filter((w) => w !== '').length;

	const shipped = collect(lines, RESUME_PRODUCTION.shipped, 'resume.shipped', { skipAspirations: true });
	const opsMetrics = collect(lines, RESUME_PRODUCTION.opsMetric, 'resume.ops_metric', { skipAspirations: true });
	const incidents = collect(lines, RESUME_PRODUCTION.incident, 'resume.incident', { skipAspirations: true });
	const onCall = collect(lines, RESUME_PRODUCTION.onCall, 'resume.on_call', { skipAspirations: true });
	const metrics = collect(lines, RESUME_METRIC, 'resume.metric');
	const repositories = collect(lines, REPOSITORY_MENTION, 'resume.repository');
	const competitions = collect(lines, COMPETITION, 'resume.competition');
	const publications = collect(lines, PUBLICATION, 'resume.publication');

	const buzzwords: Excerpt[] = [];
	let buzzCount = 0;
	for (const pattern of BUZZWORDS) {
		for (const line of lines) {
			const n = countMatches(pattern, line, 5);
			if (n === 0) continue;
			buzzCount += n;
			if (buzzwords.length < 20) {
				const m = firstMatch(pattern, line);
				buzzwords.push({ signal: 'resume.buzzword', text: excerpt(line, m?.index ?? 0, RESUME_THRESHOLDS.excerptChars) });
			}
		}
	}

	const roleScores = emptyRoleScores();
	const roleHits: RoleHit[] = [];
	scoreRoles(headlineLines, ROLE_WEIGHTS.headline, roleScores, roleHits);
	scoreRoles(bodyLines, 1, roleScores, roleHits);

	const facts = {
		present: text.trim() !== '',
		truncated,
		words,
		headline: headlineLines.join(' · ').slice(0, 300),
		skills: findSkills(text),
		shipped,
		opsMetrics,
		incidents,
		onCall,
		metrics,
		repositories,
		competitions,
		// Mentions, not lines: a one-paragraph profile ("Kaggle Grandmaster, 3 gold medals")
		// says as much about competitions as a CV with one per line.
		competitionMentions: lines.reduce((n, line) => n + countMatches(COMPETITION, line, 5), 0),
		publications,
		buzzwords,
		buzzwordCount: buzzCount,
		buzzwordDensity: words === 0 ? 0 : Math.round((buzzCount / words) * 1000) / 10,
		level: 'none' as ProductionEvidence,
		roleScores,
		roleHits,
	};
	facts.level = resumeLevel(facts);
	return facts;
}
