// Says which redirect URI this run will really send, so the user registers that one at the
// provider: a loopback URI gets a port picked at each sign-in, and browser mode (or a run the
// oauthdesk:// scheme is not registered for) returns through the loopback listener instead.
import { redirectUriSent } from '../../../../shared/redirect-sent';
import { useAppStore } from '../../store/app-store';
import type { FormValues } from './form-model';

export function RedirectSentNote({ values }: { values: FormValues }) {
  const info = useAppStore((s) => s.appInfo);
  if (!info) return null;
  const sent = redirectUriSent(values, {
    mode: info.mode,
    appSchemeRegistered: info.appScheme.registered,
  });
  if (sent.kind === 'as_configured') return null;
  const where = info.mode === 'browser' ? 'In browser mode the' : 'The';
  return (
    <p className="field-hint" role="note">
      {sent.kind === 'refused'
        ? `${where} system browser cannot return to ${values.redirectUri}: use a loopback redirect URI such as http://127.0.0.1/callback${info.mode === 'electron' ? ', or open the sign-in in the embedded window' : ''}.`
        : `${where} sign-in sends ${sent.uri}, with a free port picked each time. Register ${sent.register} at the provider (providers that follow RFC 8252 §7.3 accept any port), or put a fixed port in the redirect URI and register that.`}
    </p>
  );
}
