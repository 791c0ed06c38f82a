// Environments' own client secrets in sharing: which environments have one (the export's markers,
// never the value), which still wait for one after an import, and where a secret given for one is
// stored. Read from the vault's own slots: an environment that inherits the credential's secret
// does not count as having its own.
import { parseTargetId, targetId, vaultSlotId } from '../../shared/environment';
import type { CredentialSummary } from '../../shared/status';
import type { CredentialSecrets, OAuthEngine } from '../oauth/ports';
import { ownSlotEnvironments, secretPresence } from '../oauth/secret-reads';

/** Every environment that could wait for its own secret, as the waiting list names it. */
export async function environmentEntries(
  secrets: CredentialSecrets,
  summaries: CredentialSummary[],
): Promise<Array<{ id: string; name: string; hasClientSecret: boolean }>> {
  const out = [];
  for (const { config } of summaries) {
    for (const env of ownSlotEnvironments(config)) {
      const id = targetId(config.id, env.id);
      const { hasClientSecret } = await secretPresence(secrets, vaultSlotId(config.id, env.id));
      out.push({ id, name: `${config.name} (${env.name})`, hasClientSecret });
    }
  }
  return out;
}

/**
 * The vault slot a secret given for `id` belongs to: a credential's own, or (for
 * `<credential>~<environment id or name>`) that environment's. not_found for an unknown one.
 */
export async function secretSlotOf(engine: Pick<OAuthEngine, 'get'>, id: string): Promise<string> {
  const summary = await engine.get(id);
  const { credentialId, environment } = parseTargetId(id);
  if (environment === undefined || !summary.environment) return credentialId;
  return vaultSlotId(credentialId, summary.environment.id);
}
