// RFC 8252 §7.3 loopback redirect: the system browser (or browser mode's popup) sends the user
// back to http://127.0.0.1:<ephemeral port>/<path>, where a one-shot listener takes the response.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CredentialConfig } from '../../shared/credential';
import { isLoopbackHost } from '../../shared/credential';
import { AppError } from '../../shared/errors';
import type { Authorizer, AuthorizationSession, Logger } from '../oauth/ports';
import { DEFAULT_AUTHORIZATION_TIMEOUT_MS, waitForOutcome } from './authorize-errors';
import { carriesState, sentState } from './callback-state';
import {
  DONE_PAGE,
  FRAGMENT_PARAM,
  FRAGMENT_RELAY_PAGE,
  NOT_A_CALLBACK_PAGE,
  NOT_FOUND_PAGE,
  NOT_THIS_SIGN_IN_PAGE,
  PAGE_HEADERS,
} from './loopback-page';

export interface LoopbackAuthorizerOptions {
  /** Opens the authorization URL: shell.openExternal in the app, an event to the page in browser mode. */
  open(url: string): void | Promise<void>;
  timeoutMs?: number;
  /** RFC 8252 §8.3: an IP literal, not "localhost", so no resolver can point it elsewhere. */
  host?: string;
  logger?: Logger;
}

export const DEFAULT_CALLBACK_PATH = '/callback';

/** Keeps the path of a configured loopback redirect (the provider may check it); anything else uses /callback. */
export function loopbackCallbackPath(configuredRedirectUri: string): string {
  try {
    const url = new URL(configuredRedirectUri);
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname) && url.pathname !== '') return url.pathname;
  } catch {
    // fall through to the default
  }
  return DEFAULT_CALLBACK_PATH;
}

/** Does this query look like an authorization response (RFC 6749 §4.1.2, §4.1.2.1)? */
function isAuthorizationResponse(params: URLSearchParams): boolean {
  return params.has('code') || params.has('error') || params.has('state') || params.has('access_token');
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(body);
}

export function createLoopbackAuthorizer(options: LoopbackAuthorizerOptions): Authorizer {
  const timeoutMs = options.timeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS;
  const host = options.host ?? '127.0.0.1';
  return {
    begin: ({ config, onNavigation }) => startLoopbackSession({ ...options, timeoutMs, host, onNavigation }, config),
  };
}

async function startLoopbackSession(
  options: LoopbackAuthorizerOptions & { timeoutMs: number; host: string; onNavigation?: Parameters<Authorizer['begin']>[0]['onNavigation'] },
  config: CredentialConfig,
): Promise<AuthorizationSession> {
  const path = loopbackCallbackPath(config.redirectUri);
  let deliver: ((url: string) => void) | null = null;
  let received: string | null = null;
  /** The state sent with the authorization request; undefined until a sign-in is waiting. */
  let expectedState: string | null | undefined;
  let origin = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const target = new URL(req.url ?? '/', origin);
    res.on('finish', () => options.onNavigation?.({ url: target.href, status: res.statusCode }));
    // A page on another site cannot reach us through DNS rebinding: the Host must be our literal address.
    if (req.headers.host !== new URL(origin).host) return send(res, 400, NOT_FOUND_PAGE);
    if (target.pathname !== path) return send(res, 404, NOT_FOUND_PAGE); // includes /favicon.ico
    if (req.method !== 'GET') return send(res, 405, NOT_FOUND_PAGE);
    if (received !== null) return send(res, 404, NOT_FOUND_PAGE);

    let callbackUrl: string;
    let params: URLSearchParams;
    const fragment = target.searchParams.get(FRAGMENT_PARAM);
    if (fragment !== null && isAuthorizationResponse(new URLSearchParams(fragment))) {
      params = new URLSearchParams(fragment);
      callbackUrl = `${origin}${path}#${fragment}`;
    } else if (isAuthorizationResponse(target.searchParams)) {
      params = target.searchParams;
      callbackUrl = `${origin}${target.pathname}${target.search}`;
    } else if (target.search === '') {
      return send(res, 200, FRAGMENT_RELAY_PAGE);
    } else {
      return send(res, 400, NOT_A_CALLBACK_PAGE);
    }
    // Only the response to our own request ends the wait (RFC 6749 §10.12). Anything else, e.g.
    // a local page that found the port and guesses, is refused and the real redirect can still come.
    if (expectedState === undefined || !carriesState(params, expectedState)) {
      options.logger?.info('Refused a loopback callback that is not for the sign-in in progress', { path });
      return send(res, 400, NOT_THIS_SIGN_IN_PAGE);
    }

    received = callbackUrl;
    res.on('finish', shutdown);
    send(res, 200, DONE_PAGE);
    deliver?.(callbackUrl);
  });

  let closed = false;
  function shutdown(): void {
    if (closed) return;
    closed = true;
    server.close();
    server.closeAllConnections();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(
        new AppError(
          { code: 'network', message: `OAuth Desk could not listen on ${options.host} for the sign-in response. Try again.` },
          { cause: error },
        ),
      ),
    );
    server.listen(0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  origin = `http://${hostPart}:${port}`;
  const redirectUri = `${origin}${path}`;

  return {
    redirectUri,
    close: shutdown,
    waitForCallback(authorizationUrl, signal) {
      return waitForOutcome({ timeoutMs: options.timeoutMs, signal, onFinish: shutdown }, (settle) => {
        expectedState = sentState(authorizationUrl);
        deliver = settle.resolve;
        Promise.resolve()
          .then(() => options.open(authorizationUrl))
          .catch((error: unknown) => {
            options.logger?.warn('Could not open the authorization page', { name: (error as Error)?.name });
            settle.reject(
              new AppError(
                {
                  code: 'internal',
                  message: 'OAuth Desk could not open your web browser. Check that a default browser is set, then click Authorize again.',
                },
                { cause: error },
              ),
            );
          });
      });
    },
  };
}
