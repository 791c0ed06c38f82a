// The system-browser sign-in as it really runs: the app's loopback listener (RFC 8252 §7.3) on an
// ephemeral port, and a "browser" that shows the provider's page (its login function) and then
// follows the provider's redirect to the listener with a real HTTP request.
import { createLoopbackAuthorizer } from '../../../src/main/authorize/loopback-authorizer';
import type { Authorizer } from '../../../src/main/oauth/ports';

export function systemBrowserAuthorizer(
  login: (authorizationUrl: URL) => string,
): Authorizer & { urls: URL[]; redirects: string[] } {
  const urls: URL[] = [];
  const redirects: string[] = [];
  const authorizer = createLoopbackAuthorizer({
    open: async (url) => {
      const parsed = new URL(url);
      urls.push(parsed);
      const back = login(parsed);
      redirects.push(back);
      const page = await fetch(back);
      await page.arrayBuffer();
    },
  });
  return Object.assign(authorizer, { urls, redirects });
}
