import { cleanText, foldText } from '../../../core/text/clean';

describe('cleanText', () => {
	test.each([
		['plain text stays', 'We need an ML engineer.', 'We need an ML engineer.'],
		['entities decoded', 'We&#39;re migrating &amp; we&nbsp;need help &quot;now&quot; &#x263A;', 'We\'re migrating & we need help "now" ☺'],
		['block tags become newlines, the sign-off goes', '<p>Hello,</p><p>We need help.<br/>Thanks</p>', 'Hello,\n\nWe need help.'],
		['inline tags stripped', 'We need <b>an</b> <a href="x">engineer</a>', 'We need an engineer'],
		['script and style content dropped', 'Hi<script>alert(1)</script><style>p{}</style> there', 'Hi there'],
		['html comment dropped', 'a<!-- hidden -->b', 'ab'],
		['unclosed comment drops the rest', 'a<!-- never closed', 'a'],
		['quoted lines dropped', 'Our reply\n> earlier text\n> more', 'Our reply'],
		['On ... wrote: cuts the thread', 'Thanks!\nOn Mon, 3 Jun 2024, Bob <bob@x.com> wrote:\nold message', 'Thanks!'],
		['German reply header', 'Danke\nAm 03.06.2024 um 10:00 schrieb Bob:\nalt', 'Danke'],
		['Original Message cuts', 'New\n-----Original Message-----\nFrom: a', 'New'],
		['From/Sent header block cuts', 'New text\nFrom: Bob <b@x.com>\nSent: Monday\nold', 'New text'],
		['From: alone is kept', 'From: our CTO\nWe need help', 'From: our CTO\nWe need help'],
		['signature delimiter cuts', 'We need help\n-- \nJane Doe | CEO', 'We need help'],
		['confidentiality footer cuts', 'Please call.\nThis email and any attachments are confidential and may be privileged.', 'Please call.'],
		['mobile boilerplate dropped', 'need help asap\nSent from my iPhone', 'need help asap'],
		['control characters removed', 'a\u0000b\u0007c\u200Bd\uFEFFe', 'abcde'],
		['lone surrogates removed', 'ok\uD800 fine', 'ok fine'],
		['whitespace normalised', '  a \t b\r\n\r\n\r\n\r\nc  ', 'a b\n\nc'],
		['accents and emoji kept', 'Olá 👋 Müller', 'Olá 👋 Müller'],
	])('%s', (_name, input, expected) => {
		expect(cleanText(input).text).toBe(expected);
	});

	test.each([
		[null, ''],
		[undefined, ''],
		[42, '42'],
		[true, 'true'],
		[{ a: 1 }, ''],
		[['x'], ''],
	])('non-string %p', (input, expected) => {
		expect(cleanText(input)).toEqual({ text: expected, truncated: false, links: 0 });
	});

	test('caps a 1 MB message and reports truncation', () => {
		const big = 'We need an engineer. '.repeat(50_000);
		const { text, truncated } = cleanText(big);
		expect(truncated).toBe(true);
		expect(text.length).toBeLessThanOrEqual(20_000);
	});

	test('hostile markup does not blow up', () => {
		const hostile = '<'.repeat(300_000) + 'a'.repeat(10) + '<!--'.repeat(50_000) + '&#'.repeat(50_000);
		const { text, truncated } = cleanText(hostile);
		expect(truncated).toBe(true);
		expect(typeof text).toBe('string');
	});

	test('binary junk is reduced to printable text', () => {
		const junk = Array.from({ length: 2000 }, (_, i) => String.fromCharCode(i % 32)).join('') + 'hello';
		expect(cleanText(junk).text).toBe('hello');
	});

	test('custom bounds', () => {
		expect(cleanText('abcdef', { maxChars: 3 })).toEqual({ text: 'abc', truncated: true, links: 0 });
		expect(cleanText('abcdef', { maxRawChars: 2 })).toEqual({ text: 'ab', truncated: true, links: 0 });
	});
});

describe('foldText', () => {
	test.each([
		['Développer', 'developper'],
		['Lösung GRÜSSE straße', 'losung grusse strasse'],
		['Não usamos IA', 'nao usamos ia'],
		['ÇA', 'ca'],
		['Привет', 'привет'],
		['plain ascii', 'plain ascii'],
	])('%s', (input, expected) => {
		expect(foldText(input)).toBe(expected);
	});
});
