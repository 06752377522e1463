import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * An SMTP server the Outreach node sends through. SMTP is not HTTP, so the
 * Outreach node tests it (`testedBy`): a real connection, greeting and login.
 */
export class TalentPipelineSmtp implements ICredentialType {
	name = 'talentPipelineSmtp';

	displayName = 'Talent Pipeline SMTP';

	icon = { light: 'file:smtp.svg', dark: 'file:smtp.dark.svg' } as const;

	documentationUrl = 'https://nodemailer.com/smtp/';

	properties: INodeProperties[] = [
		{ displayName: 'Host', name: 'host', type: 'string', default: '', placeholder: 'smtp.example.com', required: true },
		{ displayName: 'Port', name: 'port', type: 'number', default: 587 },
		{
			displayName: 'Security',
			name: 'security',
			type: 'options',
			options: [
				{ name: 'STARTTLS When Offered', value: 'starttls', description: 'Upgrade to TLS when the server offers it (port 587 or 25)' },
				{ name: 'Require STARTTLS', value: 'requireStarttls', description: 'Refuse to send unless the connection is upgraded' },
				{ name: 'TLS', value: 'tls', description: 'TLS from the first byte (port 465)' },
				{ name: 'None', value: 'none', description: 'Never upgrade (a local relay without TLS)' },
			],
			default: 'starttls',
		},
		{ displayName: 'User', name: 'user', type: 'string', default: '', description: 'Leave empty for a server without login' },
		{ displayName: 'Password', name: 'password', type: 'string', typeOptions: { password: true }, default: '' },
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to accept a certificate that does not validate (a self-signed relay)',
		},
	];
}
