// An engine `Authorizer` that signs in on oidc-provider's development login and consent pages
// over HTTP requests, for a provider on HTTPS with a test CA where a browser would need that CA
// installed. It follows the redirects by hand, keeps the provider's cookies, submits the forms
// the pages show (prompt=login, then prompt=consent) and resolves with the callback URL.
import { Agent, fetch as undiciFetch } from 'undici';
import type { AuthorizationSession, Authorizer } from '../../src/main/oauth/ports';

export interface HttpLoginAuthorizer extends Authorizer {
  /** Closes the connections it kept. */
  close(): Promise<void>;
}

const MAX_STEPS = 12;

export function createHttpLoginAuthorizer(options: {
  /** PEM CA certificate of the provider's TLS certificate. */
  ca: string;
  login: string;
  redirectUri: string;
}): HttpLoginAuthorizer {
  const dispatcher = new Agent({ connect: { ca: options.ca } });
  async function signIn(authorizationUrl: string): Promise<string> {
    const cookies = new Map<string, string>();
    let url = authorizationUrl;
    let form: URLSearchParams | null = null;
    for (let step = 0; step < MAX_STEPS; step += 1) {
      if (url.startsWith(options.redirectUri)) return url;
      const response = await undiciFetch(url, {
        method: form ? 'POST' : 'GET',
        redirect: 'manual',
        dispatcher,
        headers: {
          cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(form ? { body: form.toString() } : {}),
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      form = null;
      const location = response.headers.get('location');
      if (location) {
        await response.body?.cancel();
        url = new URL(location, url).href;
        continue;
      }
      const page = await response.text();
      const prompt = /name="prompt" value="(login|consent)"/.exec(page)?.[1];
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      if (!prompt || !action) throw new Error(`No login or consent form at step ${step}`);
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      form = new URLSearchParams({ prompt });
      if (prompt === 'login') {
        form.set('login', options.login);
        form.set('password', 'any');
      }
    }
    throw new Error('The sign-in did not reach the redirect URI');
  }
  return {
    async begin(): Promise<AuthorizationSession> {
      return {
        redirectUri: options.redirectUri,
        waitForCallback: (authorizationUrl) => signIn(authorizationUrl),
        close: () => undefined,
      };
    },
    close: () => dispatcher.close(),
  };
}
