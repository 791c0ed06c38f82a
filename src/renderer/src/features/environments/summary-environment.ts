// The environment a summary's status is of, and the fields a request there uses (its overrides
// over the credential's), for showing. Ids stay the credential's: actions name the credential,
// and main applies the active environment.
import type { CredentialConfig } from '../../../../shared/credential';
import { environmentsOf, resolveEnvironment } from '../../../../shared/environment-resolve';
import type { CredentialEnvironment } from '../../../../shared/environment-types';
import type { CredentialSummary } from '../../../../shared/status';

export function summaryEnvironment(summary: CredentialSummary): CredentialEnvironment | undefined {
  const id = summary.environment?.id;
  return id === undefined ? undefined : environmentsOf(summary.config).find((env) => env.id === id);
}

/** The credential's configuration as its shown environment resolves it; `id` is the credential's. */
export function shownConfig(summary: CredentialSummary): CredentialConfig {
  const env = summaryEnvironment(summary);
  return env
    ? { ...resolveEnvironment(summary.config, env), id: summary.config.id }
    : summary.config;
}
