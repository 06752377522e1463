import { smtpSettingsFromUrl } from '../../cli/smtp-url';

describe('smtpSettingsFromUrl', () => {
	it.each([
		['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false }],
		['smtps://mail.example.com', { host: 'mail.example.com', port: 465, secure: true }],
		['smtp://u%40x:p%3Aw@h:25?ignoreTLS=true', { host: 'h', port: 25, user: 'u@x', password: 'p:w', ignoreTls: true }],
	])('%s', (url, expected) => {
		expect(smtpSettingsFromUrl(url)).toMatchObject(expected);
	});
	it.each(['http://x', 'nonsense'])('refuses %s', (url) => {
		expect(() => smtpSettingsFromUrl(url)).toThrow(/smtp-url/);
	});
});
