// Which authorizer runs a credential's sign-in: the embedded window by default; the system browser
// when the credential asks for it (providers that refuse embedded browsers), with the custom scheme
// when that is the registered redirect and the loopback listener otherwise (RFC 8252 §7.1, §7.3).
import type { CredentialConfig } from '../../shared/credential';
import type { Authorizer, Logger } from '../oauth/ports';
import { APP_PROTOCOL_SCHEME } from './protocol-callback-router';

export interface AuthorizerChoices {
  embedded: Authorizer;
  loopback: Authorizer;
  customScheme: Authorizer;
  /**
   * Whether the OS delivers oauthdesk:// to this run. When it does not, a system-browser sign-in
   * with that redirect would wait for a callback that cannot arrive: the loopback listener is used.
   * Default: registered.
   */
  schemeRegistered?: () => boolean;
  logger?: Logger;
}

export function usesAppScheme(redirectUri: string): boolean {
  try {
    return new URL(redirectUri).protocol === `${APP_PROTOCOL_SCHEME}:`;
  } catch {
    return false;
  }
}

export function createAuthorizerFor(
  choices: AuthorizerChoices,
): (config: CredentialConfig) => Authorizer {
  return (config) => {
    if (config.authorizeIn !== 'system_browser') return choices.embedded;
    if (!usesAppScheme(config.redirectUri)) return choices.loopback;
    if (choices.schemeRegistered?.() ?? true) return choices.customScheme;
    choices.logger?.warn(
      'oauthdesk:// is not registered for this run: the system-browser sign-in uses the loopback redirect instead',
      {
        credentialId: config.id,
      },
    );
    return choices.loopback;
  };
}
