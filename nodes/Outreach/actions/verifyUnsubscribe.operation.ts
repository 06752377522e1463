import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../../core/errors';
import { stateKeys } from '../../../core/outreach/guards';
import { verifyUnsubscribe as verifyToken } from '../../../core/outreach/unsubscribe';
import { readPath } from '../../../core/path';
import { runItems, toConfigError } from '../../shared/runner';
import { stateStoreFor, type StateBackend } from '../../shared/state';

export const UNSUBSCRIBE_CREDENTIAL = 'talentPipelineUnsubscribeApi';

/** Where a one-click request carries its token: the link's query (RFC 8058 POSTs to the URL in the header), or a form body. */
const FALLBACK_TOKEN_FIELD = 'body.token';

export const verifyUnsubscribeProperties: INodeProperties[] = [
	{
		displayName: 'Signed Link Field',
		name: 'signedLinkField',
		type: 'string',
		default: 'query.token',
		description:
			"The item field holding the link's token: a Webhook node puts the link's query under query (query.token); a form that posts it puts it under body (body.token, also tried when this field is empty)",
	},
	// Redis only: n8n's database keeps state per node, so an unsubscribe recorded here would never reach the
	// Outreach nodes that send. (Same parameter name as Send's State Storage, so the Redis credential shows.)
	{
		displayName: 'State Storage',
		name: 'stateBackend',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Redis', value: 'redis', description: 'Shared with the sending Outreach nodes (same credential and key prefix)' }],
		default: 'redis',
		description: 'Where the unsubscribed addresses are kept: the sending Outreach nodes must use State Storage = Redis with the same credential',
	},
];

/** The `unsubscribe` object each output item carries. */
interface UnsubscribeResult {
	status: 'unsubscribed' | 'refused';
	/** The address the token names (null when refused). */
	email: string | null;
	/** The campaign whose message carried the link (null when refused). */
	campaign: string | null;
	/** True when the address had already unsubscribed. */
	alreadyUnsubscribed: boolean;
	/** Why a request was refused; null otherwise. */
	reason: string | null;
}

/**
 * Verify Unsubscribe: checks each item's token (a webhook request) against the credential's secrets. A genuine
 * token puts its address on the store's unsubscribed list, which every later send of any campaign checks (status
 * `suppressed`), and leaves by output 0; a missing, forged or altered token is refused and leaves by output 1.
 */
export async function verifyUnsubscribe(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	let secrets: string[];
	let store: Awaited<ReturnType<typeof stateStoreFor>>;
	let tokenField: string;
	try {
		const creds = await ctx.getCredentials(UNSUBSCRIBE_CREDENTIAL, 0);
		secrets = [String(creds.secret ?? ''), String(creds.previousSecret ?? '')].filter(Boolean);
		// Checks the secrets before any item: a short secret is the node's configuration error.
		verifyToken(secrets, '');
		tokenField = String(ctx.getNodeParameter('signedLinkField', 0, 'query.token') ?? '').trim() || 'query.token';
		const backend = ctx.getNodeParameter('stateBackend', 0, 'redis') as StateBackend;
		if (backend !== 'redis') {
			throw new InputError('stateBackend', 'Verify Unsubscribe keeps the unsubscribed list in Redis', 'With the n8n database each node keeps its own state, so the sending nodes would never see the unsubscribe.');
		}
		store = await stateStoreFor(ctx, backend, 0);
	} catch (error) {
		throw toConfigError(ctx, error);
	}
	return runItems(
		ctx,
		async (item) => {
			const token = readPath(item.json, tokenField) ?? readPath(item.json, FALLBACK_TOKEN_FIELD);
			const check = verifyToken(secrets, token);
			let result: UnsubscribeResult;
			if (!check.ok) {
				result = { status: 'refused', email: null, campaign: null, alreadyUnsubscribed: false, reason: check.reason };
			} else {
				// Forever: an unsubscribe does not expire. Keyed on the base address, so sub-addresses are covered too.
				const fresh = await store.claim(stateKeys.unsubscribed(check.recipient.key));
				result = { status: 'unsubscribed', email: check.address, campaign: check.campaign, alreadyUnsubscribed: !fresh, reason: null };
			}
			return { json: { ...item.json, unsubscribe: result as unknown as IDataObject }, output: check.ok ? 0 : 1 };
		},
		{ outputs: 2, errorOutput: 1 },
	);
}
