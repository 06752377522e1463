import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * How a node of this package behaves as an AI-agent tool (n8n builds the tool
 * variant `<name>Tool` of every node with `usableAsTool`).
 *
 * Input: an agent's tool call carries its arguments as values, not as the
 * paths Field Mapping takes, and the item the tool node sees is the agent's
 * own input item (webhook headers and all) with the arguments merged in. So a
 * tool node reads its input from the Tool Input parameters below (shown only
 * on the tool variant, `@tool`), whose defaults are `$fromAI(...)`: n8n turns
 * them into the tool's input schema, and each call's arguments fill them.
 *
 * Output: the agent receives the node's output item as the tool's answer, so a
 * tool node answers with the fields it computed only (the classification, the
 * vetting), never the agent's input item or its headers.
 */

/** Parameter names of the Tool Input fields: `toolInput` + the field name with a capital (`toolInputMessage`). */
const PREFIX = 'toolInput';

export interface ToolInputField {
	/** The field the node reads (as Field Mapping would name it), e.g. `message`. */
	field: string;
	/** What the agent's model is told to put there. */
	description: string;
	/** Required fields get no default in `$fromAI`, so the model must fill them. */
	required?: boolean;
}

const parameterName = (field: string): string => `${PREFIX}${field[0].toUpperCase()}${field.slice(1)}`;
const titleOf = (field: string): string => `${field[0].toUpperCase()}${field.slice(1).replace(/([A-Z])/g, ' $1')}`;

/** Single quotes and backslashes escaped for a string literal inside an n8n expression. */
const literal = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The Tool Input parameters of a tool node: one text parameter per field, filled by the agent through `$fromAI`. */
export function toolInputProperties(fields: readonly ToolInputField[]): INodeProperties[] {
	return fields.map(({ field, description, required }) => ({
		displayName: `${titleOf(field)} (Tool Input)`,
		name: parameterName(field),
		type: 'string' as const,
		default: `={{ $fromAI(${literal(field)}, ${literal(description)}, 'string'${required ? '' : ", ''"}) }}`,
		description: `${description}. The agent fills it through $fromAI; a fixed value or another expression works too.`,
		displayOptions: { show: { '@tool': [true] } },
	}));
}

/** True when the node runs as an AI-agent tool (its tool variant, or a run the engine rewired to an agent). */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode() as ReturnType<IExecuteFunctions['getNode']> & { rewireOutputLogTo?: string };
	return node.type.endsWith('Tool') || node.rewireOutputLogTo === 'ai_tool';
}

/**
 * The item a tool node works on: its Tool Input values for this call, by field
 * name (empty values left out); undefined when the node has no Tool Input
 * parameters (then it works on the item it was given).
 */
export function toolInputItem(ctx: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const names = Object.keys(ctx.getNode().parameters).filter((name) => name.startsWith(PREFIX) && name.length > PREFIX.length);
	if (names.length === 0) return undefined;
	const json: IDataObject = {};
	for (const name of names) {
		const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
		if (value === undefined || value === null || value === '') continue;
		const field = `${name[PREFIX.length].toLowerCase()}${name.slice(PREFIX.length + 1)}`;
		json[field] = value as IDataObject[string];
	}
	return json;
}

/** A tool's answer: only what the node added to (or changed in) the item it was given. */
export function toolAnswer(input: IDataObject, output: IDataObject): IDataObject {
	const answer: IDataObject = {};
	for (const [key, value] of Object.entries(output)) {
		if (!(key in input) || input[key] !== value) answer[key] = value;
	}
	return answer;
}
