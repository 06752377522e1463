import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { BriefForMatch, rankScores, scoreMatch, termsFromVetting } from '../../../../core/candidate/match';
import { Vetting } from '../../../../core/candidate/schema';
import { formatIssuePath, InputError } from '../../../../core/errors';
import { runItems } from '../../../shared/runner';
import { readPath } from '../../../../core/path';
import { createClients, readCandidate, readOptions, vetOne } from '../shared';

const INVALID = Symbol('invalid JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return INVALID;
	}
}

/** The brief of one item: the node parameter (JSON or expression) or the item's brief field. */
function readBrief(ctx: IExecuteFunctions, item: INodeExecutionData, itemIndex: number): BriefForMatch {
	const source = ctx.getNodeParameter('briefSource', itemIndex, 'field') as string;
	let field = 'brief';
	let raw: unknown;
	if (source === 'parameter') {
		raw = ctx.getNodeParameter('brief', itemIndex, '');
		if (typeof raw === 'string') {
			raw = parseJson(raw);
			if (raw === INVALID) throw new InputError('brief', 'is not valid JSON', 'Give the brief as a JSON object with track, roles and stack.');
		}
	} else {
		field = (ctx.getNodeParameter('briefField', itemIndex, 'brief') as string) || 'brief';
		raw = readPath(item.json, field);
		if (raw === undefined) throw new InputError(field, 'is missing', "Connect the Brief Router's output, or choose Brief Source: Parameter.");
	}
	// A Brief Router item carries the brief under `brief`; accept it whole as well.
	if (raw && typeof raw === 'object' && !Array.isArray(raw) && !('roles' in raw) && 'brief' in raw) raw = (raw as IDataObject).brief;
	const parsed = BriefForMatch.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const path = formatIssuePath(issue.path);
		throw new InputError(path === '(root)' ? field : `${field}.${path}`, issue.message);
	}
	return parsed.data;
}

/**
 * Match to Brief: each candidate leaves with its vetting and `match` (score,
 * rank in the pool that shares its brief, reasons). Items keep input order
 * unless Sort by Rank is on.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const options = readOptions(ctx);
	const clients = await createClients(ctx, options);
	const now = new Date();
	const scored = new Map<number, { pool: string; score: number; vettingScore: number; match: IDataObject }>();
	const outputs = await runItems(
		ctx,
		async (item, itemIndex) => {
			const brief = readBrief(ctx, item, itemIndex);
			const input = readCandidate(ctx, item, itemIndex);
			const existing = options.reuseVetting ? Vetting.safeParse(item.json[options.outputField]) : undefined;
			const vetting = existing?.success ? existing.data : await vetOne(clients, input, now, options);
			const result = scoreMatch(brief, vetting, termsFromVetting(input.candidate.resumeText, vetting));
			const match: IDataObject = { ...result, rank: 1, poolSize: 1 };
			scored.set(itemIndex, {
				pool: JSON.stringify([brief.track, brief.roles, [...brief.stack].sort()]),
				score: result.score,
				vettingScore: vetting.score,
				match,
			});
			return { json: { ...item.json, [options.outputField]: vetting, match } };
		},
		{ concurrency: options.concurrency },
	);

	// Rank within each pool of candidates that share a brief.
	const pools = new Map<string, number[]>();
	for (const [index, s] of scored) pools.set(s.pool, [...(pools.get(s.pool) ?? []), index]);
	for (const indexes of pools.values()) {
		indexes.sort((a, b) => a - b);
		const ranks = rankScores(indexes.map((i) => scored.get(i) as { score: number; vettingScore: number }));
		indexes.forEach((i, k) => {
			const m = (scored.get(i) as { match: IDataObject }).match;
			m.rank = ranks[k];
			m.poolSize = indexes.length;
		});
	}
	if (options.sortByRank) {
		const rankOf = (item: INodeExecutionData): number => {
			const m = item.json.match as IDataObject | undefined;
			return item.json.error === undefined && typeof m?.rank === 'number' ? m.rank : Number.MAX_SAFE_INTEGER;
		};
		outputs[0].sort((a, b) => rankOf(a) - rankOf(b) || ((a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item));
	}
	return outputs;
}
