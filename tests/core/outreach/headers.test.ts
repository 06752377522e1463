import { InputError } from '../../../core/errors';
import { headerText, parseAddress } from '../../../core/outreach/headers';

describe('headerText', () => {
	it.each([
		['Ann\r\nBcc: evil@example.com', 'Ann Bcc: evil@example.com'],
		['Ann\nX-Evil: 1', 'Ann X-Evil: 1'],
		['Ann\rX', 'Ann X'],
		['tab\there', 'tab here'],
		['line\u2028sep\u2029par\u0085nel', 'line sep par nel'],
		['  spaced   out  ', 'spaced out'],
		['Zoë Ñandú 王小明', 'Zoë Ñandú 王小明'],
	])('%j becomes one line', (input, expected) => {
		const out = headerText(input);
		expect(out).toBe(expected);
		expect(out).not.toMatch(/[\r\n]/);
	});
});

describe('parseAddress', () => {
	it.each([
		['ann@example.com', 'ann@example.com', 'example.com'],
		['  Ann.Lee+tag@Example.COM ', 'Ann.Lee+tag@example.com', 'example.com'],
		['o\'brien@sub.example.co.uk', "o'brien@sub.example.co.uk", 'sub.example.co.uk'],
		// Internationalised domains in their one canonical (IDNA ASCII) form.
		['jürgen@bücher.de', 'jürgen@xn--bcher-kva.de', 'xn--bcher-kva.de'],
		['jürgen@xn--bcher-kva.de', 'jürgen@xn--bcher-kva.de', 'xn--bcher-kva.de'],
	])('accepts %s', (input, address, domain) => {
		const parsed = parseAddress(input, 'email');
		expect(parsed.address).toBe(address);
		expect(parsed.domain).toBe(domain);
		// The identity drops a sub-address tag: ann.lee+tag@ is ann.lee@'s mailbox.
		expect(parsed.key).toBe(address.toLowerCase().replace(/\+[^@]*@/, '@'));
	});

	it.each([
		'',
		'   ',
		'plainaddress',
		'@example.com',
		'ann@',
		'ann@example',
		'ann@@example.com',
		'ann@example..com',
		'.ann@example.com',
		'ann.@example.com',
		'ann lee@example.com',
		'ann@example.com\r\nBcc: evil@example.com',
		'ann@example.com\nX: y',
		'"Ann" <ann@example.com>',
		'ann@-example.com',
		'ann@1.2.3.4',
		'a'.repeat(65) + '@example.com',
		'ann@' + 'a'.repeat(250) + '.com',
		42,
		null,
		{ email: 'ann@example.com' },
	])('refuses %j per item, naming the field', (input) => {
		expect(() => parseAddress(input, 'candidate.email')).toThrow(InputError);
		try {
			parseAddress(input, 'candidate.email');
		} catch (error) {
			expect((error as InputError).field).toBe('candidate.email');
		}
	});
});
