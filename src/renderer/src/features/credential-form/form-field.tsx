// Renders one credential field by key, with its label, hint and control.
import {
  AUTHORIZE_IN,
  CLIENT_AUTH_METHODS,
  PKCE_METHODS,
  SLACK_TOKENS,
} from '../../../../shared/credential';
import { clientAuthOf } from '../../../../shared/client-auth';
import { grantOf } from '../../../../shared/grant-types';
import { useAppStore } from '../../store/app-store';
import { Field } from '../../ui/field';
import {
  isTokenPlacementField,
  pastesActorToken,
  secretStateOf,
  takesSubjectFromCredential,
  type FieldKey,
  type FormValues,
  type SecretName,
  type SecretState,
} from './form-model';
import { ClientKeyFields, secretLabel } from './client-key-fields';
import { ClientCertificateFields, TlsSettingsFields } from './client-certificate-fields';
import { clientAuthChange, usesClientCertificate } from './tls-values';
import { GrantExtensionField, isExtensionField } from './grant-extension-fields';
import { RequestExtrasField } from './request-extras-field';
import { SecretField } from './secret-field';
import { TokenPlacementFormField } from './token-placement-fields';

type TextKey =
  | 'authorizationUrl'
  | 'tokenUrl'
  | 'deviceAuthorizationUrl'
  | 'revocationUrl'
  | 'introspectionUrl'
  | 'userinfoUrl'
  | 'pushedAuthorizationUrl'
  | 'clientId'
  | 'redirectUri'
  | 'scopes'
  | 'audience'
  | 'resource'
  | 'username'
  | 'issuer';

const TEXT: Record<TextKey, { label: string; hint?: string; placeholder?: string }> = {
  authorizationUrl: {
    label: 'Authorization URL',
    placeholder: 'https://provider.example/oauth/authorize',
  },
  tokenUrl: { label: 'Token URL', placeholder: 'https://provider.example/oauth/token' },
  deviceAuthorizationUrl: {
    label: 'Device authorization URL',
    placeholder: 'https://provider.example/oauth/device',
  },
  revocationUrl: {
    label: 'Revocation URL',
    hint: 'RFC 7009: used by Revoke to tell the provider. Optional.',
  },
  introspectionUrl: {
    label: 'Introspection URL',
    hint: 'RFC 7662: used by Introspect to ask the provider about a token. Optional.',
  },
  userinfoUrl: {
    label: 'Userinfo URL',
    hint: 'OpenID Connect: used by User info to show who the token belongs to. Optional.',
  },
  pushedAuthorizationUrl: {
    label: 'Pushed authorization request URL',
    hint: 'RFC 9126: the sign-in request is sent here first, and the browser only carries a reference to it.',
  },
  clientId: { label: 'Client ID' },
  redirectUri: {
    label: 'Redirect URI',
    hint: 'Must be registered at the provider exactly as written.',
  },
  scopes: { label: 'Scopes', hint: 'Space-separated, e.g. "openid profile read:user".' },
  audience: {
    label: 'Audience',
    hint: 'Sent as the audience parameter (Auth0 and similar). Optional.',
  },
  resource: { label: 'Resource', hint: 'RFC 8707 resource indicator. Optional.' },
  username: { label: 'Username' },
  issuer: {
    label: 'Issuer',
    hint: 'RFC 9207: iss in sign-in responses must name this issuer. Set by the preset or Discover; leave empty when unknown.',
    placeholder: 'https://provider.example',
  },
};

const PKCE_LABELS = {
  S256: 'S256 (recommended)',
  plain: 'plain (legacy servers only)',
  off: 'Off (confidential clients only)',
};
const AUTHORIZE_IN_LABELS = { embedded: 'Embedded window', system_browser: 'System browser' };
const SLACK_TOKEN_LABELS = { bot: 'Bot token (xoxb-)', user: 'User token (xoxp-, authed_user)' };

export interface FormFieldProps {
  field: FieldKey;
  values: FormValues;
  secrets: SecretState;
  error?: string | undefined;
  required?: boolean;
  onChange: (patch: Partial<FormValues>) => void;
  onSecretClear: (name: SecretName, clear: boolean) => void;
  onBlur: (field: FieldKey) => void;
}

export function FormField({
  field,
  values,
  secrets,
  error,
  required = false,
  onChange,
  onSecretClear,
  onBlur,
}: FormFieldProps) {
  // Whether this run receives oauthdesk:// (app info); when it cannot, the hint says what happens instead.
  const appScheme = useAppStore((s) => s.appInfo?.appScheme);
  const blur = () => onBlur(field);
  if (isExtensionField(field)) {
    return (
      <GrantExtensionField
        field={field}
        values={values}
        error={error}
        required={required}
        onChange={onChange}
        onBlur={blur}
      />
    );
  }
  if (isTokenPlacementField(field)) {
    return (
      <TokenPlacementFormField
        field={field}
        values={values}
        error={error}
        onChange={onChange}
        onBlur={blur}
      />
    );
  }
  // The mTLS methods' secret slot is the client certificate (RFC 8705 §2).
  if (field === 'clientSecret' && usesClientCertificate(values.clientAuth))
    return (
      <ClientCertificateFields
        values={values}
        onChange={onChange}
        stored={secrets.clientSecret.stored}
        clear={secrets.clientSecret.clear}
        error={error}
        onClearChange={(clear) => onSecretClear('clientSecret', clear)}
      />
    );
  switch (field) {
    case 'actorToken':
      if (!pastesActorToken(values)) return null;
      return (
        <SecretField
          label="Actor token"
          value={values.actorToken}
          stored={secretStateOf(secrets, 'actorToken').stored}
          clear={secretStateOf(secrets, 'actorToken').clear}
          error={error}
          required={required}
          {...(grantOf(values.grantType).hints?.actorToken
            ? { hint: grantOf(values.grantType).hints!.actorToken! }
            : {})}
          onChange={(value) => onChange({ actorToken: value })}
          onClearChange={(clear) => onSecretClear('actorToken', clear)}
          onBlur={blur}
        />
      );
    case 'clientSecret':
    case 'password': {
      // A token exchange whose subject comes from a credential has no token to paste.
      if (field === 'password' && takesSubjectFromCredential(values)) return null;
      // A secret the grant can do without says so: its descriptor's hint explains when.
      const hint =
        field === 'clientSecret' && clientAuthOf(values.clientAuth).material === 'private_key'
          ? 'PEM (-----BEGIN PRIVATE KEY-----) or a private JWK: RSA, EC P-256 or Ed25519; or leave it blank and click Generate key below. Kept encrypted in main, never shown again; register its public key at the provider.'
          : grantOf(values.grantType).hints?.[field];
      return (
        <SecretField
          label={
            field === 'clientSecret'
              ? secretLabel(values)
              : (grantOf(values.grantType).passwordLabel ?? 'Password')
          }
          value={values[field]}
          stored={secrets[field].stored}
          clear={secrets[field].clear}
          error={error}
          required={required}
          {...(hint ? { hint } : {})}
          onChange={(value) => onChange({ [field]: value })}
          onClearChange={(clear) => onSecretClear(field, clear)}
          onBlur={blur}
        />
      );
    }
    case 'clientAuth':
      return (
        <>
          <Field label="Client authentication" error={error}>
            {(c) => (
              <select
                {...c}
                value={values.clientAuth}
                onChange={(e) => onChange(clientAuthChange(values, e.target.value))}
              >
                {CLIENT_AUTH_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {clientAuthOf(m).label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {clientAuthOf(values.clientAuth).material === 'private_key' && (
            <ClientKeyFields values={values} stored={secrets.clientSecret} onChange={onChange} />
          )}
          <TlsSettingsFields values={values} onChange={onChange} />
        </>
      );
    case 'pkce':
      return (
        <Field
          label="PKCE method"
          error={error}
          hint="RFC 7636: protects the code from interception."
        >
          {(c) => (
            <select
              {...c}
              value={values.pkce}
              onChange={(e) => onChange({ pkce: e.target.value as FormValues['pkce'] })}
            >
              {PKCE_METHODS.map((m) => (
                <option key={m} value={m}>
                  {PKCE_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'authorizeIn':
      return (
        <Field
          label="Open sign-in in"
          error={error}
          hint="Some providers (Google) refuse embedded windows: use the system browser for them."
        >
          {(c) => (
            <select
              {...c}
              value={values.authorizeIn}
              onChange={(e) =>
                onChange({ authorizeIn: e.target.value as FormValues['authorizeIn'] })
              }
            >
              {AUTHORIZE_IN.map((m) => (
                <option key={m} value={m}>
                  {AUTHORIZE_IN_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'scopeOnRefresh':
      return (
        <Field
          label="Send scope on refresh"
          error={error}
          hint="Sends the granted scopes with each refresh (RFC 6749 §6). Microsoft requires it for API scopes."
        >
          {(c) => (
            <input
              {...c}
              type="checkbox"
              checked={values.scopeOnRefresh}
              onChange={(e) => onChange({ scopeOnRefresh: e.target.checked })}
            />
          )}
        </Field>
      );
    case 'usePar':
      return (
        <Field
          label="Push the authorization request (PAR)"
          error={error}
          hint={
            values.requirePar
              ? 'This server requires it (require_pushed_authorization_requests), so every sign-in is pushed.'
              : values.pushedAuthorizationUrl
                ? 'RFC 9126: the sign-in parameters go to the server directly; the browser only carries a request_uri. This server offers it.'
                : 'RFC 9126: the sign-in parameters go to the server directly; the browser only carries a request_uri. Needs the pushed authorization request URL.'
          }
        >
          {(c) => (
            <input
              {...c}
              type="checkbox"
              checked={values.usePar || values.requirePar}
              disabled={values.requirePar}
              onChange={(e) => onChange({ usePar: e.target.checked })}
            />
          )}
        </Field>
      );
    case 'dpop':
      return (
        <Field
          label="Bind tokens with DPoP"
          error={error}
          hint="RFC 9449: a key pair kept encrypted on this machine signs a proof for each token, refresh and userinfo request, so the provider binds the tokens to it. API calls from the request tester and the broker then send Authorization: DPoP with a fresh proof."
        >
          {(c) => (
            <input
              {...c}
              type="checkbox"
              checked={values.dpop}
              onChange={(e) => onChange({ dpop: e.target.checked })}
            />
          )}
        </Field>
      );
    case 'slackToken':
      if (values.provider !== 'slack') return null;
      return (
        <Field
          label="Slack token"
          error={error}
          hint="Slack sends a bot token, and a user token when user_scope is asked for. A user-only install always keeps the user token."
        >
          {(c) => (
            <select
              {...c}
              value={values.slackToken}
              onChange={(e) => onChange({ slackToken: e.target.value as FormValues['slackToken'] })}
            >
              {SLACK_TOKENS.map((m) => (
                <option key={m} value={m}>
                  {SLACK_TOKEN_LABELS[m]}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'requestExtras':
      return <RequestExtrasField values={values} error={error} onChange={onChange} onBlur={blur} />;
    default: {
      const spec = TEXT[field];
      const hint =
        field === 'redirectUri' && values.authorizeIn === 'system_browser' ? (
          <>
            <span>{spec.hint}</span>{' '}
            <span>
              {values.redirectUri.startsWith('oauthdesk:') && appScheme && !appScheme.registered
                ? appScheme.note
                : 'With the system browser use a loopback address such as http://127.0.0.1:8765/callback (RFC 8252 §7.3), or oauthdesk://callback where the installed app receives it.'}
            </span>
          </>
        ) : (
          spec.hint
        );
      return (
        <Field label={spec.label} error={error} hint={hint} required={required}>
          {(c) => (
            <input
              {...c}
              type={field.endsWith('Url') || field === 'redirectUri' ? 'url' : 'text'}
              spellCheck={false}
              autoComplete="off"
              placeholder={spec.placeholder}
              value={values[field]}
              onChange={(e) => onChange({ [field]: e.target.value })}
              onBlur={blur}
            />
          )}
        </Field>
      );
    }
  }
}
