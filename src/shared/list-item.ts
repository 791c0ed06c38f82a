// What the whole list needs of a credential, and nothing more: the row (name, group, provider,
// grant, granted scope, token state counting down, environment marker, accounts line), the
// filter and sort, the environment switcher (every environment's marker), the command palette
// and the credential pickers (name). Everything else of a credential (its configuration, which
// secrets exist, the token's details) is fetched for the one credential the detail shows
// (credentials:get). Pure and zod-free: main builds list pages with it and the renderer keeps
// its list with it, so both derive a row from a summary the same way.
import type { AccountMarker } from './account-types';
import type { CredentialConfig } from './credential';
import type { EnvironmentMarker } from './environment-types';
import { isMarked, markerOf } from './environment-resolve';
import type { AppErrorInfo } from './errors';
import type { CredentialSummary, TokenStatus } from './status';
import type { AssessedStatus } from './token-state';

/** The configuration fields the list reads; `scopes` is what the filter matches before a token grants any. */
export type ListedConfig = Pick<
  CredentialConfig,
  'id' | 'name' | 'group' | 'provider' | 'grantType' | 'scopes'
> & {
  /**
   * Each environment's marker, without its overrides and variables (the switcher, the tester's
   * picker); unset when the credential has only its untouched first environment.
   */
  environments?: EnvironmentMarker[];
};

/**
 * What the badge needs to show the state and count down to the refresh margin as main decides
 * it (token-state.ts), and the granted scope the row shows. The last error keeps its code and
 * message (the badge's tooltip); the provider's raw error stays in the detail.
 */
export type ListedStatus = AssessedStatus &
  Pick<TokenStatus, 'scope'> & { lastError: Pick<AppErrorInfo, 'code' | 'message'> | null };

/**
 * One credential as the list shows it. Shaped as a part of `CredentialSummary` (every summary is
 * one), so what reads a row also reads a detail; `toListItem` is what cuts a summary down to it.
 */
export interface CredentialListItem {
  config: ListedConfig;
  status: ListedStatus;
  /** Which environment `status` is of; unset when that is the untouched only one (no marker shows). */
  environment?: EnvironmentMarker;
  /**
   * Its accounts in that environment, only when there is more than one: the row's "2 of 3
   * accounts signed in" and the tester's Account picker show only a choice.
   */
  accounts?: AccountMarker[];
}

const accountMarker = ({
  id,
  name,
  nameSource,
  username,
  default: isDefault,
  signedIn,
}: AccountMarker) => ({
  id,
  name,
  nameSource,
  ...(username !== undefined ? { username } : {}),
  default: isDefault,
  signedIn,
});

/**
 * The list's copy of a summary: new objects holding only the fields above (nothing of the
 * configuration beyond them, no secret presence, no provider error), so a page's size does not
 * follow what a configuration holds. An item projects to itself.
 */
export function toListItem(summary: CredentialSummary | CredentialListItem): CredentialListItem {
  const { config, status } = summary;
  // Only the environment every credential starts with, untouched: nothing to switch to, pick or
  // mark, and environmentsOf() gives the same one back, so neither it nor its marker is sent.
  const untouched = (config.environments ?? []).length <= 1 && !config.environments?.some(isMarked);
  const listed: ListedConfig = {
    id: config.id,
    name: config.name,
    provider: config.provider,
    grantType: config.grantType,
    scopes: config.scopes,
    ...(config.group !== undefined ? { group: config.group } : {}),
    ...(config.environments && !untouched
      ? { environments: config.environments.map(markerOf) }
      : {}),
  };
  const item: CredentialListItem = {
    config: listed,
    status: {
      state: status.state,
      expiresAt: status.expiresAt,
      scope: status.scope,
      hasAccessToken: status.hasAccessToken,
      hasRefreshToken: status.hasRefreshToken,
      lastError: status.lastError
        ? { code: status.lastError.code, message: status.lastError.message }
        : null,
      ...(status.obtainedAt !== undefined ? { obtainedAt: status.obtainedAt } : {}),
      ...(status.refreshRejected !== undefined ? { refreshRejected: status.refreshRejected } : {}),
    },
  };
  if (summary.environment && !(untouched && !isMarked(summary.environment)))
    item.environment = markerOf(summary.environment);
  if (summary.accounts && summary.accounts.length > 1)
    item.accounts = summary.accounts.map(accountMarker);
  return item;
}
