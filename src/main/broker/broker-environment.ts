// Which environment and account of a credential a broker request uses: the ones it names
// (`--environment Production --account bob`, by name in any case or id), else the app's active
// environment and its default account. It is decided once, when the
// credential is found, and the token is asked for by `<credential>~<environment id>`, so a switch
// of the active environment while a client waits for approval cannot hand it another
// environment's token than the one its prompt and audit entry name.
import { environmentsOf, targetId, type EnvironmentMarker } from '../../shared/environment';
import { accountTargetId, callerTarget } from '../../shared/accounts';
import type { BrokerAccountRef } from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import type { CredentialSummary } from '../../shared/status';
import type { OAuthEngine } from '../oauth/ports';

export interface BrokerTarget {
  credential: CredentialConfig;
  /**
   * The environment the use is of: shown in the prompt and kept in the audit entry. Unset for a
   * credential with one environment: there is no other it could be confused with.
   */
  environment: EnvironmentMarker | undefined;
  /**
   * The account the token is of: shown in the prompt and kept in the audit entry. Unset when the
   * environment has one account: there is no other it could be confused with.
   */
  account: BrokerAccountRef | undefined;
  /** The engine id of the token: the environment pinned. */
  tokenId: string;
}

/**
 * The target of a found credential. An environment the credential does not have is the engine's
 * not_found error, which names the credential's environments (environment-targets.ts).
 */
export async function brokerTarget(
  deps: { engine: Pick<OAuthEngine, 'status'> },
  found: CredentialSummary,
  environment: string | null,
  account: string | null = null,
): Promise<BrokerTarget> {
  const summary =
    environment || account
      ? await deps.engine.status(callerTarget(found.config.id, environment ?? '', account ?? ''))
      : found;
  const marker = summary.environment;
  // The account is pinned too (its default when none is named), for the same reason.
  return {
    credential: found.config,
    environment: hasEnvironments(found.config) ? marker : undefined,
    account:
      summary.account && (summary.accounts?.length ?? 0) > 1
        ? { id: summary.account.id, name: summary.account.name || summary.account.id }
        : undefined,
    tokenId:
      marker && summary.account
        ? accountTargetId(found.config.id, marker.id, summary.account.id)
        : marker
          ? targetId(found.config.id, marker.id)
          : found.config.id,
  };
}

/** True when the credential has environments to choose from (more than its one). */
export function hasEnvironments(config: Pick<CredentialConfig, 'environments'>): boolean {
  return environmentsOf(config).length > 1;
}
