import type { Classification } from '../../../core/lead/schema';
import { ROUTE_OUTPUTS, decideRoute, outputIndex, type RouteOutput } from '../../../core/routing/route';

function c(overrides: Partial<Classification>): Classification {
	return {
		disposition: 'lead',
		stage: 'growth',
		track: 'engineer',
		primaryRole: 'ml_engineer',
		confidence: 0.9,
		priority: 50,
		reasons: [],
		rulesetVersion: 'test/1',
		...overrides,
	};
}

const vote = (value: string, weight: number) => ({ label: 'disposition', signal: `d.${value}`, value, weight });

describe('decideRoute', () => {
	it.each<[string, Partial<Classification>, RouteOutput, RegExp]>([
		['engineer lead', {}, 'engineer', /^engineer track, growth stage/],
		['consultant lead', { track: 'consultant', primaryRole: 'ai_consultant' }, 'consultant', /consultant track/],
		['hybrid lead', { track: 'hybrid', primaryRole: 'llm_engineer' }, 'hybrid', /hybrid track/],
		['job seeker', { disposition: 'job_seeker', stage: null, track: null, primaryRole: null, reasons: [vote('job_seeker', 3)] }, 'rejected', /^not a lead: job_seeker \(signal d\.job_seeker\)/],
		['vendor', { disposition: 'vendor', stage: null, track: null, primaryRole: null }, 'rejected', /^not a lead: vendor$/],
		['spam', { disposition: 'spam', stage: null, track: null, primaryRole: null }, 'rejected', /^not a lead: spam/],
		['low confidence', { confidence: 0.3 }, 'review', /^confidence 0\.3 is below the threshold 0\.5$/],
		// Rounded to 2 decimals 0.497 would read "0.5 is below the threshold 0.5".
		['confidence just under the threshold', { confidence: 0.497 }, 'review', /^confidence 0\.497 is below the threshold 0\.5$/],
		['confidence a hair under the threshold', { confidence: 0.49999 }, 'review', /^confidence 0\.49999 is below the threshold 0\.5$/],
		['missing stage', { stage: null }, 'review', /classification\.stage is missing/],
		['missing track', { track: null }, 'review', /classification\.track is missing/],
		['consultant track with an engineering role', { track: 'consultant', primaryRole: 'ml_engineer' }, 'review', /conflicting signals: track consultant with primaryRole ml_engineer/],
		['engineer track with the consultant role', { primaryRole: 'ai_consultant' }, 'review', /conflicting signals: track engineer with primaryRole ai_consultant/],
		['lead with strong job-seeker votes', { reasons: [vote('lead', 4), vote('job_seeker', 3.5)] }, 'review', /conflicting signals: lead votes 4 against job_seeker votes 3\.5/],
		['lead with weak spam votes', { reasons: [vote('lead', 4), vote('spam', 1)] }, 'engineer', /engineer track/],
		['job seeker with nearly as strong lead votes', { disposition: 'job_seeker', stage: null, track: null, primaryRole: null, reasons: [vote('job_seeker', 3), vote('lead', 2.5)] }, 'review', /conflicting signals: classified job_seeker/],
	])('%s', (_name, overrides, output, reason) => {
		const decision = decideRoute(c(overrides));
		expect(decision.output).toBe(output);
		expect(decision.reasons.length).toBeGreaterThan(0);
		expect(decision.reasons.join('; ')).toMatch(reason);
	});

	it('uses the caller threshold', () => {
		expect(decideRoute(c({ confidence: 0.7 }), { confidenceThreshold: 0.8 }).output).toBe('review');
		expect(decideRoute(c({ confidence: 0.7 }), { confidenceThreshold: 0.6 }).output).toBe('engineer');
	});

	it('lists every reason for review', () => {
		expect(decideRoute(c({ stage: null, confidence: 0.1 })).reasons).toHaveLength(2);
	});

	it('maps outputs to the node output indexes', () => {
		expect(ROUTE_OUTPUTS.map(outputIndex)).toEqual([0, 1, 2, 3, 4]);
	});
});
