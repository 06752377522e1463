import { InputError } from '../../core/errors';
import { leadFromRecord } from '../../core/lead/classify';
import { classifyWithModel } from '../../core/model/classify';
import { Strategy } from '../../core/routing/assign';
import { parseRoster, type Roster } from '../../core/routing/roster';
import { routeRecord, type RouterConfig } from '../../core/routing/router';
import { ROUTING_RULES } from '../../core/routing/route';
import { FileStore } from '../state/file';
import { MemoryStore } from '../../core/state/memory';
import type { StateStore } from '../../core/state/store';
import { commandFlags, processLines, readJsonFile, type Command } from '../io';

const HELP = `Usage: talent-pipeline route [--input FILE] [--roster FILE] [options]

Routes leads (JSONL: classified leads carrying a "classification", lines of
'talent-pipeline classify' with the labels at the top level, or raw leads, which are
classified first with the built-in rules) and writes one JSONL line per input line,
in order:
  {"id", "output", "brief", "owner", "slaDueAt", "reasons", "assignment"}
output is consultant, engineer, hybrid, review or rejected. Without --roster, owner and
slaDueAt are null. A line that cannot be read or routed gives {"line": N, "error": "..."};
the exit status is then 1.

Options:
  --input FILE       JSONL leads (default: stdin)
  --roster FILE      JSON roster: [{name, email, pipelines, roles, skills, weight,
                     dailyCapacity, outOfOffice, timeZone}] or {"owners": [...]}
  --strategy NAME    weightedRoundRobin (default), leastLoaded or bestSkillMatch
  --threshold N      minimum classifier confidence for a pipeline (default ${ROUTING_RULES.confidenceThreshold})
  --state FILE       keep assignment counts in FILE across runs (default: in memory for this run)
  --pool NAME        assignment counter namespace (default: default)
  --now ISO          the time to route at (default: now), for reproducible deadlines`;

/** `talent-pipeline route`: the Brief Router over JSONL. */
export const route: Command = async (args) => {
	const flags = commandFlags('route', args, {
			input: 'string',
			roster: 'string',
			strategy: 'string',
			threshold: 'string',
			state: 'string',
			pool: 'string',
			now: 'string',
		}, HELP);
	if (typeof flags === 'number') return flags;

	const strategy = Strategy.safeParse(flags.strategy ?? 'weightedRoundRobin');
	if (!strategy.success) {
		process.stderr.write(`route: unknown --strategy '${String(flags.strategy)}' (expected ${Strategy.options.join(', ')})\n`);
		return 2;
	}
	const threshold = flags.threshold === undefined ? ROUTING_RULES.confidenceThreshold : Number(flags.threshold);
	if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
		process.stderr.write(`route: --threshold must be a number from 0 to 1\n`);
		return 2;
	}
	const fixedNow = typeof flags.now === 'string' ? new Date(flags.now) : undefined;
	if (fixedNow && Number.isNaN(fixedNow.getTime())) {
		process.stderr.write(`route: --now '${String(flags.now)}' is not an ISO date-time\n`);
		return 2;
	}

	// A bad roster is a configuration error: stop before routing anything, naming the field.
	let roster: Roster | undefined;
	if (typeof flags.roster === 'string') {
		try {
			roster = parseRoster(readJsonFile(flags.roster), 'roster');
		} catch (e) {
			const where = e instanceof InputError ? ` (at ${e.field})` : '';
			process.stderr.write(`route: bad roster ${flags.roster}${where}: ${(e as Error).message}\n`);
			return 2;
		}
	}

	const store: StateStore = typeof flags.state === 'string' ? new FileStore(flags.state) : new MemoryStore();
	const config: RouterConfig = {
		confidenceThreshold: threshold,
		assign: roster
			? { roster, strategy: strategy.data, pool: typeof flags.pool === 'string' ? flags.pool : 'default' }
			: undefined,
	};

	const input = typeof flags.input === 'string' ? flags.input : undefined;
	let failed: number;
	try {
		failed = await processLines(input, async (line) => {
			const now = fixedNow ?? new Date();
			// `talent-pipeline classify` writes its labels at the top level of a line: route by them.
			const record = line.classification === undefined && typeof line.disposition === 'string' ? { ...line, classification: line } : line;
			const routed = await routeRecord(record, config, {
				now,
				store,
				toLead: (r) => leadFromRecord(r),
				classify: (lead) => {
					const { classification, analysis } = classifyWithModel(lead, { now });
					return { classification, cleanedMessage: analysis.message };
				},
			});
			return {
				output: {
					id: typeof record.id === 'string' || typeof record.id === 'number' ? record.id : null,
					output: routed.output,
					brief: routed.brief ?? null,
					owner: routed.owner ?? null,
					slaDueAt: routed.slaDueAt ?? null,
					reasons: routed.routing.reasons,
					...(routed.assignment ? { assignment: routed.assignment } : {}),
					...(routed.classification ? { classification: routed.classification } : {}),
				},
			};
		});
	} finally {
		await store.close?.();
	}
	return failed > 0 ? 1 : 0;
};
