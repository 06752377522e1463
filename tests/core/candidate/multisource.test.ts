/**
 * The eval on a directory in FORMAT.md's layout (tests/fixtures/multisource:
 * candidates.jsonl, github.json, huggingface.json, scholar.json), through the
 * real transports against loopback servers for every source: the layout the
 * independently written development set uses.
 */
import path from 'node:path';

import { evalCandidateDir } from '../../../scripts/eval-candidates';

import { FIXTURES } from './fixture';

describe('multi-source eval on a FORMAT.md directory', () => {
	it('meets the rubric targets and prints requests per candidate per source', async () => {
		const { report, figures } = await evalCandidateDir(path.join(FIXTURES, 'multisource'));
		const summary = { pe: figures.productionEvidenceAccuracy, role: figures.roleFitAccuracy, f1: figures.redFlagF1, report };
		expect(figures.n).toBe(10);
		expect(summary.pe).toBeGreaterThanOrEqual(0.85);
		expect(summary.role).toBeGreaterThanOrEqual(0.85);
		expect(summary.f1).toBeGreaterThanOrEqual(0.85);
		expect(report).toMatch(/requests per candidate: github \d+\.\d\d, huggingface \d+\.\d\d, papers \d+\.\d\d, merged_prs off, portfolio off/);
		expect(figures.requestsPerCandidate.huggingface).toBeGreaterThan(0);
		expect(figures.requestsPerCandidate.huggingface).toBeLessThanOrEqual(16);
		expect(figures.perLabel.roleFit.research_scientist.support).toBe(2);
	});
});
