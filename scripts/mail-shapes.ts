/**
 * The same lead as it arrives in a real inbox: as an HTML email with a linked
 * signature, forwarded by a colleague (Gmail, Outlook, Apple), with a legal
 * disclaimer, or with a phone footer. Used by `npm run eval` and the tests to
 * check that no label moves when only the wrapping changes.
 */
export type MailShape = 'html' | 'gmail-forward' | 'outlook-forward' | 'apple-forward' | 'disclaimer' | 'phone-footer' | 'reply';

export const MAIL_SHAPES: MailShape[] = ['html', 'gmail-forward', 'outlook-forward', 'apple-forward', 'disclaimer', 'phone-footer', 'reply'];

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function wrapMessage(message: string, shape: MailShape, sender: { name?: string; email?: string } = {}): string {
	const name = sender.name || 'Sam Taylor';
	const email = sender.email || 'sam@example.com';
	switch (shape) {
		case 'html':
			return `<html><head><style>p{margin:0}</style></head><body>${message
				.split(/\n{2,}/)
				.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
				.join('')}<p>Kind regards,<br>${escapeHtml(name)}</p><p><a href="https://example.com">example.com</a> | <a href="https://www.linkedin.com/company/example">LinkedIn</a> | <a href="https://twitter.com/example">Twitter</a> | <a href="https://example.com/book">Book a call</a></p></body></html>`;
		case 'gmail-forward':
			return `Could you take a look at this one?\n\n---------- Forwarded message ---------\nFrom: ${name} <${email}>\nDate: Tue, 3 Mar 2026 at 10:02\nSubject: Enquiry\nTo: <info@agency.example>\n\n${message}`;
		case 'outlook-forward':
			return `FYI, see below.\n\nFrom: ${name} <${email}>\nSent: Tuesday, March 3, 2026 10:02 AM\nTo: Info <info@agency.example>\nSubject: FW: Enquiry\n\n${message}`;
		case 'apple-forward':
			return `Begin forwarded message:\n\nFrom: ${name} <${email}>\nSubject: Enquiry\nDate: 3 March 2026 at 10:02:11 GMT\nTo: info@agency.example\n\n${message}`;
		case 'disclaimer':
			return `${message}\n\nCONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the use of the addressee. If you are not the intended recipient, any disclosure, copying, distribution or use is strictly prohibited. If you have received this e-mail in error, please notify the sender immediately and delete it. Our company accepts no liability for the content of this e-mail, which is urgent, priority business of the highest importance to the board.`;
		case 'phone-footer':
			return `${message}\n\nSent from my iPhone`;
		case 'reply':
			return `${message}\n\nOn Mon, 2 Mar 2026 at 09:00, Talent Agency <hello@agency.example> wrote:\n> Thanks for getting in touch! Are you looking for a consultant, an engineer, or both?\n> We place LLM engineers, MLOps engineers and research scientists.\n> Best, the team`;
	}
}
