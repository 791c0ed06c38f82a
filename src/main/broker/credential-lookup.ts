// Which credential a broker request means: the one it names (an id or a name as the user typed
// it), or, for a token asked for an API origin, the one credential that allows that origin.
import type { CredentialSummary } from '../../shared/status';
import { BrokerError } from './broker-errors';
import type { BrokerServiceDeps } from './broker-use';

export function createCredentialLookup(deps: Pick<BrokerServiceDeps, 'engine' | 'gate'>) {
  async function findCredential(ref: string): Promise<CredentialSummary> {
    const found = await deps.engine.find(ref);
    if (!found) {
      throw new BrokerError(
        'not_found',
        `No credential named "${ref}" in OAuth Desk. Run \`oauth-desk list\` to see the names.`,
      );
    }
    return found;
  }

  async function credentialForOrigin(origin: string): Promise<CredentialSummary> {
    const all = await deps.engine.list();
    const matches = all.filter((s) =>
      deps.gate.policy(s.config.id).allowedOrigins.includes(origin),
    );
    if (matches.length === 1) return matches[0]!;
    throw new BrokerError(
      'not_found',
      matches.length === 0
        ? `No credential lists ${origin} among its allowed API origins. Add it in the app (Broker tab), or name the credential.`
        : `Several credentials allow ${origin}: name the one to use (${matches.map((m) => m.config.name).join(', ')}).`,
    );
  }

  return { findCredential, credentialForOrigin };
}

export type CredentialLookup = ReturnType<typeof createCredentialLookup>;
