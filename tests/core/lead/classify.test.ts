import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../../core/errors';
import { budgetInThousands, classifyLead, classifyRecord, normaliseLead, sizeBucket } from '../../../core/lead/classify';
import { compileRuleset, defaultRuleset } from '../../../core/lead/ruleset';
import { Classification, type Lead } from '../../../core/lead/schema';
import { cleanText, foldText } from '../../../core/text/clean';
import { ScanState } from '../../../core/text/literals';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures', 'leads');

interface Labelled {
	id: string;
	labels: { disposition: string; stage?: string; track?: string; primaryRole?: string };
	[key: string]: unknown;
}

function readLabelled(file: string): Labelled[] {
	return readFileSync(path.join(FIXTURES, file), 'utf8')
		.split('\n')
		.filter((l) => l.trim() !== '')
		.map((l) => JSON.parse(l) as Labelled);
}

const NOW = new Date('2025-03-01T09:00:00Z');

/** Rubric section 2, short paraphrases in the five supported languages. */
const RUBRIC_CASES: Array<[string, string, string | null, string | null, string | null]> = [
	// [message, disposition, stage, track, primaryRole]
	['We have never used AI. Where should we even start, and is it worth it for a company our size? Looking for an AI strategy advisor, no development.', 'lead', 'early', 'consultant', 'ai_consultant'],
	['Our use case is clear and the data is labelled. We need an ML engineer to train a demand forecasting model and deploy it.', 'lead', 'growth', 'engineer', 'ml_engineer'],
	['We run 30 models in production on Kubernetes. Need an MLOps engineer for drift monitoring and GPU cost reduction.', 'lead', 'scale', 'engineer', 'mlops_engineer'],
	['Our chatbot POC is stuck in pilot mode. We need someone to re-scope it with us and then build it properly with RAG for production.', 'lead', 'growth', 'hybrid', 'llm_engineer'],
	['Buscamos un consultor de IA: nunca hemos usado inteligencia artificial y queremos una hoja de ruta. No queremos desarrollo.', 'lead', 'early', 'consultant', 'ai_consultant'],
	['Wir betreiben über 15 Modelle produktiv und suchen einen MLOps Engineer für Monitoring und Kubernetes.', 'lead', 'scale', 'engineer', 'mlops_engineer'],
	["Nous sommes une startup de 4 personnes, sans IA. Nous cherchons une personne senior pour définir le produit et ensuite développer un premier assistant avec un LLM.", 'lead', 'early', 'hybrid', 'llm_engineer'],
	['Precisamos de um engenheiro de machine learning para treinar um modelo de previsão; o caso de uso está definido e os dados estão prontos.', 'lead', 'growth', 'engineer', 'ml_engineer'],
	['We want a research scientist to explore novel architectures for our ranking models (dozens of models live); the output is a paper, no production ask.', 'lead', 'scale', 'engineer', 'research_scientist'],
	["I'm a data scientist with 5 years of experience looking for new opportunities. Please find my CV attached.", 'job_seeker', null, null, null],
	['Soy ingeniera de machine learning y busco trabajo remoto. ¿Cómo hago para entrar en su bolsa de talentos?', 'job_seeker', null, null, null],
	['Je suis data scientist et je cherche un poste. Mon CV est disponible.', 'job_seeker', null, null, null],
	['We are a nearshore staffing company and place senior ML engineers with agencies like yours. Can I send a few profiles?', 'vendor', null, null, null],
	['Wir bieten SEO und Webdesign für Agenturen. Kostenloses Audit? Reply YES for a free audit.', 'vendor', null, null, null],
	['Oferecemos desenvolvedores dedicados para agências como a sua; programa de parceria com comissão de 10%.', 'vendor', null, null, null],
	['Best online casino, free spins, no deposit bonus!!!', 'spam', null, null, null],
	['asdkj qwe zxc asd', 'spam', null, null, null],
	['test - please ignore', 'spam', null, null, null],
	['can u write my essay due tomorrow', 'spam', null, null, null],
];

describe('classifyLead: rubric cases in five languages', () => {
	test.each(RUBRIC_CASES)('%s', (message, disposition, stage, track, primaryRole) => {
		const got = classifyLead({ message }, defaultRuleset, NOW);
		expect(Classification.parse(got)).toEqual(got);
		expect({ disposition: got.disposition, stage: got.stage, track: got.track, primaryRole: got.primaryRole }).toEqual({
			disposition,
			stage,
			track,
			primaryRole,
		});
	});
});

describe.each([
	['dev-sample.jsonl', 1],
	['heldout.jsonl', 0.95],
	// Written after the ruleset, by someone else, from the rubric alone: a generalisation check.
	['heldout-lead-engineer.jsonl', 0.9],
])('classifyLead on fixture %s', (file, minAccuracy) => {
	const rows = readLabelled(file);
	test(`per-label accuracy >= ${minAccuracy}`, () => {
		const right = { disposition: 0, stage: 0, track: 0, primaryRole: 0 };
		let leads = 0;
		const misses: string[] = [];
		for (const row of rows) {
			const { labels, ...fields } = row;
			const got = classifyLead(normaliseLead(fields), defaultRuleset, NOW);
			if (got.disposition === labels.disposition) right.disposition++;
			else misses.push(`${row.id} disposition ${got.disposition}`);
			if (labels.disposition !== 'lead') continue;
			leads++;
			for (const key of ['stage', 'track', 'primaryRole'] as const) {
				if (got[key] === labels[key]) right[key]++;
				else misses.push(`${row.id} ${key} ${String(got[key])} (true ${labels[key]})`);
			}
		}
		expect(misses.length === 0 || minAccuracy < 1 ? [] : misses).toEqual([]);
		expect(right.disposition / rows.length).toBeGreaterThanOrEqual(minAccuracy);
		for (const key of ['stage', 'track', 'primaryRole'] as const) expect(right[key] / leads).toBeGreaterThanOrEqual(minAccuracy);
	});
});

describe('classifyLead: output contract', () => {
	const lead: Lead = {
		companySize: '250+',
		budget: '$80k-120k',
		timeline: 'ASAP',
		message: 'We need an LLM engineer to build a RAG assistant over our knowledge base. Scope is clear.',
	};

	test('valid Classification with reasons and evidence', () => {
		const got = classifyLead(lead, defaultRuleset, NOW);
		expect(Classification.safeParse(got).success).toBe(true);
		expect(got.method).toBe('rules');
		expect(got.rulesetVersion).toBe(defaultRuleset.version);
		expect(got.reasons.some((r) => r.label === 'disposition' && r.evidence)).toBe(true);
		expect(got.reasons.some((r) => r.label === 'primaryRole' && r.value === 'llm_engineer')).toBe(true);
	});

	test('deterministic', () => {
		expect(classifyLead(lead, defaultRuleset, NOW)).toEqual(classifyLead({ ...lead }, defaultRuleset, NOW));
	});

	test('a clear, urgent lead from a large company outranks a vague small one; non-leads rank lowest', () => {
		const strong = classifyLead(lead, defaultRuleset, NOW);
		const weak = classifyLead({ companySize: 'Less than 10', message: 'is AI worth it for us? not sure where to start' }, defaultRuleset, NOW);
		const seeker = classifyLead({ companySize: '250+', message: "I'm an ML engineer looking for new opportunities, CV attached" }, defaultRuleset, NOW);
		expect(strong.priority).toBeGreaterThan(weak.priority);
		expect(weak.priority).toBeGreaterThan(seeker.priority);
		expect(seeker.priority).toBeLessThanOrEqual(10);
	});

	test('consultant track always staffs an ai_consultant', () => {
		const got = classifyLead({ message: 'We need an advisor for an AI roadmap and governance review. We do not require development.' }, defaultRuleset, NOW);
		expect(got.track).toBe('consultant');
		expect(got.primaryRole).toBe('ai_consultant');
	});

	test('confidence is lower for thin evidence than for a clear lead', () => {
		const clear = classifyLead(lead, defaultRuleset, NOW);
		const thin = classifyLead({ message: 'we need ai' }, defaultRuleset, NOW);
		expect(thin.confidence).toBeLessThan(clear.confidence);
	});
});

describe('classifyLead: hostile and degenerate input', () => {
	test.each<[string, Lead]>([
		['empty message', { message: '' }],
		['missing message', { name: 'A', email: 'a@b.c' }],
		['whitespace only', { message: '   \n\t ' }],
		['only links', { message: 'http://a.example http://b.example http://c.example' }],
		['gibberish', { message: 'xkcd qwpo zzvb ttrq mnbv' }],
		['binary junk', { message: '\u0000\u0001\u0002\uFFFD\uFFFD\u0007' }],
		['emoji only', { message: '🚀🚀🚀' }],
	])('%s → spam with low-ish confidence', (_name, input) => {
		const got = classifyLead(input, defaultRuleset, NOW);
		expect(got.disposition).toBe('spam');
		expect(got.stage).toBeNull();
		expect(got.confidence).toBeLessThanOrEqual(0.9);
		expect(Classification.safeParse(got).success).toBe(true);
	});

	test('1 MB message completes and stays a valid verdict', () => {
		const message = 'We need an ML engineer to build a forecasting model for our stores. '.repeat(16_000);
		expect(message.length).toBeGreaterThan(1_000_000);
		const got = classifyLead({ message }, defaultRuleset, NOW);
		expect(got.disposition).toBe('lead');
		expect(Classification.safeParse(got).success).toBe(true);
	});

	test('HTML message is read as text', () => {
		const got = classifyLead(
			{ message: '<p>Hello,</p><p>We&#39;re looking for an <b>MLOps engineer</b> to set up CI/CD and monitoring for our 12 production models.</p>' },
			defaultRuleset,
			NOW,
		);
		expect(got).toMatchObject({ disposition: 'lead', stage: 'scale', track: 'engineer', primaryRole: 'mlops_engineer' });
	});

	test('Cyrillic money-making spam', () => {
		expect(classifyLead({ message: 'Хочешь зарабатывать от 5000$ в месяц не выходя из дома? Пиши в Телеграм' }).disposition).toBe('spam');
	});
});

describe('normaliseLead', () => {
	test('maps dotted paths, coerces numbers and booleans, drops null', () => {
		const lead = normaliseLead(
			{ form: { body: 'hello', size: 300 }, answers: [{ text: 'ACME' }], email: null, id: 7, source: true },
			{ message: 'form.body', companySize: 'form.size', company: 'answers[0].text' },
		);
		expect(lead).toEqual({ id: '7', message: 'hello', companySize: '300', company: 'ACME', source: 'true' });
	});

	test('a flat key containing a dot wins over a path', () => {
		expect(normaliseLead({ 'fields.msg': 'flat' }, { message: 'fields.msg' }).message).toBe('flat');
	});

	test.each<[Record<string, unknown>, Partial<Record<keyof Lead, string>>, string]>([
		[{ message: { text: 'x' } }, {}, 'message'],
		[{ name: ['a'] }, {}, 'name'],
		[{ form: { body: { nested: 1 } } }, { message: 'form.body' }, 'form.body'],
	])('rejects non-text %p naming the field', (input, mapping, field) => {
		expect(() => normaliseLead(input, mapping)).toThrow(InputError);
		try {
			normaliseLead(input, mapping);
		} catch (e) {
			expect((e as InputError).field).toBe(field);
		}
	});

	test('bounds short fields', () => {
		expect(normaliseLead({ name: 'x'.repeat(10_000) }).name?.length).toBe(2_000);
	});

	test('classifyRecord combines both steps', () => {
		expect(classifyRecord({ body: 'test - please ignore' }, { mapping: { message: 'body' } }).disposition).toBe('spam');
	});
});

describe('helpers', () => {
	test.each<[string | undefined, string | null]>([
		['Less than 10', 'Less than 10'],
		['10-50', '10-50'],
		['50 - 250', '50-250'],
		['250+', '250+'],
		['1000+', '250+'],
		['120 employees', '50-250'],
		['', null],
		[undefined, null],
		['unknown', null],
	])('sizeBucket(%p)', (input, expected) => {
		expect(sizeBucket(input)).toBe(expected);
	});

	test.each<[string, number | null]>([
		['$80k-120k', 120],
		['€60-90k', 90],
		['$100k+', 100],
		['£600/day', 36],
		['$5k/month', 30],
		['Under $5k', 5],
		['1,500,000 USD', 1500],
		['$2m', 2000],
		['Equity + small cash', null],
	])('budgetInThousands(%p)', (input, expected) => {
		expect(budgetInThousands(input)).toBe(expected);
	});
});

describe('literal gating is exact', () => {
	// Every branch, tried through its gate (and sticky starts), must give exactly what a plain regex scan gives.
	const texts = [
		...readLabelled('dev-sample.jsonl'),
		...readLabelled('heldout.jsonl'),
	].map((r) => foldText(cleanText(r.message).text));
	texts.push('', 'a', 'in production for years. we\'re a team of 4 — no ai yet', foldText('Não usamos IA; wir haben keine KI; nous n\'avons pas d\'IA'));
	const compiled = compileRuleset(defaultRuleset);

	test('gated and sticky results equal plain exec on every fixture text', () => {
		const state = new ScanState(compiled.literals.size);
		let checked = 0;
		for (const text of texts) {
			state.reset();
			compiled.literals.scan(text, state);
			for (const signal of compiled.signals) {
				for (const branch of signal.branches) {
					const plain = branch.re.exec(text);
					const open = branch.gate === null || branch.gate.some((id) => state.found[id] === 1);
					if (!open) {
						expect(plain).toBeNull();
						continue;
					}
					if (branch.sticky && branch.leading) {
						const fast = state.execAt(branch.sticky, text, branch.leading);
						expect(fast?.index ?? null).toBe(plain?.index ?? null);
						expect(fast?.[0] ?? null).toBe(plain?.[0] ?? null);
					}
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThan(100);
	});
});
