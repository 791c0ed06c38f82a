// Asking the provider about the stored token: Introspect (RFC 7662) says whether it is active and
// what it carries, which is the only way to read an opaque token; User info (OIDC Core §5.3) says
// whose it is. Shown when the credential has the URL; the answer never holds the token itself.
import { useState } from 'react';
import type {
  CredentialSummary,
  IntrospectedToken,
  IntrospectionOutcome,
  UserInfoOutcome,
} from '../../../../shared/status';
import { ClaimsTable } from './jwt-claims';

type Answer =
  | { kind: 'introspection'; outcome: IntrospectionOutcome }
  | { kind: 'userinfo'; outcome: UserInfoOutcome }
  | { kind: 'error'; message: string };

const TOKEN_LABEL: Record<IntrospectedToken, string> = {
  access_token: 'access token',
  refresh_token: 'refresh token',
};

/** Mount with `key={id}` so that an answer never carries over to another credential. */
export function TokenInspection({ summary }: { summary: CredentialSummary }) {
  const { config, status } = summary;
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (!config.introspectionUrl && !config.userinfoUrl) {
    return (
      <section className="token-inspection" aria-label="Ask the provider">
        <h3>Ask the provider</h3>
        <p className="muted">
          Add an Introspection URL (RFC 7662) or a Userinfo URL under Edit → Advanced, or click
          Discover there, to ask the provider about this token.
        </p>
      </section>
    );
  }
  const run = async (label: string, call: () => Promise<Answer>) => {
    setBusy(label);
    setAnswer(await call());
    setBusy(null);
  };
  const introspect = (token: IntrospectedToken) =>
    run(`Introspect ${TOKEN_LABEL[token]}`, async () => {
      const result = await window.api.introspectToken({ id: config.id, token });
      return result.ok
        ? { kind: 'introspection', outcome: result.value }
        : { kind: 'error', message: result.error.message };
    });
  const userInfo = () =>
    run('User info', async () => {
      const result = await window.api.getUserInfo({ id: config.id });
      return result.ok
        ? { kind: 'userinfo', outcome: result.value }
        : { kind: 'error', message: result.error.message };
    });
  const button = (label: string, onClick: () => void, missing: string | null) => (
    <button
      type="button"
      aria-busy={busy === label || undefined}
      aria-disabled={missing !== null || busy !== null || undefined}
      title={missing ?? label}
      onClick={() => {
        if (missing === null && busy === null) onClick();
      }}
    >
      {busy === label ? `${label}…` : label}
    </button>
  );
  const noAccess = status.hasAccessToken ? null : 'There is no access token: Test or Authorize.';
  return (
    <section className="token-inspection" aria-label="Ask the provider">
      <h3>Ask the provider</h3>
      <div className="action-bar" role="toolbar" aria-label="Ask the provider">
        {config.introspectionUrl && (
          <>
            {button('Introspect access token', () => void introspect('access_token'), noAccess)}
            {status.hasRefreshToken &&
              button('Introspect refresh token', () => void introspect('refresh_token'), null)}
          </>
        )}
        {config.userinfoUrl && button('User info', () => void userInfo(), noAccess)}
      </div>
      {answer?.kind === 'error' && (
        <p className="error-text" role="alert">
          {answer.message}
        </p>
      )}
      {answer?.kind === 'introspection' && (
        <div role="status">
          <p className={answer.outcome.active ? undefined : 'error-text'}>
            {answer.outcome.message}
          </p>
          <ClaimsTable
            title={`Introspection of the ${TOKEN_LABEL[answer.outcome.token]}`}
            claims={answer.outcome.claims}
          />
        </div>
      )}
      {answer?.kind === 'userinfo' && (
        <div role="status">
          <p>{answer.outcome.message}</p>
          <ClaimsTable title="User info" claims={answer.outcome.claims} />
        </div>
      )}
    </section>
  );
}
