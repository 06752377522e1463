import { InputError } from '../../../core/errors';
import { escapeFor, parseTemplate, renderTemplate } from '../../../core/outreach/template';

const item = {
	name: 'Ana',
	candidate: { name: 'Jürgen <b>Ö</b>', skills: ['rag', 'mlops'], years: 7, empty: '  ', none: null, obj: { a: 1 } },
	brief: { problem: 'Ship a RAG assistant & keep it up', deliverables: ['POC', 'MVP'] },
};

describe('renderTemplate', () => {
	it.each([
		['Hi {{candidate.name}}', 'none', 'Hi Jürgen <b>Ö</b>'],
		['Hi {{ candidate.name }}', 'none', 'Hi Jürgen <b>Ö</b>'],
		['<p>{{candidate.name}}</p>', 'html', '<p>Jürgen &lt;b&gt;Ö&lt;/b&gt;</p>'],
		['{{brief.problem}}', 'slack', 'Ship a RAG assistant &amp; keep it up'],
		['{{candidate.skills}}', 'none', 'rag, mlops'],
		['{{brief.deliverables.1}}', 'none', 'MVP'],
		['{{candidate.years}} years', 'none', '7 years'],
		['Hi {{candidate.nickname|there}}', 'none', 'Hi there'],
		['Hi {{candidate.empty|there}}', 'none', 'Hi there'],
		['Hi {{candidate.none|there friend}}!', 'none', 'Hi there friend!'],
		['[{{candidate.none|}}]', 'none', '[]'],
		['{{x|<i>}}', 'html', '&lt;i&gt;'],
		['literal \\{{name}}', 'none', 'literal {{name}}'],
		['a }} b', 'none', 'a }} b'],
		['e={{name}}', 'url', 'e=Ana'],
		['e={{candidate.name}}', 'url', `e=${encodeURIComponent('Jürgen <b>Ö</b>')}`],
	] as const)('%s (%s)', (source, escape, expected) => {
		expect(renderTemplate(parseTemplate(source, 'template.text'), item, escape, 'text')).toBe(expected);
	});

	it.each([
		['Hi {{candidate.nickname}}', 'candidate.nickname'],
		['Hi {{candidate.empty}}', 'candidate.empty'],
		['{{constructor}}', 'constructor'],
		['{{candidate.name.length}}', 'candidate.name.length'],
		['{{__proto__}}', '__proto__'],
	])('a missing value is an InputError naming the placeholder: %s', (source, field) => {
		const template = parseTemplate(source, 'template.text');
		try {
			renderTemplate(template, item, 'none', 'text');
			throw new Error('expected an error');
		} catch (error) {
			expect(error).toBeInstanceOf(InputError);
			expect((error as InputError).field).toBe(field);
			expect((error as InputError).message).toContain(`{{${field}}}`);
		}
	});

	it('refuses to insert an object', () => {
		expect(() => renderTemplate(parseTemplate('{{candidate.obj}}', 't'), item, 'none', 'text')).toThrow(/object/);
	});
});

describe('parseTemplate', () => {
	it.each(['Hi {{name', 'Hi {{}}', 'Hi {{a b}}', 'Hi {{a..b}}', '{{a.b()}}', '{{ $json.x }}x{{eval(1)}}'])(
		'rejects %s naming the field',
		(source) => {
			expect(() => parseTemplate(source, 'template.subject')).toThrow(InputError);
			try {
				parseTemplate(source, 'template.subject');
			} catch (error) {
				expect((error as InputError).field).toBe('template.subject');
			}
		},
	);

	it('lists placeholders in order', () => {
		expect(parseTemplate('{{a}} {{b.c|x}} {{a}}', 't').placeholders).toEqual(['a', 'b.c', 'a']);
	});

	it('renders a 1 MB value without trouble', () => {
		const big = 'x'.repeat(1_000_000);
		expect(renderTemplate(parseTemplate('{{v}}', 't'), { v: big }, 'html', 'text')).toHaveLength(1_000_000);
	});
});

describe('escapeFor', () => {
	it('escapes HTML attribute and text specials', () => {
		expect(escapeFor('html', `<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
	});
	it('neutralises Slack mentions and links', () => {
		expect(escapeFor('slack', '<!channel> <http://evil|click>')).toBe('&lt;!channel&gt; &lt;http://evil|click&gt;');
	});
});
