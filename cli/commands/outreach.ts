import { readFileSync } from 'node:fs';

import { formatIssuePath, InputError, ServiceError } from '../../core/errors';
import { compileSendWindow, compileSuppression, suppressionEntries, type SendWindow } from '../../core/outreach/guards';
import { parseAddress } from '../../core/outreach/headers';
import { compileOutreachTemplate, composeMessage, type OutreachTemplate, type UnsubscribeSigner } from '../../core/outreach/message';
import { OutreachRun, type OutreachPolicy, type Sender } from '../../core/outreach/run';
import { TemplateSpec } from '../../core/outreach/schema';
import { signUnsubscribe } from '../../core/outreach/unsubscribe';
import { Redactor } from '../../core/redact';
import { FileStore } from '../state/file';
import { MemoryStore } from '../../core/state/memory';
import { SmtpMailer } from '../../transport/smtp';
import { smtpSettingsFromUrl } from '../smtp-url';
import { parseFlags, processLines, readJsonFile, type Command } from '../io';
import { readSecret } from '../secrets';

const DEFAULT_STATE = '.talent-pipeline-outreach.json';
const DAY_MS = 24 * 60 * 60 * 1000;

const HELP = `Usage: talent-pipeline outreach --input FILE --template FILE [--smtp-url-file FILE]
         [--from ADDRESS] [--suppression FILE] [--state FILE] [--dry-run] [guard options]

Sends one email per input item (JSONL; stdin when --input is not given), at most once per
(recipient, campaign), and writes one JSONL line per input line, in order:
  {"id", "email", "status", "messageId", "reason", "nextAllowedAt"}
status is one of sent, dry_run, skipped_duplicate, suppressed, cooldown, outside_window,
over_cap, no_consent, unknown (may have been delivered: kept as sent, never resent), failed. Each item's recipient is its "email"; "name", "timeZone" and
"consent" are read when present; template placeholders read any field ({{path}} or
{{path|default}}). A line that cannot be read gives {"line": N, "error": "..."}. The exit
status is 1 when any line could not be read or any item failed or is unknown.

Options:
  --input FILE          JSONL items (default: stdin)
  --template FILE       JSON: {"campaign", "subject", "text", "html"?, "unsubscribeUrl"?}
  --smtp-url-file FILE  a file whose first line is smtp://[user:password@]HOST:PORT (smtps:// for
                        TLS; ?ignoreTLS=true); default: the TP_SMTP_URL environment variable.
                        --smtp-url URL still works, and warns when the URL holds a password
                        (the process list shows flag values)
  --from ADDRESS        the From address (required unless --dry-run)
  --from-name NAME      the From display name
  --suppression FILE    addresses or domains never to contact, one per line (# comments)
  --state FILE          at-most-once state, safe to share between runs at once
                        (default: ${DEFAULT_STATE} in the current directory)
  --dry-run             render and check the guards; send nothing, store nothing
  --cooldown-days N     days before the same campaign may reach a recipient again (default: never)
  --recipient-cooldown-days N   minimum days between any two messages to one recipient
  --require-consent     items without a lawful basis in "consent" are not sent
  --window HH:mm-HH:mm  send window in the recipient's time zone (with --days, --time-zone)
  --days LIST           window weekdays, e.g. mon-fri or mon,wed,fri (default mon-fri)
  --time-zone ZONE      zone for items without "timeZone" (default UTC); also the daily cap's day
  --per-run-cap N       most messages this run
  --per-day-cap N       most messages of the campaign per day

Environment: TALENT_PIPELINE_UNSUBSCRIBE_SECRET (at least 16 characters) signs each recipient's
https unsubscribeUrl with a token, as the node's Sign Unsubscribe Links does.`;

const FLAGS = {
	input: 'string',
	template: 'string',
	'smtp-url': 'string',
	'smtp-url-file': 'string',
	from: 'string',
	'from-name': 'string',
	suppression: 'string',
	state: 'string',
	'dry-run': 'boolean',
	'cooldown-days': 'string',
	'recipient-cooldown-days': 'string',
	'require-consent': 'boolean',
	window: 'string',
	days: 'string',
	'time-zone': 'string',
	'per-run-cap': 'string',
	'per-day-cap': 'string',
} as const;

class UsageError extends Error {}

function count(flags: Record<string, string | boolean | undefined>, name: string): number | undefined {
	const value = flags[name];
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number >= 0`);
	return n;
}

function loadTemplate(file: string): OutreachTemplate {
	const parsed = TemplateSpec.safeParse(readJsonFile(file));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new UsageError(`template ${file}: ${formatIssuePath(issue.path)}: ${issue.message}`);
	}
	return compileOutreachTemplate(parsed.data);
}

function loadWindow(flags: Record<string, string | boolean | undefined>): SendWindow | undefined {
	if (typeof flags.window !== 'string') return undefined;
	const [start, end] = flags.window.split('-');
	return compileSendWindow({ start, end: end ?? '', days: typeof flags.days === 'string' ? flags.days : undefined, timeZone: flags['time-zone'] as string | undefined });
}

/** `talent-pipeline outreach`: the Outreach node's guards and SMTP channel over JSONL, state in a local file. */
export const outreach: Command = async (args) => {
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(HELP + '\n');
		return 0;
	}
	let run: OutreachRun;
	let template: OutreachTemplate;
	let mailer: SmtpMailer | undefined;
	let input: string | undefined;
	let sign: UnsubscribeSigner | undefined;
	const redactor = new Redactor();
	try {
		const flags = parseFlags(args, FLAGS);
		if (typeof flags.template !== 'string') throw new UsageError('--template FILE is required');
		template = loadTemplate(flags.template);
		const dryRun = flags['dry-run'] === true;
		const cooldownDays = count(flags, 'cooldown-days');
		const recipientCooldownDays = count(flags, 'recipient-cooldown-days');
		const window = loadWindow(flags);
		const policy: OutreachPolicy = {
			campaign: template.campaign,
			channel: dryRun ? 'dry_run' : 'smtp',
			cooldownMs: cooldownDays ? cooldownDays * DAY_MS : undefined,
			recipientCooldownMs: recipientCooldownDays ? recipientCooldownDays * DAY_MS : undefined,
			suppression: compileSuppression(
				typeof flags.suppression === 'string' ? suppressionEntries(readFileSync(flags.suppression, 'utf8')) : [],
			),
			requireConsent: flags['require-consent'] === true,
			window,
			perRunCap: count(flags, 'per-run-cap') || undefined,
			perDayCap: count(flags, 'per-day-cap') || undefined,
		};
		if (typeof flags['time-zone'] === 'string') {
			// Without a window the zone still sets the daily cap's day.
			policy.dayZone = compileSendWindow({ timeZone: flags['time-zone'] }).timeZone;
		}
		let send: Sender = async () => ({ messageId: null });
		if (!dryRun) {
			const smtpUrl = readSecret({
				command: 'outreach',
				fileFlag: 'smtp-url-file',
				file: flags['smtp-url-file'],
				env: ['TP_SMTP_URL'],
				legacyFlag: 'smtp-url',
				legacy: flags['smtp-url'],
				legacyIsSecret: (url) => /^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(url),
			});
			if (!smtpUrl) throw new UsageError('an SMTP URL is required unless --dry-run (--smtp-url-file FILE or TP_SMTP_URL)');
			redactor.add(smtpUrl);
			if (typeof flags.from !== 'string') throw new UsageError('--from is required unless --dry-run');
			const smtp = new SmtpMailer(smtpSettingsFromUrl(smtpUrl), {
				address: parseAddress(flags.from, 'from'),
				name: typeof flags['from-name'] === 'string' ? flags['from-name'] : null,
			});
			mailer = smtp;
			send = (m, limits) => smtp.send(m, limits);
		}
		const store = dryRun ? new MemoryStore() : new FileStore(typeof flags.state === 'string' ? flags.state : DEFAULT_STATE);
		run = new OutreachRun(store, policy, send);
		// From the environment, never a flag: `ps` shows flags.
		const secret = process.env.TALENT_PIPELINE_UNSUBSCRIBE_SECRET;
		if (secret) {
			signUnsubscribe(secret, { address: 'check@example.com', campaign: template.campaign }, 'TALENT_PIPELINE_UNSUBSCRIBE_SECRET');
			sign = (subject) => signUnsubscribe(secret, subject);
		}
		input = typeof flags.input === 'string' ? flags.input : undefined;
	} catch (error) {
		const where = error instanceof InputError ? `${error.field}: ` : '';
		process.stderr.write(`outreach: ${where}${redactor.redact((error as Error).message)}\n${error instanceof UsageError ? `\n${HELP}\n` : ''}`);
		return 2;
	}

	let failed: number;
	try {
		failed = await processLines(
			input,
			async (item) => {
				const address = parseAddress(item.email, 'email');
				const message = composeMessage(template, item, { address, name: typeof item.name === 'string' ? item.name : null }, mailer ? 'smtp' : 'dry_run', sign);
				const result = await run.process({
					message,
					consent: item.consent,
					timeZone: typeof item.timeZone === 'string' ? item.timeZone : undefined,
					timeZoneField: 'timeZone',
				});
				return {
					output: {
						id: item.id ?? null,
						email: typeof item.email === 'string' ? item.email : null,
						status: result.status,
						messageId: result.messageId,
						reason: result.reason === null ? null : redactor.redact(result.reason),
						nextAllowedAt: result.nextAllowedAt,
					},
					failed: result.status === 'failed' || result.status === 'unknown',
				};
			},
			// One item's bad data or failed send is that item's line; the run goes on.
			(error, item) => {
				const field = error instanceof InputError ? error.field : undefined;
				const service = error instanceof ServiceError ? `${error.service}: ` : '';
				return {
					id: item.id ?? null,
					email: typeof item.email === 'string' ? item.email : null,
					status: 'failed',
					messageId: null,
					reason: redactor.redact(`${service}${field ? `${field}: ` : ''}${(error as Error).message}`),
					nextAllowedAt: null,
				};
			},
		);
	} finally {
		mailer?.close();
	}
	return failed > 0 ? 1 : 0;
};
