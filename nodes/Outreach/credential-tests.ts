import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { signUnsubscribe } from '../../core/outreach/unsubscribe';
import { verifySmtp } from '../../transport/smtp';
import { smtpSettingsFromCredential } from './outreach.execute';

/** n8n credential test for `talentPipelineSmtp`: connect, greet, log in (when configured), disconnect. */
export async function testSmtpCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	try {
		await verifySmtp({ ...smtpSettingsFromCredential(credential.data ?? {}), connectionTimeoutMs: 8_000, greetingTimeoutMs: 8_000 });
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		// verifySmtp's errors are already free of the password.
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}

/** n8n credential test for `talentPipelineUnsubscribeApi`: the secrets are long enough to sign with. */
export async function testUnsubscribeCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	try {
		signUnsubscribe(String(data.secret ?? ''), { address: 'test@example.com', campaign: 'test' });
		if (data.previousSecret) signUnsubscribe(String(data.previousSecret), { address: 'test@example.com', campaign: 'test' });
		return { status: 'OK', message: 'The secret can sign unsubscribe links' };
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
