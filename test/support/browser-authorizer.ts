// An `Authorizer` backed by real Chromium: opens the authorization URL in a fresh browser context,
// goes through oidc-provider's login and consent pages like a person, and resolves with the
// callback URL. A custom-scheme redirect (oauthdesk://callback) never reaches `page.route`, but it
// does show up as a `request` event, so that is where the callback is caught; loopback redirects
// (RFC 8252 §7.3) are answered with a small page, as the app's loopback listener would.
// Pass a browser from `launchTestBrowser()` (browser.ts) so that nothing leaves loopback.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { AppError } from '../../src/shared/errors';
import { matchesRedirectUri } from '../../src/main/oauth/redirect-match';
import type { AuthorizationSession, Authorizer } from '../../src/main/oauth/ports';
import { blockNonLoopback, completeOidcLogin, type ConsentChoice } from './oidc-pages';
import type { OidcTestUser } from './oidc-server';

export interface BrowserAuthorizerOptions {
  user: OidcTestUser;
  consent?: ConsentChoice;
  /** `close`: the user closes the window on the login page instead of signing in. */
  behaviour?: 'complete' | 'close';
  /**
   * For http://127.0.0.1 redirect URIs: use this port instead, as a loopback listener that picked
   * a free port would (RFC 8252 §7.3: the server must accept any port for native clients).
   */
  loopbackPort?: number;
  /** Default 30 s. */
  timeoutMs?: number;
}

export interface BrowserAuthorizer extends Authorizer {
  /** Every authorization URL opened, oldest first (for assertions on state, PKCE, resource...). */
  readonly authorizationUrls: string[];
  /** Every callback URL caught, oldest first. They carry codes: never print them. */
  readonly callbackUrls: string[];
  /** Changes what the simulated user does from the next session on. */
  configure(options: Partial<BrowserAuthorizerOptions>): void;
  /** Browser contexts still open (a session that was not closed leaks one). */
  openSessions(): number;
}

function withLoopbackPort(redirectUri: string, port: number | undefined): string {
  if (port === undefined) return redirectUri;
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') return redirectUri;
  url.port = String(port);
  return url.toString();
}

const cancelled = () =>
  new AppError({
    code: 'authorization_cancelled',
    message: 'The authorization window was closed before it finished.',
  });
const timedOut = () =>
  new AppError({
    code: 'authorization_timeout',
    message: 'The authorization did not finish in time. Try again.',
  });

async function openContext(
  browser: Browser,
  redirectUri: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  // Routes switch on request interception, which hides custom-scheme redirects from the request
  // event: only loopback sessions get them. Launch with `launchTestBrowser()` to stay on loopback.
  if (redirectUri.startsWith('http')) {
    await blockNonLoopback(context);
    await context.route(
      (url) => matchesRedirectUri(url.href, redirectUri),
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<p>Signed in. You can close this window.</p>',
        }),
    );
  }
  return { context, page: await context.newPage() };
}

export function createBrowserAuthorizer(
  browser: Browser,
  initial: BrowserAuthorizerOptions,
): BrowserAuthorizer {
  let options = { ...initial };
  const authorizationUrls: string[] = [];
  const callbackUrls: string[] = [];
  const open = new Set<BrowserContext>();

  async function begin(request: Parameters<Authorizer['begin']>[0]): Promise<AuthorizationSession> {
    const settings = { ...options };
    const redirectUri = withLoopbackPort(request.config.redirectUri, settings.loopbackPort);
    let context: BrowserContext | undefined;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      if (context) {
        open.delete(context);
        void context.close().catch(() => {});
      }
    };

    async function waitForCallback(authorizationUrl: string, signal: AbortSignal): Promise<string> {
      authorizationUrls.push(authorizationUrl);
      if (signal.aborted) throw cancelled();
      const opened = await openContext(browser, redirectUri);
      context = opened.context;
      open.add(context);
      const { page } = opened;
      return new Promise<string>((resolve, reject) => {
        let done = false;
        const timer = setTimeout(
          () => finish(() => reject(timedOut())),
          settings.timeoutMs ?? 30_000,
        );
        const onAbort = () => finish(() => reject(cancelled()));
        function finish(settle: () => void) {
          if (done) return;
          done = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          settle();
          close();
        }
        signal.addEventListener('abort', onAbort);
        const callback = new Promise<void>((callbackSeen) => {
          page.on('request', (req) => {
            if (!matchesRedirectUri(req.url(), redirectUri)) return;
            callbackUrls.push(req.url());
            callbackSeen();
            finish(() => resolve(req.url()));
          });
        });
        page.on('close', () => finish(() => reject(cancelled())));
        void (async () => {
          // A custom-scheme redirect makes the navigation fail; the request event already has it.
          await page.goto(authorizationUrl).catch(() => {});
          if (settings.behaviour === 'close') {
            await page
              .getByPlaceholder('Enter any login')
              .waitFor()
              .catch(() => {});
            await page.close();
            return;
          }
          await completeOidcLogin(page, settings.user, {
            consent: settings.consent ?? 'approve',
            until: callback,
          });
        })().catch((error: unknown) => {
          if (!done) finish(() => reject(error));
        });
      });
    }

    return { redirectUri, waitForCallback, close };
  }

  return {
    begin,
    authorizationUrls,
    callbackUrls,
    configure(next) {
      options = { ...options, ...next };
    },
    openSessions: () => open.size,
  };
}
