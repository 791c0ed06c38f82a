// Which authorizer runs a credential's sign-in: the embedded window by default; the system browser
// when the credential asks for it (providers that refuse embedded browsers), with the custom scheme
// when that is the registered redirect and the loopback listener otherwise (RFC 8252 §7.1, §7.3).
import type { CredentialConfig } from '../../shared/credential';
import type { Authorizer } from '../oauth/ports';
import { APP_PROTOCOL_SCHEME } from './protocol-callback-router';

export interface AuthorizerChoices {
  embedded: Authorizer;
  loopback: Authorizer;
  customScheme: Authorizer;
}

export function usesAppScheme(redirectUri: string): boolean {
  try {
    return new URL(redirectUri).protocol === `${APP_PROTOCOL_SCHEME}:`;
  } catch {
    return false;
  }
}

export function createAuthorizerFor(choices: AuthorizerChoices): (config: CredentialConfig) => Authorizer {
  return (config) => {
    if (config.authorizeIn !== 'system_browser') return choices.embedded;
    return usesAppScheme(config.redirectUri) ? choices.customScheme : choices.loopback;
  };
}
