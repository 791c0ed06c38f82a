// Which credentials the list shows, in which order: a pure function so it is cheap to test.
import { GRANT_LABELS } from '../../../../shared/grant-types';
import type { CredentialListItem } from '../../../../shared/list-item';
import { ALL, matchesFacet, sortCredentials, type Facet, type SortKey } from './credential-groups';

export interface ListView {
  /** One group, grant type, provider or state; "all" by default. */
  show: Facet;
  sort: SortKey;
}

/** Case-insensitive match on name, group, provider, grant and scope, within the chosen facet; sorted as asked (by name by default). */
export function filterCredentials(
  credentials: Record<string, CredentialListItem>,
  filter: string,
  view: ListView = { show: ALL, sort: 'name' },
): CredentialListItem[] {
  const needle = filter.trim().toLowerCase();
  const matching = Object.values(credentials).filter(
    (summary) =>
      matchesFacet(summary, view.show) &&
      (!needle ||
        [
          summary.config.name,
          summary.config.group ?? '',
          summary.config.provider,
          GRANT_LABELS[summary.config.grantType],
          summary.config.grantType,
          summary.status.scope ?? summary.config.scopes,
        ]
          .join(' ')
          .toLowerCase()
          .includes(needle)),
  );
  return sortCredentials(matching, view.sort);
}
