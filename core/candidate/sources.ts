/**
 * The evidence model shared by every public source a candidate leaves
 * (GitHub, Hugging Face, papers, merged pull requests elsewhere, portfolio
 * pages). Each source has a pure reader that turns that source's API answers
 * into `SourceSignals`; `vetCandidate` merges them. A source that could not be
 * read degrades to the others: its outcome is recorded, it votes for nothing.
 * Pure: no I/O, no n8n.
 */
import type { Role } from '../lead/schema';

import type { Evidence, ProductionEvidence, RedFlag } from './schema';
import type { RoleHit } from './text';

/** Every source the enrichment can read. `resume` and `input` are the candidate item itself. */
export const SOURCE_NAMES = ['github', 'huggingface', 'papers', 'merged_prs', 'portfolio'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** How reading one source went, recorded on the verdict for every source. */
export type SourceOutcome<T> =
	/** Switched off by the user, or nothing to look up (no login, no URL). */
	| { status: 'skipped'; reason: string }
	| { status: 'not_found'; url: string }
	| { status: 'error'; message: string; httpCode?: number }
	| { status: 'ok'; data: T };

/** What one source's reader found: votes, flags and the evidence behind each. */
export interface SourceSignals {
	source: SourceName;
	/**
	 * Evidence items; every one has `source` set to this source and a `url`
	 * (the page a recruiter can open) or an `excerpt` (the text it was read in).
	 */
	evidence: Evidence[];
	/** The production level this source alone supports (rubric section 5). Papers are never production evidence: always `none`. */
	level: ProductionEvidence;
	/** Points this source adds per role (same scale as the résumé and GitHub role terms). */
	roleScores: Partial<Record<Role, number>>;
	/** The texts behind `roleScores`, for roleFit evidence. */
	roleHits: RoleHit[];
	/** Red flags this source raises on its own (vetCandidate decides whether they stand against the other sources). */
	flags: RedFlag[];
	/** True when the source shows public work of the person (counts against `no_public_work`). */
	hasPublicWork: boolean;
	/** Most recent activity this source shows (ISO time), null when none. */
	lastActivity: string | null;
}
