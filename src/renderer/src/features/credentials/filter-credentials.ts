// Which credentials the list shows, in which order: a pure function so it is cheap to test.
import { GRANT_LABELS } from '../../../../shared/credential';
import type { CredentialSummary } from '../../../../shared/status';

/** Case-insensitive match on name, provider, grant and scope; sorted by name. */
export function filterCredentials(credentials: Record<string, CredentialSummary>, filter: string): CredentialSummary[] {
  const needle = filter.trim().toLowerCase();
  const all = Object.values(credentials);
  const matching = needle
    ? all.filter(({ config, status }) =>
        [config.name, config.provider, GRANT_LABELS[config.grantType], config.grantType, status.scope ?? config.scopes]
          .join(' ')
          .toLowerCase()
          .includes(needle),
      )
    : all;
  return matching.sort((a, b) => a.config.name.localeCompare(b.config.name) || a.config.id.localeCompare(b.config.id));
}
