// The right pane's "Details" tab: the selected credential's status, actions and token.
import { GRANT_LABELS } from '../../../../shared/credential';
import type { CredentialSummary } from '../../../../shared/status';
import { ActionBar } from './action-bar';
import { providerLabel } from './credential-row';
import { StatusBadge } from './status-badge';
import { TokenViewer } from './token-viewer';

const NEXT_STEP: Partial<Record<CredentialSummary['status']['state'], string>> = {
  needs_authorization: 'Click Authorize to sign in at the provider and get a token.',
  not_connected: 'No token yet: Test fetches one, or the first request that uses this credential does.',
  expired: 'The access token expired: it is renewed on the next use, or click Refresh now.',
};

export function CredentialDetail({ summary }: { summary: CredentialSummary }) {
  const { config, status } = summary;
  const endpoint = config.tokenUrl ?? config.authorizationUrl ?? config.deviceAuthorizationUrl;
  return (
    <article className="detail" aria-label={`Credential ${config.name}`}>
      <header className="detail-header">
        <div>
          <h2>{config.name}</h2>
          <p className="muted">
            {providerLabel(config.provider)} · {GRANT_LABELS[config.grantType]} · client {config.clientId}
            {endpoint ? ` · ${endpoint}` : ''}
          </p>
        </div>
        <StatusBadge status={status} />
      </header>
      {status.state === 'error' && status.lastError && (
        <p className="callout callout-error" role="note">
          {status.lastError.message}
        </p>
      )}
      {NEXT_STEP[status.state] && <p className="callout">{NEXT_STEP[status.state]}</p>}
      <ActionBar summary={summary} />
      <TokenViewer key={config.id} summary={summary} />
      <section className="config-summary" aria-label="Configuration">
        <h3>Configuration</h3>
        <dl className="kv-list">
          <dt>Requested scopes</dt>
          <dd>{config.scopes || <span className="muted">none</span>}</dd>
          {config.redirectUri && config.grantType !== 'client_credentials' && config.grantType !== 'password' && (
            <>
              <dt>Redirect URI</dt>
              <dd><code>{config.redirectUri}</code></dd>
            </>
          )}
          <dt>Client secret</dt>
          <dd>{summary.hasClientSecret ? 'Stored (encrypted)' : 'None'}</dd>
          <dt>Header</dt>
          <dd><code>Authorization: {config.headerPrefix} …</code></dd>
        </dl>
      </section>
    </article>
  );
}
