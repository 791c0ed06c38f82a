// The ID token as the token viewer shows it: whether it was validated (and against which
// issuer), then its header and claims with the times (exp, iat, auth_time) as dates.
import type { TokenDetails } from '../../../../shared/status';
import { ClaimsTable } from './jwt-claims';

export function IdTokenView({ idToken }: { idToken: NonNullable<TokenDetails['idToken']> }) {
  const { check } = idToken;
  return (
    <section className="id-token" aria-label="ID token">
      <h4>ID token</h4>
      {check.status === 'verified' ? (
        <p className="callout callout-ok" role="note">
          Verified: signed by {check.issuer}, for this client, not expired when received.
        </p>
      ) : (
        <p className={`callout${check.status === 'failed' ? ' callout-error' : ''}`} role="note">
          {check.status === 'failed' ? 'Validation failed' : 'Not verified'}: {check.reason}
        </p>
      )}
      <div className="jwt">
        <ClaimsTable title="ID token header" claims={idToken.header} />
        <ClaimsTable title="ID token claims" claims={idToken.claims} />
      </div>
    </section>
  );
}
