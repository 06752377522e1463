import { z } from 'zod';

/** What happened to one item; every item gets exactly one. */
export const OutreachStatus = z.enum([
	'sent',
	'dry_run',
	'skipped_duplicate',
	'suppressed',
	'cooldown',
	'outside_window',
	'over_cap',
	'no_consent',
	/** The channel may have delivered it (no answer after the message was handed over): kept as sent, never resent. */
	'unknown',
	'failed',
]);
export type OutreachStatus = z.infer<typeof OutreachStatus>;

export const Channel = z.enum(['smtp', 'slack', 'webhook', 'dry_run']);
export type Channel = z.infer<typeof Channel>;

/** A rendered message, shown on dry runs so a user can check the template. */
export const MessagePreview = z.object({
	to: z.string(),
	subject: z.string(),
	text: z.string(),
	html: z.string().nullable(),
	unsubscribeUrl: z.string().nullable(),
});
export type MessagePreview = z.infer<typeof MessagePreview>;

/** The `outreach` object each output item carries. */
export const OutreachResult = z.object({
	status: OutreachStatus,
	channel: Channel,
	campaign: z.string(),
	/** The id the channel gave the message (SMTP Message-ID, Slack ts, webhook id); null when nothing was sent. */
	messageId: z.string().nullable(),
	/** Why the item was not sent (or a note on how it was); null when sent without remark. */
	reason: z.string().nullable(),
	/** ISO 8601 (UTC) instant from which a retry may succeed, when one is known (send window, daily cap). */
	nextAllowedAt: z.string().nullable(),
	preview: MessagePreview.optional(),
});
export type OutreachResult = z.infer<typeof OutreachResult>;

/** The template file of the CLI and the template fields of the node. */
export const TemplateSpec = z.object({
	campaign: z.string().trim().min(1).max(200),
	subject: z.string().min(1),
	text: z.string().min(1),
	html: z.string().optional(),
	unsubscribeUrl: z.string().optional(),
});
export type TemplateSpec = z.infer<typeof TemplateSpec>;
