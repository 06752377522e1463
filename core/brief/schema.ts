import { z } from 'zod';

import { Reason, Role, Stage, Track } from '../lead/schema';

/** Rubric section 3: the phase gates every brief carries, in order. */
export const Phase = z.enum(['poc', 'mvp', 'production']);
export type Phase = z.infer<typeof Phase>;

export const PhaseGate = z.object({
	phase: Phase,
	/** What must be true to leave this phase. */
	exitCriterion: z.string(),
});
export type PhaseGate = z.infer<typeof PhaseGate>;

/** Rubric section 3: the consultant produces the spec; the engineer confirms feasibility. */
export const Handoff = z.object({
	specBy: Role,
	feasibilityBy: Role.nullable(),
	syncCadence: z.string(),
	/** One sentence saying how the handoff works for this track. */
	summary: z.string().optional(),
});
export type Handoff = z.infer<typeof Handoff>;

/** Rubric section 3: what a routed lead becomes. */
export const Brief = z.object({
	/** The lead's problem in one or two sentences. */
	problem: z.string(),
	stage: Stage,
	track: Track,
	/** Roles to staff, primary first (for hybrid the consultant is implied and listed after the engineer). */
	roles: z.array(Role).min(1),
	/** Technologies and domains named in the lead (lower case), used to match candidates. */
	stack: z.array(z.string()),
	/** The 90-day deliverables. */
	deliverables: z.array(z.string()).min(1),
	phaseGates: z.array(PhaseGate).length(3),
	handoff: Handoff,
	reasons: z.array(Reason),
	/** Extras the lead's words switched on, e.g. `compliance`, `stalled_poc` (see core/brief/templates.ts). */
	focus: z.array(z.string()).optional(),
	/** The template version that produced this brief. */
	templateVersion: z.string().optional(),
});
export type Brief = z.infer<typeof Brief>;
