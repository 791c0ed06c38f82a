// Organising the list: which credentials a facet shows (a group, a grant type, a provider or a
// token state), how many each facet holds, and the sort orders. Pure functions over summaries.
import { GRANT_LABELS, GRANT_TYPES } from '../../../../shared/grant-types';
import { TOKEN_STATES } from '../../../../shared/status';
import type { CredentialListItem } from '../../../../shared/list-item';
import { STATE_LABELS } from './status-badge';
import { providerName } from '../../../../shared/providers';

export const SORT_KEYS = ['name', 'group', 'grant', 'provider', 'status'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_LABELS: Record<SortKey, string> = {
  name: 'Name',
  group: 'Group',
  grant: 'Grant type',
  provider: 'Provider',
  status: 'Status',
};

/** "all", or "<kind>:<value>": "group:Staging", "group:" (no group), "grant:device_code", ... */
export type Facet = string;
export const ALL: Facet = 'all';

export interface FacetOption {
  value: Facet;
  label: string;
  count: number;
}
export interface FacetGroup {
  label: string;
  options: FacetOption[];
}

const groupOf = (s: CredentialListItem) => s.config.group?.trim() ?? '';

/** The groups in use, with how many credentials each holds, by name. */
export function groupsOf(summaries: CredentialListItem[]): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const s of summaries) {
    const g = groupOf(s);
    if (g) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function facetValue(summary: CredentialListItem, kind: string): string {
  if (kind === 'group') return groupOf(summary);
  if (kind === 'grant') return summary.config.grantType;
  if (kind === 'provider') return summary.config.provider;
  return summary.status.state;
}

export function matchesFacet(summary: CredentialListItem, facet: Facet): boolean {
  if (facet === ALL) return true;
  const colon = facet.indexOf(':');
  return facetValue(summary, facet.slice(0, colon)) === facet.slice(colon + 1);
}

/** Every facet that holds at least one credential, with its count. */
export function facetGroups(summaries: CredentialListItem[]): FacetGroup[] {
  const count = (facet: Facet) => summaries.filter((s) => matchesFacet(s, facet)).length;
  const option = (value: Facet, label: string): FacetOption => ({
    value,
    label,
    count: count(value),
  });
  const nonEmpty = (options: FacetOption[]) => options.filter((o) => o.count > 0);
  const providers = [...new Set(summaries.map((s) => s.config.provider))].sort();
  return [
    {
      label: 'Group',
      options: nonEmpty([
        ...groupsOf(summaries).map((g) => option(`group:${g.name}`, g.name)),
        option('group:', 'No group'),
      ]),
    },
    {
      label: 'Grant type',
      options: nonEmpty(GRANT_TYPES.map((g) => option(`grant:${g}`, GRANT_LABELS[g]))),
    },
    {
      label: 'Provider',
      options: nonEmpty(providers.map((p) => option(`provider:${p}`, providerName(p)))),
    },
    {
      label: 'Status',
      options: nonEmpty(TOKEN_STATES.map((st) => option(`status:${st}`, STATE_LABELS[st]))),
    },
  ].filter((g) => g.options.length > 0);
}

const byName = (a: CredentialListItem, b: CredentialListItem) =>
  a.config.name.localeCompare(b.config.name) || a.config.id.localeCompare(b.config.id);

const SORT_VALUE: Record<Exclude<SortKey, 'name'>, (s: CredentialListItem) => string | number> = {
  // Credentials without a group come last, not first.
  group: (s) => groupOf(s) || '\uffff',
  grant: (s) => GRANT_LABELS[s.config.grantType],
  provider: (s) => providerName(s.config.provider),
  status: (s) => TOKEN_STATES.indexOf(s.status.state),
};

export function sortCredentials(list: CredentialListItem[], sort: SortKey): CredentialListItem[] {
  if (sort === 'name') return [...list].sort(byName);
  const value = SORT_VALUE[sort];
  return [...list].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    const order =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order || byName(a, b);
  });
}
