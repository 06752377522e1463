import { buildBrief } from '../../../core/brief/build';
import { Brief } from '../../../core/brief/schema';
import { stackOf } from '../../../core/brief/stack';
import { TEMPLATE_VERSION } from '../../../core/brief/templates';
import { InputError } from '../../../core/errors';
import type { Classification, Lead, Role, Stage, Track } from '../../../core/lead/schema';

function classification(stage: Stage | null, track: Track | null, primaryRole: Role | null, reasons: Classification['reasons'] = []): Classification {
	return { disposition: 'lead', stage, track, primaryRole, confidence: 0.9, priority: 50, reasons, rulesetVersion: 'test/1' };
}

const forecasting: Lead = {
	company: 'Midvale Energy',
	message:
		"Hello,\nWe're looking for help building a short-term load forecasting model for our network. SCADA history is in our data lake on Snowflake. We need it integrated into the dashboard.\n\nRuth",
};

describe('buildBrief', () => {
	it.each<[string, Stage, Track, Role, Role[]]>([
		['consultant track staffs the consultant only', 'early', 'consultant', 'ai_consultant', ['ai_consultant']],
		['engineer track staffs the engineering role', 'growth', 'engineer', 'ml_engineer', ['ml_engineer']],
		['hybrid lists the engineer first, the implied consultant after', 'early', 'hybrid', 'llm_engineer', ['llm_engineer', 'ai_consultant']],
		['research work', 'scale', 'engineer', 'research_scientist', ['research_scientist']],
		['mlops at scale', 'scale', 'hybrid', 'mlops_engineer', ['mlops_engineer', 'ai_consultant']],
	])('%s', (_name, stage, track, role, roles) => {
		const brief = buildBrief(forecasting, classification(stage, track, role));
		expect(Brief.parse(brief)).toEqual(brief);
		expect(brief.roles).toEqual(roles);
		expect(brief.stage).toBe(stage);
		expect(brief.track).toBe(track);
		expect(brief.phaseGates.map((g) => g.phase)).toEqual(['poc', 'mvp', 'production']);
		for (const gate of brief.phaseGates) expect(gate.exitCriterion.length).toBeGreaterThan(20);
		expect(brief.deliverables.length).toBeGreaterThanOrEqual(3);
		// Every deliverable falls due within the 90 days, in order.
		const weeks = brief.deliverables.map((d) => Number(/\(week (\d+)\)$/.exec(d)?.[1]));
		for (const w of weeks) expect(w).toBeLessThanOrEqual(13);
		expect([...weeks].sort((a, b) => a - b)).toEqual(weeks);
		expect(brief.templateVersion).toBe(TEMPLATE_VERSION);
		expect(brief.reasons).toContainEqual(expect.objectContaining({ signal: 'brief.template' }));
	});

	it.each<[Track, Role, Role, Role | null]>([
		['consultant', 'ai_consultant', 'ai_consultant', null],
		['engineer', 'llm_engineer', 'llm_engineer', 'llm_engineer'],
		['hybrid', 'mlops_engineer', 'ai_consultant', 'mlops_engineer'],
	])('handoff for %s: spec by %s… ', (track, role, specBy, feasibilityBy) => {
		const brief = buildBrief(forecasting, classification('growth', track, role));
		expect(brief.handoff.specBy).toBe(specBy);
		expect(brief.handoff.feasibilityBy).toBe(feasibilityBy);
		expect(brief.handoff.syncCadence).not.toBe('');
	});

	it('takes the problem from the message and the stack from its words', () => {
		const brief = buildBrief(forecasting, classification('growth', 'engineer', 'ml_engineer'));
		expect(brief.problem).toBe(
			"We're looking for help building a short-term load forecasting model for our network. SCADA history is in our data lake on Snowflake.",
		);
		expect(brief.stack).toEqual(['snowflake', 'forecasting']);
		expect(brief.reasons).toContainEqual({ label: 'stack', signal: 'stack.snowflake', value: 'snowflake', evidence: 'Snowflake' });
	});

	it('falls back to a deterministic problem when the message says nothing', () => {
		const brief = buildBrief({ company: 'Acme', message: 'Hi!' }, classification('early', 'consultant', 'ai_consultant'));
		expect(brief.problem).toBe('Acme wants strategic AI advice (early stage); the message gives no further detail.');
	});

	it('hybrid work opens with the spec and its first gate waits for the handoff', () => {
		const brief = buildBrief(forecasting, classification('growth', 'hybrid', 'ml_engineer'));
		expect(brief.deliverables[0]).toMatch(/^Re-scoping/);
		expect(brief.phaseGates[0].exitCriterion).toMatch(/^The spec is signed off and the engineer has confirmed feasibility/);
	});

	it.each([
		['compliance', 'We run 30 models in production and the EU AI Act applies to our credit decisioning.', 'compliance'],
		['a stalled proof of concept', 'Our proof of concept has been stuck for a year and nobody owns it.', 'stalled_poc'],
		['a hiring plan', "We don't know what kind of team to build or whether to hire or partner.", 'hiring_plan'],
		['build or buy', 'We must decide what to build vs. buy for the new product line.', 'build_vs_buy'],
	])('a consultant brief adds the %s deliverable the lead asks for', (_name, message, focus) => {
		const brief = buildBrief({ message }, classification('scale', 'consultant', 'ai_consultant'));
		expect(brief.focus).toEqual([focus]);
		expect(brief.reasons).toContainEqual(expect.objectContaining({ signal: `focus.${focus}` }));
		expect(brief.deliverables.length).toBe(5);
	});

	it('engineer briefs take no consultant extras', () => {
		const brief = buildBrief({ message: 'EU AI Act audit of our model, then deploy it.' }, classification('growth', 'engineer', 'mlops_engineer'));
		expect(brief.focus).toEqual([]);
	});

	it('adds a second engineering role when the votes for it are strong', () => {
		const reasons = [
			{ label: 'primaryRole', signal: 'role.llm', value: 'llm_engineer', weight: 3 },
			{ label: 'primaryRole', signal: 'role.mlops', value: 'mlops_engineer', weight: 2 },
			{ label: 'primaryRole', signal: 'role.ml', value: 'ml_engineer', weight: 1 },
		];
		const brief = buildBrief({ message: 'RAG assistant on Kubernetes with monitoring.' }, classification('growth', 'hybrid', 'llm_engineer', reasons));
		expect(brief.roles).toEqual(['llm_engineer', 'mlops_engineer', 'ai_consultant']);
	});

	it('uses ml_engineer when an engineering track names no engineering role', () => {
		const brief = buildBrief({ message: 'Build us a model.' }, classification('growth', 'engineer', 'ai_consultant'));
		expect(brief.roles).toEqual(['ml_engineer']);
		expect(brief.reasons).toContainEqual(expect.objectContaining({ signal: 'brief.default_engineer_role' }));
	});

	it.each([
		[classification(null, 'engineer', 'ml_engineer'), 'classification.stage'],
		[classification('growth', null, 'ml_engineer'), 'classification.track'],
	])('names the missing field', (c, field) => {
		expect(() => buildBrief({ message: 'x' }, c)).toThrow(InputError);
		try {
			buildBrief({ message: 'x' }, c);
		} catch (e) {
			expect((e as InputError).field).toBe(field);
		}
	});

	it('is deterministic', () => {
		const c = classification('scale', 'hybrid', 'llm_engineer');
		expect(buildBrief(forecasting, c)).toEqual(buildBrief(forecasting, c));
	});
});

describe('stackOf', () => {
	it.each([
		['We deploy PyTorch models on EKS with MLflow', ['pytorch', 'kubernetes', 'mlflow', 'aws']],
		['RAG chatbot over SharePoint with Azure OpenAI', ['sharepoint', 'azure', 'openai', 'rag', 'chatbot']],
		['nothing technical here', []],
		['we have 120 support agents', []],
	])('%s', (text, expected) => {
		expect(stackOf(text).map((s) => s.name).sort()).toEqual([...expected].sort());
	});
});
