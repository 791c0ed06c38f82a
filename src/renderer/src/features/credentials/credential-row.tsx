// One entry of the credentials list: the name on its own line, then status, provider, grant and scope.
import { GRANT_LABELS } from '../../../../shared/grant-types';
import { providerName } from '../../../../shared/providers';
import type { CredentialListItem } from '../../../../shared/list-item';
import { StatusBadge } from './status-badge';
import { EnvironmentMarker } from '../environments/environment-marker';
import { isMarked } from '../../../../shared/environment-resolve';
import { accountLabel } from '../../../../shared/account-resolve';

/** "2 of 3 accounts signed in · default alice": only when there is more than one account. */
function accountsLine(item: CredentialListItem): string | null {
  const accounts = item.accounts ?? [];
  if (accounts.length < 2) return null;
  const signedIn = accounts.filter((a) => a.signedIn).length;
  const index = accounts.findIndex((a) => a.default);
  const byDefault = index >= 0 ? accountLabel(accounts[index]!, index) : null;
  return `${signedIn} of ${accounts.length} accounts signed in${byDefault ? ` · default ${byDefault}` : ''}`;
}

interface CredentialRowProps {
  item: CredentialListItem;
  selected: boolean;
  onSelect: () => void;
}

export function CredentialRow({ item, selected, onSelect }: CredentialRowProps) {
  const { config, status } = item;
  const accounts = accountsLine(item);
  const meta = [
    config.group,
    providerName(config.provider),
    GRANT_LABELS[config.grantType],
    status.scope,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <div
      role="option"
      id={`credential-${config.id}`}
      aria-selected={selected}
      className={`credential-row${selected ? ' selected' : ''}`}
      onClick={onSelect}
    >
      {/* The name gets the whole first line (a countdown beside it would cut it off in a narrow
          pane); the title carries the full name when even that is not enough. */}
      <div className="credential-row-top">
        <span className="credential-name" title={config.name}>
          {config.name}
        </span>
        {/* Which environment the status below is of; none for a credential without environments. */}
        {item.environment && isMarked(item.environment) && (
          <EnvironmentMarker marker={item.environment} />
        )}
      </div>
      <div className="credential-row-bottom">
        <StatusBadge summary={item} />
        <span className="credential-meta" title={meta}>
          {config.group ? <span className="credential-group">{config.group} · </span> : null}
          {providerName(config.provider)} · {GRANT_LABELS[config.grantType]}
          {status.scope ? <span className="credential-scope"> · {status.scope}</span> : null}
        </span>
      </div>
      {accounts && <div className="credential-meta credential-accounts">{accounts}</div>}
    </div>
  );
}
