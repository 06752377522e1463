/**
 * Generalisation guard: 20 held-out candidates written from rubric sections 4-5
 * alone (tests/fixtures/candidates/heldout.jsonl, GitHub data in
 * tests/fixtures/github/heldout-github.json), vetted the way `npm run eval`
 * does it: through the real GitHub transport (axios, ETags, pagination) against
 * the loopback GitHub server, including logins GitHub does not know (404).
 */
import path from 'node:path';

import { evalCandidateFiles } from '../../../scripts/eval-candidates';

import { FIXTURES } from './fixture';

describe('held-out candidates (rubric targets)', () => {
	it('productionEvidence >= 85%, roleFit >= 85%, red-flag micro-F1 >= 0.85', async () => {
		const { report, figures } = await evalCandidateFiles(
			path.join(FIXTURES, 'candidates', 'heldout.jsonl'),
			path.join(FIXTURES, 'github', 'heldout-github.json'),
		);
		// The report (with every miss) is the failure message when a target is missed.
		const summary = { pe: figures.productionEvidenceAccuracy, role: figures.roleFitAccuracy, f1: figures.redFlagF1, report };
		expect(figures.n).toBe(20);
		expect(summary.pe).toBeGreaterThanOrEqual(0.85);
		expect(summary.role).toBeGreaterThanOrEqual(0.85);
		expect(summary.f1).toBeGreaterThanOrEqual(0.85);
	});
});
