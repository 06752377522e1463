import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

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
