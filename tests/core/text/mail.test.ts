import { cleanText, matchText } from '../../../core/text/clean';

const REQUEST = 'We need an MLOps engineer to put our churn model behind an API and monitor drift.';

/** Each mail client's shape around the same request: the request survives, the wrapping goes. */
describe('mail shapes keep the request and drop the wrapping', () => {
	test.each([
		['Gmail forward with a note', `Can you help them?\n\n---------- Forwarded message ---------\nFrom: Ana Ruiz <ana@acme.io>\nDate: Tue, 3 Mar 2026 at 10:02\nSubject: ML help\nTo: <ops@acme.io>\n\n${REQUEST}\n\nAna`],
		['Gmail forward, no note', `---------- Forwarded message ---------\nFrom: Ana Ruiz <ana@acme.io>\nDate: Tue, 3 Mar 2026\nSubject: ML help\nTo: ops@acme.io\n\n${REQUEST}`],
		['Outlook forward (FW:)', `FYI\n\nFrom: Ana Ruiz <ana@acme.io>\nSent: Tuesday, March 3, 2026 10:02 AM\nTo: Ops <ops@acme.io>\nSubject: FW: ML help\n\n${REQUEST}`],
		['Outlook forward behind a rule line', `________________________________\nFrom: Ana Ruiz <ana@acme.io>\nSent: Tuesday, March 3, 2026 10:02 AM\nTo: Ops\nSubject: Fwd: ML help\n\n${REQUEST}`],
		['Apple Mail forward', `Begin forwarded message:\n\nFrom: Ana Ruiz <ana@acme.io>\nSubject: ML help\nDate: 3 March 2026 at 10:02:11 GMT\nTo: ops@acme.io\n\n${REQUEST}`],
		['German Outlook forward (WG:)', `Von: Ana Ruiz <ana@acme.de>\nGesendet: Dienstag, 3. März 2026 10:02\nAn: Ops <ops@acme.de>\nBetreff: WG: ML-Hilfe\n\n${REQUEST}`],
		['German Thunderbird forward', `-------- Weitergeleitete Nachricht --------\nBetreff: ML-Hilfe\nDatum: Tue, 3 Mar 2026\nVon: Ana <ana@acme.de>\nAn: ops@acme.de\n\n${REQUEST}`],
		['French Outlook forward (TR:)', `De : Ana Ruiz <ana@acme.fr>\nEnvoyé : mardi 3 mars 2026 10:02\nÀ : Ops <ops@acme.fr>\nObjet : TR: Besoin ML\n\n${REQUEST}`],
		['Spanish forward (RV:)', `De: Ana Ruiz <ana@acme.es>\nEnviado el: martes, 3 de marzo de 2026 10:02\nPara: Ops\nAsunto: RV: Ayuda ML\n\n${REQUEST}`],
		['Italian forward', `---------- Messaggio inoltrato ---------\nDa: Ana <ana@acme.it>\nData: mar 3 mar 2026\nOggetto: Aiuto ML\nA: ops@acme.it\n\n${REQUEST}`],
		['Portuguese forward (ENC:)', `De: Ana <ana@acme.pt>\nEnviada: terça-feira, 3 de março de 2026\nPara: Ops\nAssunto: ENC: Ajuda ML\n\n${REQUEST}`],
		['Dutch forward', `---------- Doorgestuurd bericht ---------\nVan: Ana <ana@acme.nl>\nDatum: di 3 mrt 2026\nOnderwerp: ML hulp\nAan: ops@acme.nl\n\n${REQUEST}`],
		['Polish forward (PD:)', `Od: Ana <ana@acme.pl>\nWysłano: wtorek, 3 marca 2026\nDo: Ops\nTemat: PD: Pomoc ML\n\n${REQUEST}`],
		['reply quoting the agency (Gmail)', `${REQUEST}\n\nOn Tue, 3 Mar 2026 at 10:02, Talent Agency <hello@agency.example> wrote:\n> Thanks for reaching out! Could you tell us more about the role?\n> Best, the team`],
		['reply with a wrapped attribution', `${REQUEST}\n\nOn Tue, 3 Mar 2026 at 10:02, Talent Agency <hello@agency.example>\nwrote:\n> What do you need?`],
		['French reply', `${REQUEST}\n\nLe mar. 3 mars 2026 à 10:02, Talent Agency <hello@agency.example> a écrit :\n> Pouvez-vous préciser ?`],
		['Spanish reply', `${REQUEST}\n\nEl mar, 3 mar 2026 a las 10:02, Talent Agency (<hello@agency.example>) escribió:\n> ¿Qué necesitan?`],
		['Outlook reply header block', `${REQUEST}\n\nFrom: Talent Agency <hello@agency.example>\nSent: Monday, March 2, 2026 9:00 AM\nTo: Ana Ruiz\nSubject: RE: ML help\n\nThanks for your message, what do you need?`],
		['signature after a sign-off', `${REQUEST}\n\nBest regards,\nAna Ruiz\nHead of Data | Acme\n+44 20 7946 0000\nhttps://acme.io | https://linkedin.com/in/anaruiz\nBook a meeting: https://cal.example/ana`],
		['German sign-off and signature', `${REQUEST}\n\nMit freundlichen Grüßen\nAna Ruiz\nAcme GmbH · Hauptstr. 1 · 10115 Berlin\nTel. +49 30 123456\nwww.acme.de`],
		['RFC 3676 signature delimiter', `${REQUEST}\n-- \nAna Ruiz, Acme\nhttps://acme.io`],
		['phone footers', `${REQUEST}\n\nSent from my iPhone`],
		['Outlook mobile footer', `${REQUEST}\n\nGet Outlook for Android`],
		['Spanish phone footer', `${REQUEST}\n\nEnviado desde mi iPhone`],
		['German phone footer', `${REQUEST}\n\nVon meinem iPhone gesendet`],
		['confidentiality disclaimer', `${REQUEST}\n\nAna\n\nCONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and intended solely for the addressee. If you have received it in error, please notify the sender and delete it. Any unauthorised use or disclosure is prohibited.`],
		['disclaimer without a heading', `${REQUEST}\n\nThe information contained in this email is confidential and may be legally privileged. It is intended solely for the addressee. Access to this email by anyone else is unauthorised.`],
		['German disclaimer', `${REQUEST}\n\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Empfänger sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender. Das unerlaubte Kopieren ist untersagt.`],
		['French disclaimer', `${REQUEST}\n\nCe message et toutes les pièces jointes sont confidentiels et établis à l'intention exclusive de ses destinataires. Si vous avez reçu ce message par erreur, merci de le détruire.`],
		['print footer', `${REQUEST}\n\nPlease consider the environment before printing this email.`],
		['HTML mail with a linked signature', `<html><head><style>p{margin:0}</style></head><body><p>${REQUEST}</p><p>Kind regards,<br>Ana</p><p><a href="https://acme.io">acme.io</a> | <a href="https://twitter.com/acme">Twitter</a> | <a href="https://linkedin.com/company/acme">LinkedIn</a> | <a href="https://acme.io/blog">Blog</a></p></body></html>`],
	])('%s', (_name, input) => {
		const { text, links } = cleanText(input);
		expect(text).toContain(REQUEST);
		expect(text).not.toMatch(/forwarded message|Weitergeleitete|Subject:|Betreff|Objet|Asunto|iPhone|Android|confidential|vertrauliche|confidentiels|printing|hello@agency|agency\.example|https?:|\+44|\+49/i);
		expect(links).toBe(0);
	});
});

describe('what is not wrapping stays', () => {
	test('a bare reply-forward with nothing of the sender keeps the quoted request', () => {
		const { text } = cleanText(`On Tue, 3 Mar 2026 at 10:02, Ana <ana@acme.io> wrote:\n> ${REQUEST}`);
		expect(text).toContain(REQUEST);
	});
	test('"From:" in prose is not a header', () => {
		expect(cleanText('From: our CTO\nWe need help').text).toBe('From: our CTO\nWe need help');
	});
	test('"thanks" inside a long message does not cut it', () => {
		const long = `Thanks,\n${'We have a lot of context to share about our data platform and the models we run. '.repeat(3)}\nCould you send someone?`;
		expect(cleanText(`Hello\n${long}`).text).toContain('Could you send someone?');
	});
	test('links in the author text count, in text and in anchors, each once', () => {
		expect(cleanText('see http://a.example and www.b.example').links).toBe(2);
		expect(cleanText('<a href="http://a.example">http://a.example</a> <a href="https://b.example">buy</a>').links).toBe(2);
	});
	test('a link farm stays a link farm', () => {
		const farm = Array.from({ length: 6 }, (_, i) => `<a href=http://spam${i}.top>cheap ${i}</a>`).join(' ');
		expect(cleanText(`Nice site!! ${farm}`).links).toBe(6);
	});
	test('typographic apostrophes become ASCII', () => {
		expect(cleanText('We’d like help').text).toBe("We'd like help");
	});
});

describe('matchText', () => {
	test.each([
		["We'd like an engineer", 'we would like an engineer'],
		['We’d like an engineer', 'we would like an engineer'],
		["I'm looking, we're ready, we've got data, I'll call", 'i am looking, we are ready, we have got data, i will call'],
		["We don't know, can't decide, won't wait, haven't started", 'we do not know, can not decide, will not wait, have not started'],
		["It's live, let's talk", 'it is live, let us talk'],
		["O'Brien's company", "o'brien's company"],
		['Développer la Lösung', 'developper la losung'],
	])('%s', (input, expected) => {
		expect(matchText(input)).toBe(expected);
	});
});
