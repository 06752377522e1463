import { ServiceError } from '../errors';
import type { StateStore } from '../state/store';
import {
	CLAIM_EPOCH_MS,
	checkSendWindow,
	consentReason,
	dayOf,
	nextDayOpening,
	type SendWindow,
	stateKeys,
	suppressionReason,
	type SuppressionList,
} from './guards';
import type { ComposedMessage } from './message';
import type { Channel, OutreachResult, OutreachStatus } from './schema';

/** What a sender gets besides the message. */
export interface SendContext {
	/** Epoch ms when the run's time budget ends: a sender that can bound its wait stops by then. */
	deadlineMs?: number;
	/** This item's destination when the channel takes one per item (a webhook URL, a Slack channel). */
	destination?: string;
}

/** Sends one composed message; resolves with the channel's id for it, throws when it was not sent. */
export type Sender = (message: ComposedMessage, context: SendContext) => Promise<{ messageId: string | null }>;

/** How long a claim may stay unconfirmed while its send is in flight; after that it is reported as `unknown`. */
export const CLAIM_LEASE_MS = 5 * 60_000;

/**
 * A send whose outcome is unknown: the message was handed over and no answer came, so it may have been delivered.
 * `messageId` is the id the message carried, for finding it in a mailbox or a server log.
 */
export class UncertainDelivery extends ServiceError {
	constructor(
		cause: ServiceError,
		readonly messageId: string | null,
	) {
		super(cause.service, cause.message, { status: cause.status, hint: cause.hint, outcomeUnknown: true });
		this.name = 'UncertainDelivery';
	}
}

export interface OutreachPolicy {
	campaign: string;
	channel: Channel;
	/** How long one (recipient, campaign) pair stays sent; undefined = forever. */
	cooldownMs?: number;
	/** Minimum gap between any two messages (any campaign) to one recipient; undefined = no such rule. */
	recipientCooldownMs?: number;
	suppression: SuppressionList;
	requireConsent: boolean;
	/** Lawful bases that count when consent is required (empty = any named basis). */
	allowedBases?: readonly string[];
	window?: SendWindow;
	/** Messages per run (0 or undefined = no cap). */
	perRunCap?: number;
	/** Messages per campaign per day, the day taken in `dayZone`. */
	perDayCap?: number;
	/** The zone whose calendar day the daily cap counts (default: the window's zone, else UTC). */
	dayZone?: string;
	/** Time budget of the whole run (ms from the run's start; 0 or undefined = none): later items are not sent. */
	runTimeoutMs?: number;
	/** How long an unconfirmed claim counts as a send in flight before it is reported as `unknown` (default CLAIM_LEASE_MS). */
	claimLeaseMs?: number;
}

export interface RecipientFacts {
	message: ComposedMessage;
	/** The item's own suppression entries (a field), besides the policy's list. */
	suppression?: SuppressionList;
	/** The item's lawful basis. */
	consent?: unknown;
	/** The recipient's IANA time zone. */
	timeZone?: string;
	/** The item field the time zone came from, for error messages. */
	timeZoneField?: string;
	/** Where this item's message goes, for channels that take it per item (passed to the sender). */
	destination?: string;
}

/** How long day counters are kept: long enough to outlive their day in every zone. */
const DAY_COUNTER_TTL_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * One run of a campaign (one node execution, one CLI invocation). For each
 * recipient it applies every guard before anything is sent, in this order:
 * suppression, consent, send window, (dry run stops here), per-run cap, the
 * at-most-once claim for (recipient, campaign), the cross-campaign cooldown
 * claim, the daily cap. Only then does it send. A send that fails definitely
 * releases what it took (claims and cap counts) so a retry can send; a send
 * whose outcome is unknown keeps them (status `unknown`): never doubled. The claim is atomic in the store, so executions running at
 * once cannot both pass it.
 */
export class OutreachRun {
	private runCount = 0;
	private readonly deadlineMs: number | undefined;

	constructor(
		private readonly store: StateStore,
		private readonly policy: OutreachPolicy,
		private readonly send: Sender,
		private readonly now: () => number = Date.now,
	) {
		this.deadlineMs = policy.runTimeoutMs ? now() + policy.runTimeoutMs : undefined;
	}

	private result(status: OutreachStatus, extra: Partial<OutreachResult> = {}): OutreachResult {
		return {
			status,
			channel: this.policy.channel,
			campaign: this.policy.campaign,
			messageId: null,
			reason: null,
			nextAllowedAt: null,
			...extra,
		};
	}

	/**
	 * Applies the guards and sends; throws only when the send itself failed definitely (after releasing its claims).
	 * A send that may have been delivered keeps its claims and returns status `unknown`.
	 */
	async process(facts: RecipientFacts): Promise<OutreachResult> {
		const { policy } = this;
		const { message } = facts;
		const nowMs = this.now();

		const suppressed = suppressionReason(message.to.key, message.to.domain, policy.suppression, ...(facts.suppression ? [facts.suppression] : []));
		if (suppressed) return this.result('suppressed', { reason: suppressed });

		// Unsubscribed through a signed link: kept in the store (a dry run reads no state, so it cannot see these).
		if (policy.channel !== 'dry_run' && (await this.store.isClaimed(stateKeys.unsubscribed(message.to.key)))) {
			return this.result('suppressed', { reason: 'the recipient unsubscribed (one-click link)' });
		}

		const noConsent = consentReason(facts.consent, policy.requireConsent, policy.allowedBases);
		if (noConsent) return this.result('no_consent', { reason: noConsent });

		if (policy.window) {
			const check = checkSendWindow(nowMs, policy.window, facts.timeZone, facts.timeZoneField);
			if (!check.inside) {
				return this.result('outside_window', {
					reason: `outside the send window in ${check.zone}`,
					nextAllowedAt: check.nextAllowedAt,
				});
			}
		}

		if (policy.channel === 'dry_run') {
			return this.result('dry_run', {
				reason: 'rendered only (dry run): no state read or written',
				preview: {
					to: message.to.address,
					subject: message.subject,
					text: message.text,
					html: message.html,
					unsubscribeUrl: message.unsubscribeUrl,
				},
			});
		}

		// The run's time budget: an item reached after it is not started (nothing is claimed), so a later run sends it.
		if (this.deadlineMs !== undefined && nowMs >= this.deadlineMs) {
			return this.result('over_cap', { reason: `the run's time budget of ${policy.runTimeoutMs} ms is spent; not sent, a later run can send it` });
		}

		// Per-run cap: a synchronous reservation, so items handled at once cannot overshoot.
		if (policy.perRunCap && this.runCount >= policy.perRunCap) {
			return this.result('over_cap', { reason: `the per-run cap of ${policy.perRunCap} messages is reached` });
		}
		this.runCount++;
		const undo: Array<() => Promise<unknown>> = [async () => this.runCount--];
		const rollback = async (): Promise<void> => {
			for (const step of undo.reverse()) await step();
		};

		try {
			const sentKey = stateKeys.sent(policy.campaign, message.to.key);
			if (!(await this.store.claim(sentKey, policy.cooldownMs))) {
				await rollback();
				return this.existingClaim(policy, message.to.key, nowMs);
			}
			undo.push(() => this.store.release(sentKey));
			// The claim's state: claimed now; confirmed once the channel accepts the message.
			const claimedAtKey = stateKeys.claimedAt(policy.campaign, message.to.key);
			const stamp = Math.max(1, Math.round((nowMs - CLAIM_EPOCH_MS) / 1000));
			// Set, not add: a store whose counters outlive the claim (no expiry) may still hold an older stamp.
			const [previous] = await this.store.counts([claimedAtKey]);
			await this.store.increment(claimedAtKey, stamp - previous, policy.cooldownMs);
			undo.push(() => this.store.increment(claimedAtKey, -stamp, policy.cooldownMs));
			// Before sub-addresses shared their base address's key, `ann+promo@` was keyed on its whole address:
			// a claim made then still counts, so state written by an earlier version never lets a second copy out.
			const wholeKey = message.to.address.toLowerCase();
			if (wholeKey !== message.to.key && (await this.store.isClaimed(stateKeys.sent(policy.campaign, wholeKey)))) {
				await rollback();
				return this.result('skipped_duplicate', { reason: 'already sent in this campaign' });
			}

			if (policy.recipientCooldownMs !== undefined) {
				const contactKey = stateKeys.contact(message.to.key);
				if (!(await this.store.claim(contactKey, policy.recipientCooldownMs))) {
					await rollback();
					return this.result('cooldown', { reason: 'this recipient got a message (any campaign) within the recipient cooldown' });
				}
				undo.push(() => this.store.release(contactKey));
			}

			if (policy.perDayCap) {
				const zone = policy.dayZone ?? policy.window?.timeZone ?? 'UTC';
				const dayKey = stateKeys.day(policy.campaign, dayOf(nowMs, zone));
				// Increment first, then check: atomic in every store without a lock.
				const count = await this.store.increment(dayKey, 1, DAY_COUNTER_TTL_MS);
				undo.push(() => this.store.increment(dayKey, -1, DAY_COUNTER_TTL_MS));
				if (count > policy.perDayCap) {
					await rollback();
					return this.result('over_cap', {
						reason: `the daily cap of ${policy.perDayCap} messages is reached`,
						nextAllowedAt: nextDayOpening(nowMs, zone, policy.window),
					});
				}
			}
		} catch (error) {
			// The store failed part-way: give back what was taken, then report.
			await rollback().catch(() => undefined);
			throw error;
		}

		let sent: { messageId: string | null };
		try {
			sent = await this.send(message, { deadlineMs: this.deadlineMs, destination: facts.destination });
		} catch (error) {
			if (error instanceof ServiceError && error.outcomeUnknown) {
				// The message may have gone out: keeping the claim can lose one message,
				// giving it back could send it twice. Never twice.
				return this.result('unknown', {
					messageId: error instanceof UncertainDelivery ? error.messageId : null,
					reason:
						`${error.service}: ${error.message}. The message may have been delivered; it is kept as sent, so no retry or re-run sends it again. ` +
						(error.hint ?? 'Check with the receiving side whether it arrived.') +
						' To send it anyway, use a new campaign name for this recipient.',
				});
			}
			// A definite failure: give the claim back so a retry can send.
			await rollback().catch(() => undefined);
			throw error;
		}
		// Confirm the claim. If the store fails now the message is still sent once; later items then report `unknown`, never a resend.
		await this.store.claim(stateKeys.confirmed(policy.campaign, message.to.key), policy.cooldownMs).catch(() => undefined);
		return this.result('sent', { messageId: sent.messageId });
	}

	/**
	 * What an item reports when its (recipient, campaign) is already claimed:
	 * `skipped_duplicate` when that send was confirmed (or the claim predates
	 * claim states) or is still within its lease; `unknown` when it was claimed
	 * and never confirmed: the execution that took it died or its delivery was
	 * uncertain. It is never sent again either way.
	 */
	private async existingClaim(policy: OutreachPolicy, addressKey: string, nowMs: number): Promise<OutreachResult> {
		const already = policy.cooldownMs === undefined ? 'already sent in this campaign' : 'already sent in this campaign within the cooldown';
		if (policy.channel === 'dry_run' || (await this.store.isClaimed(stateKeys.confirmed(policy.campaign, addressKey)))) {
			return this.result('skipped_duplicate', { reason: already });
		}
		const [stamp] = await this.store.counts([stateKeys.claimedAt(policy.campaign, addressKey)]);
		// A claim from before claim states has no timestamp: it was recorded as sent.
		if (stamp <= 0) return this.result('skipped_duplicate', { reason: already });
		const claimedAtMs = CLAIM_EPOCH_MS + stamp * 1000;
		const claimedAt = new Date(claimedAtMs).toISOString();
		if (nowMs - claimedAtMs < (policy.claimLeaseMs ?? CLAIM_LEASE_MS)) {
			return this.result('skipped_duplicate', { reason: `being sent by another execution (claimed at ${claimedAt})` });
		}
		return this.result('unknown', {
			reason:
				`claimed at ${claimedAt} by an execution that never confirmed the send (it stopped, or the delivery was uncertain), so this message may never have left. ` +
				'It is not sent again in this campaign. Check the mailbox or the mail server log for this recipient; to send it, use a new campaign name for this recipient.',
		});
	}
}
