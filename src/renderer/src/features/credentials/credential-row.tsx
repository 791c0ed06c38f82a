// One line of the credentials list: name, provider and grant, status and granted scope.
import { GRANT_LABELS } from '../../../../shared/credential';
import type { CredentialSummary } from '../../../../shared/status';
import { StatusBadge } from './status-badge';

const PROVIDER_LABELS: Record<string, string> = {
  google: 'Google',
  github: 'GitHub',
  microsoft: 'Microsoft',
  slack: 'Slack',
  salesforce: 'Salesforce',
  custom: 'Custom',
};

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider;
}

interface CredentialRowProps {
  summary: CredentialSummary;
  selected: boolean;
  onSelect: () => void;
}

export function CredentialRow({ summary, selected, onSelect }: CredentialRowProps) {
  const { config, status } = summary;
  return (
    <div
      role="option"
      id={`credential-${config.id}`}
      aria-selected={selected}
      className={`credential-row${selected ? ' selected' : ''}`}
      onClick={onSelect}
    >
      <div className="credential-row-top">
        <span className="credential-name">{config.name}</span>
        <StatusBadge status={status} />
      </div>
      <div className="credential-meta">
        {providerLabel(config.provider)} · {GRANT_LABELS[config.grantType]}
        {status.scope ? <span className="credential-scope"> · {status.scope}</span> : null}
      </div>
    </div>
  );
}
