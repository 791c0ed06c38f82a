// The broker sends a credential's token only to the API origins its policy lists: one check for
// calls, saved tools and tokens asked for an origin.
import { normalizeOrigin } from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import type { AccessGate } from './access-gate';
import { BrokerError } from './broker-errors';

/** The origin must be one of the credential's allowed API origins (empty: none). */
export function checkOriginAllowed(
  deps: { gate: Pick<AccessGate, 'policy'> },
  credential: CredentialConfig,
  url: string,
): string {
  const origin = normalizeOrigin(url);
  if (!origin) throw new BrokerError('validation', `"${url.slice(0, 200)}" is not an http(s) URL.`);
  if (!deps.gate.policy(credential.id).allowedOrigins.includes(origin)) {
    throw new BrokerError(
      'origin_not_allowed',
      `"${credential.name}" may not be sent to ${origin}. Add ${origin} to its allowed API origins in OAuth Desk (Broker tab) if it should.`,
    );
  }
  return origin;
}
