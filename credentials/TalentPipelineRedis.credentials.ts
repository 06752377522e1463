import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Redis that holds outreach claims and assignment counters when n8n runs
 * several workers (queue mode): n8n's own deduplication store is not atomic
 * across processes, Redis `SET NX` is. Tested by the Outreach node's
 * `credentialTest` (a real connection and PING), since Redis is not HTTP.
 */
export class TalentPipelineRedis implements ICredentialType {
	name = 'talentPipelineRedis';

	displayName = 'Talent Pipeline Redis';

	icon = { light: 'file:redis.svg', dark: 'file:redis.dark.svg' } as const;

	documentationUrl = 'https://redis.io/docs/latest/develop/connect/';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: 'localhost', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 6379 },
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'Redis 6+ ACL user name; leave empty for the default user',
		},
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Database Number', name: 'database', type: 'number', default: 0 },
		{ displayName: 'SSL/TLS', name: 'ssl', type: 'boolean', default: false },
		{
			displayName: 'Key Prefix',
			name: 'prefix',
			type: 'string',
			default: 'talent-pipeline:',
			description: 'Prepended to every key this package writes, so it can share a Redis with other tools',
		},
	];
}
