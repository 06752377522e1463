import { parseAddress } from '../../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage, sanitizeEmailHtml } from '../../../core/outreach/message';

function html(template: string, item: Record<string, unknown>): string {
	const compiled = compileOutreachTemplate({ campaign: 'c', subject: 's', text: 't', html: template });
	return composeMessage(compiled, item, { address: parseAddress('ann@example.com', 'email') }, 'smtp').html ?? '';
}

describe('HTML part: nothing that runs code gets through, wherever an item value lands', () => {
	it.each([
		['a javascript: URL in a quoted href', '<a href="{{url}}">profile</a>', { url: 'javascript:alert(1)' }, /javascript:/i],
		['a javascript: URL hidden by a tab and upper case', '<a href="{{url}}">p</a>', { url: ' JaVa\tScRiPt:alert(1)' }, /script:/i],
		['a data: URL in an image', '<img src="{{src}}">', { src: 'data:text/html;base64,PHNjcmlwdD4=' }, /data:/i],
		['an event handler through an unquoted attribute', '<a href={{url}}>p</a>', { url: 'https://x.example onmouseover=alert(1)' }, /onmouseover/i],
		['an event handler through an unquoted img src', '<img src={{src}}>', { src: 'x onerror=alert(1)' }, /onerror/i],
		['a quote that tries to close the attribute', '<a href="{{url}}">p</a>', { url: 'https://x.example/" onclick="alert(1)' }, /onclick="/i],
		['markup in a text value', '<p>{{name}}</p>', { name: '<script>alert(1)</script><img src=x onerror=alert(1)>' }, /<script|<img/i],
	])('%s', (_label, template, item, forbidden) => {
		const out = html(template, item);
		expect(out).not.toMatch(forbidden);
	});

	it('keeps what ordinary HTML email needs', () => {
		const out = html(
			'<table cellpadding="4"><tr><td style="color:#333" colspan="2"><a href="https://agency.example/jobs?id={{id}}&amp;src=mail" target="_blank">See the role</a> <img src="https://agency.example/logo.png" alt="Logo" width="80"></td></tr></table>',
			{ id: 'R-1' },
		);
		expect(out).toBe(
			'<table cellpadding="4"><tr><td style="color:#333" colspan="2"><a href="https://agency.example/jobs?id=R-1&amp;src=mail" target="_blank">See the role</a> <img src="https://agency.example/logo.png" alt="Logo" width="80" /></td></tr></table>',
		);
	});

	it("the template's own script, style and handlers are dropped too: an email has no use for them", () => {
		expect(sanitizeEmailHtml('<p onclick="x()">Hi</p><script>x()</script><iframe src="https://x.example"></iframe>')).toBe('<p>Hi</p>');
	});
});
