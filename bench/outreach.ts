import { compileSendWindow, compileSuppression } from '../core/outreach/guards';
import { escapeFor } from '../core/outreach/template';
import { parseAddress } from '../core/outreach/headers';
import { compileOutreachTemplate, composeMessage } from '../core/outreach/message';
import { OutreachRun } from '../core/outreach/run';
import { MemoryStore } from '../core/state/memory';

const COUNT = 10_000;

interface BenchItem {
	email: string;
	candidate: { name: string };
	brief: { problem: string; track: string };
	timeZone: string;
}

/** Synthetic recipients (no data files needed): varied names, some with markup to escape. */
function items(): BenchItem[] {
	const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'];
	return Array.from({ length: COUNT }, (_, i) => ({
		email: `person${i}@company${i % 97}.example`,
		candidate: { name: i % 10 === 0 ? `Zoë <b>${i}</b> & Co` : `Candidate ${i}` },
		brief: { problem: `Ship a retrieval-augmented assistant for team ${i % 50} & keep latency under 300 ms`, track: 'engineer' },
		timeZone: zones[i % zones.length],
	}));
}

function seconds(start: bigint): number {
	return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Dry-run rendering of 10,000 messages through the Outreach core (address
 * check, template render with escaping, header folding, suppression, consent
 * and send-window guards), against a baseline measured in the same run: plain
 * string concatenation of the same fields with the same HTML escaping.
 */
export async function benchOutreach(): Promise<void> {
	const data = items();
	const template = compileOutreachTemplate({
		campaign: 'bench',
		subject: 'A {{brief.track}} role for you, {{candidate.name|there}}',
		text: 'Hi {{candidate.name|there}},\n\nA client needs help: {{brief.problem}}.\n',
		html: '<p>Hi {{candidate.name|there}},</p><p>A client needs help: {{brief.problem}}.</p>',
		unsubscribeUrl: 'https://agency.example/unsubscribe?e={{recipient.email}}',
	});
	const run = new OutreachRun(
		new MemoryStore(),
		{
			campaign: 'bench',
			channel: 'dry_run',
			suppression: compileSuppression(['blocked.example', 'someone@company1.example']),
			requireConsent: false,
			window: compileSendWindow({ timeZone: 'UTC', start: '00:00', end: '24:00', days: 'mon-sun' }),
		},
		async () => ({ messageId: null }),
	);

	const renderAll = async (): Promise<number> => {
		let statuses = 0;
		for (const item of data) {
			const address = parseAddress(item.email, 'email');
			const message = composeMessage(template, item as unknown as Record<string, unknown>, { address, name: item.candidate.name }, 'dry_run');
			const result = await run.process({ message, timeZone: item.timeZone });
			if (result.status === 'dry_run') statuses++;
		}
		return statuses;
	};
	const concatAll = (): number => {
		let length = 0;
		for (const item of data) {
			const name = item.candidate.name;
			const subject = 'A ' + item.brief.track + ' role for you, ' + name;
			const text = 'Hi ' + name + ',\n\nA client needs help: ' + item.brief.problem + '.\n';
			const html = '<p>Hi ' + escapeFor('html', name) + ',</p><p>A client needs help: ' + escapeFor('html', item.brief.problem) + '.</p>';
			const url = 'https://agency.example/unsubscribe?e=' + encodeURIComponent(item.email);
			length += subject.length + text.length + html.length + url.length;
		}
		return length;
	};

	// Warm-up passes, then the timed ones.
	await renderAll();
	concatAll();
	let start = process.hrtime.bigint();
	const rendered = await renderAll();
	const renderSeconds = seconds(start);
	start = process.hrtime.bigint();
	let sink = 0;
	for (let i = 0; i < 5; i++) sink += concatAll();
	const concatSeconds = seconds(start) / 5;
	if (sink === -1) process.stdout.write('');

	const renderRate = COUNT / renderSeconds;
	const concatRate = COUNT / concatSeconds;
	process.stdout.write(
		[
			`dry-run outreach: ${COUNT} messages in ${(renderSeconds * 1000).toFixed(0)} ms = ${Math.round(renderRate).toLocaleString('en')} messages/s (${rendered} rendered)`,
			`baseline (string concatenation + HTML escaping of the same fields): ${Math.round(concatRate).toLocaleString('en')} messages/s`,
			`ratio: the guarded, escaped dry run runs at ${(renderRate / concatRate).toFixed(3)}x the baseline (${(concatRate / renderRate).toFixed(1)}x slower)`,
		].join('\n') + '\n',
	);
}
