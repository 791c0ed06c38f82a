// What the cached token says about itself, without its value. The value is fetched from main only
// when the user clicks Reveal or Copy, and forgotten when this credential is no longer shown.
import { useEffect, useState } from 'react';
import type { CredentialSummary, TokenDetails } from '../../../../shared/status';
import { useAppStore } from '../../store/app-store';
import { copyToken, tokenCopiedMessage } from '../../ui/clipboard';
import { formatCountdown, formatLocalTime } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { ClaimsTable } from './jwt-claims';
import { IdTokenView } from './id-token-view';
import { JwtJson } from './jwt-json';
import { TokenResponseView } from './token-response-view';

const MASK = '••••••••••••••••••••••••';

function Expiry({ expiresAt }: { expiresAt: number }) {
  const now = useNow();
  const left = expiresAt - now;
  return (
    <>
      {formatLocalTime(expiresAt)}{' '}
      <span className="muted">({left > 0 ? `in ${formatCountdown(left)}` : 'expired'})</span>
    </>
  );
}

/** Mount with `key={id}` so that a revealed token never carries over to another credential. */
export function TokenViewer({ summary }: { summary: CredentialSummary }) {
  const id = summary.config.id;
  const notify = useAppStore((s) => s.notify);
  const [details, setDetails] = useState<TokenDetails | null>(null);
  const [detailsError, setDetailsError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { status } = summary;
  // A new token (or none) means new details: refetch whenever the summary's token changes.
  const tokenKey = `${status.state}|${status.expiresAt}|${status.hasAccessToken}|${status.scope}`;

  useEffect(() => {
    let live = true;
    void window.api.getTokenDetails({ id }).then((result) => {
      if (!live) return;
      setDetails(result.ok ? result.value : null);
      setDetailsError(result.ok ? null : result.error.message);
      setRevealed(null);
    });
    return () => {
      live = false;
    };
  }, [id, tokenKey]);

  const fetchToken = async (): Promise<string | null> => {
    setBusy(true);
    const result = await window.api.revealToken({ id });
    setBusy(false);
    if (!result.ok) {
      notify('error', result.error.message);
      return null;
    }
    return result.value.accessToken;
  };
  const reveal = async () => {
    if (revealed !== null) return setRevealed(null);
    setRevealed(await fetchToken());
  };
  const copy = async () => {
    setBusy(true);
    const copied = await copyToken(id);
    setBusy(false);
    notify(
      copied.ok ? 'success' : 'error',
      copied.ok ? tokenCopiedMessage(copied) : copied.message,
    );
  };

  const shown = details?.status ?? status;
  return (
    <section className="token-viewer" aria-label="Token">
      <h3>Token</h3>
      {detailsError && <p className="error-text">{detailsError}</p>}
      <dl className="kv-list">
        <dt>Access token</dt>
        <dd>
          {shown.hasAccessToken ? (
            <div className="token-row">
              <code className="token-value" aria-label="Access token value">
                {revealed ?? MASK}
              </code>
              <button type="button" disabled={busy} onClick={() => void reveal()}>
                {revealed !== null ? 'Hide' : 'Reveal'}
              </button>
              <button type="button" disabled={busy} onClick={() => void copy()}>
                Copy
              </button>
            </div>
          ) : (
            <span className="muted">None cached</span>
          )}
        </dd>
        <dt>Expires</dt>
        <dd>
          {shown.expiresAt !== null ? (
            <Expiry expiresAt={shown.expiresAt} />
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>Scope</dt>
        <dd>{shown.scope ?? <span className="muted">—</span>}</dd>
        <dt>Token type</dt>
        <dd>{shown.tokenType ?? <span className="muted">—</span>}</dd>
        <dt>Refresh token</dt>
        <dd>{shown.hasRefreshToken ? 'Yes' : 'No'}</dd>
      </dl>
      {details?.jwt && (
        <div className="jwt">
          <ClaimsTable title="JWT header" claims={details.jwt.header} />
          <ClaimsTable title="JWT claims" claims={details.jwt.claims} />
          <JwtJson header={details.jwt.header} claims={details.jwt.claims} />
        </div>
      )}
      {details?.providerFields && Object.keys(details.providerFields).length > 0 && (
        <ClaimsTable title="Provider fields" claims={details.providerFields} />
      )}
      {details?.idToken && <IdTokenView idToken={details.idToken} />}
      {details?.tokenResponse && (
        <TokenResponseView key={tokenKey} id={id} masked={details.tokenResponse} />
      )}
    </section>
  );
}
