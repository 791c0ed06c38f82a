// The right pane's "Details" tab: the selected credential's status, actions and token.
import { displayEndpoint } from '../../../../shared/display-host';
import { GRANT_LABELS, usesRedirect } from '../../../../shared/grant-types';
import type { CredentialSummary } from '../../../../shared/status';
import { describePlacement } from '../../../../shared/token-placement';
import { scopesNotGranted } from '../../../../shared/granted-scopes';
import { ActionBar } from './action-bar';
import { providerName } from '../../../../shared/providers';
import { assessSummary, StatusBadge } from './status-badge';
import { TokenInspection } from './token-inspection';
import { ClientJwks } from './client-jwks';
import { TokenViewer } from './token-viewer';
import { useNow } from '../../ui/use-now';
import { useAppStore } from '../../store/app-store';
import { EnvironmentMarker } from '../environments/environment-marker';
import { isMarked } from '../../../../shared/environment-resolve';
import { shownConfig } from '../environments/summary-environment';
import { EnvironmentsSection } from '../environments/environments-section';
import { Suspense } from 'react';
import { loadLater } from '../layout/load-later';

// Its own chunk: the first screen's JavaScript stays within its budget (scripts/initial-js-budget.mjs).
const AccountsSection = loadLater(() =>
  import('./accounts-section').then((m) => m.AccountsSection),
);

/** Says how the secret is protected: browser mode's key file is weaker than the OS keychain. */
function StoredSecret() {
  const protection = useAppStore((s) => s.appInfo?.secretProtection);
  return <>{protection ? `Stored, encrypted: ${protection}` : 'Stored (encrypted)'}</>;
}

export function CredentialDetail({ summary }: { summary: CredentialSummary }) {
  const { status, environment } = summary;
  // Endpoints, client and scopes as the active environment overrides them.
  const config = shownConfig(summary);
  // Remounted per environment: a revealed token or decoded details never carry over to another.
  const viewKey = `${config.id}~${environment?.id ?? ''}`;
  const now = useNow();
  // Re-assessed with this clock: main announces a new state when something happens to the token,
  // not when it simply runs out, so the step for that moment comes from the shared assessment.
  const nextStep = assessSummary(summary, now).hint;
  const endpoint = config.tokenUrl ?? config.authorizationUrl ?? config.deviceAuthorizationUrl;
  const notGranted = status.hasAccessToken ? scopesNotGranted(config.scopes, status.scope) : [];
  return (
    <article className="detail" aria-label={`Credential ${config.name}`}>
      <header className="detail-header">
        <div>
          <h2>{config.name}</h2>
          {environment && isMarked(environment) && (
            <p className="detail-environment">
              Environment <EnvironmentMarker marker={environment} />
            </p>
          )}
          <p className="muted">
            {providerName(config.provider)} · {GRANT_LABELS[config.grantType]} · client{' '}
            {config.clientId}
            {endpoint ? ` · ${displayEndpoint(endpoint)}` : ''}
          </p>
        </div>
        <StatusBadge summary={summary} />
      </header>
      {status.state === 'error' && status.lastError && (
        <p className="callout callout-error" role="note">
          {status.lastError.message}
        </p>
      )}
      {nextStep && <p className="callout">{nextStep}</p>}
      <ActionBar summary={summary} />
      <TokenViewer key={viewKey} summary={summary} />
      <TokenInspection key={`inspect-${viewKey}`} summary={summary} />
      <Suspense fallback={null}>
        <AccountsSection key={`accounts-${viewKey}`} summary={summary} />
      </Suspense>
      <ClientJwks key={`jwks-${config.id}`} summary={summary} />
      <section className="config-summary" aria-label="Configuration">
        <h3>Configuration</h3>
        <dl className="kv-list">
          <dt>Requested scopes</dt>
          <dd>{config.scopes || <span className="muted">none</span>}</dd>
          {notGranted.length > 0 && (
            <>
              <dt>Not granted</dt>
              <dd className="scope-warning">
                <code>{notGranted.join(' ')}</code>: the provider granted{' '}
                <code>{status.scope || 'no scope'}</code>. Calls that need them will fail with 403;
                check the app&apos;s permissions at the provider, then authorize again.
              </dd>
            </>
          )}
          {config.redirectUri && usesRedirect(config.grantType) && (
            <>
              <dt>Redirect URI</dt>
              <dd>
                <code>{config.redirectUri}</code>
              </dd>
            </>
          )}
          <dt>Client secret</dt>
          <dd>{summary.hasClientSecret ? <StoredSecret /> : 'None'}</dd>
          <dt>Token sent as</dt>
          <dd>
            <code>{describePlacement(config, status.tokenType)}</code>
          </dd>
        </dl>
      </section>
      <EnvironmentsSection key={`environments-${config.id}`} summary={summary} />
    </article>
  );
}
