// RFC 8252 §7.3 loopback redirect: the system browser (or browser mode's popup) sends the user
// back to the configured loopback redirect URI, where a one-shot listener takes the response. The
// configured host, port and path are kept (many servers match redirect URIs exactly, Duende and
// Spotify among them); without a port an ephemeral one is used, as §7.3 allows.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenTargetFor, type LoopbackTarget } from '../../shared/redirect-sent';
import { AppError } from '../../shared/errors';
import type { Authorizer, AuthorizationSession, Logger } from '../oauth/ports';
import { waitForOutcome } from './authorize-errors';
import { carriesState, sentState } from './callback-state';
import { APP_PROTOCOL_SCHEME } from './protocol-callback-router';
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
  /** Where to listen when the redirect URI is not a loopback one. RFC 8252 §8.3: an IP literal. */
  host?: string;
  logger?: Logger;
}

// The listener's target is decided in shared/redirect-sent.ts, which the form also uses to show
// the redirect URI a sign-in really sends.
export {
  DEFAULT_CALLBACK_PATH,
  loopbackTarget,
  type LoopbackTarget,
} from '../../shared/redirect-sent';

/** Does this query look like an authorization response (RFC 6749 §4.1.2, §4.1.2.1)? */
function isAuthorizationResponse(params: URLSearchParams): boolean {
  return (
    params.has('code') || params.has('error') || params.has('state') || params.has('access_token')
  );
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, PAGE_HEADERS);
  res.end(body);
}

export function createLoopbackAuthorizer(options: LoopbackAuthorizerOptions): Authorizer {
  const host = options.host ?? '127.0.0.1';
  return {
    begin: async ({ config, onNavigation }) => {
      // shared/redirect-sent.ts decides the target, as it does for the redirect URI the form shows.
      const listenOn = listenTargetFor(config.redirectUri, host);
      if (!listenOn) throw unreachableRedirect(config.redirectUri);
      return startLoopbackSession({ ...options, onNavigation }, listenOn);
    },
  };
}

/** Why a system-browser sign-in cannot return to this redirect URI (listenTargetFor said none). */
function unreachableRedirect(redirectUri: string): AppError {
  return new AppError({
    code: 'validation',
    message:
      `The system browser can only return to a loopback redirect URI (such as http://127.0.0.1:8765/callback) or to ${APP_PROTOCOL_SCHEME}://callback, ` +
      `not to ${redirectUri}. Change the redirect URI (and register it at the provider), or open the sign-in in the embedded window, which catches any redirect URI.`,
    fields: {
      redirectUri: 'Use a loopback or oauthdesk:// redirect URI with the system browser',
    },
  });
}

/** Listens on every bind host on one port: the first picks the port, the others follow it. */
async function listenAll(servers: Server[], target: LoopbackTarget): Promise<number> {
  let port = target.port;
  for (const [index, server] of servers.entries()) {
    const bindHost = target.bindHosts[index]!;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, bindHost, () => resolve());
      });
      port = (server.address() as AddressInfo).port;
    } catch (error) {
      // "localhost" on a machine without IPv6 (or with ::1 taken by someone else): IPv4 is enough.
      if (index > 0) continue;
      const code = (error as { code?: string }).code;
      const where = `http://${target.sendHost}${target.port ? `:${target.port}` : ''}${target.path}`;
      const message =
        code === 'EADDRINUSE'
          ? `Port ${target.port} on ${bindHost} is already in use, so OAuth Desk cannot receive the sign-in at ${where}. Close the program that uses it, or change the port in the redirect URI (and register the new one at the provider).`
          : `OAuth Desk could not listen on ${bindHost}${target.port ? ` port ${target.port}` : ''} for the sign-in response at ${where}${code ? ` (${code})` : ''}. Try again, or use http://127.0.0.1/callback as the redirect URI.`;
      throw new AppError({ code: 'network', message }, { cause: error });
    }
  }
  return port;
}

async function startLoopbackSession(
  options: LoopbackAuthorizerOptions & {
    onNavigation?: Parameters<Authorizer['begin']>[0]['onNavigation'];
  },
  listenOn: LoopbackTarget,
): Promise<AuthorizationSession> {
  const path = listenOn.path;
  let deliver: ((url: string) => void) | null = null;
  let received: string | null = null;
  /** The state sent with the authorization request; undefined until a sign-in is waiting. */
  let expectedState: string | null | undefined;
  let origin = '';

  const handle = (req: IncomingMessage, res: ServerResponse) => {
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
      options.logger?.info('Refused a loopback callback that is not for the sign-in in progress', {
        path,
      });
      return send(res, 400, NOT_THIS_SIGN_IN_PAGE);
    }

    received = callbackUrl;
    res.on('finish', shutdown);
    send(res, 200, DONE_PAGE);
    deliver?.(callbackUrl);
  };
  const servers = listenOn.bindHosts.map(() => createServer(handle));

  let closed = false;
  function shutdown(): void {
    if (closed) return;
    closed = true;
    for (const server of servers) {
      server.close();
      server.closeAllConnections();
    }
  }

  let port: number;
  try {
    port = await listenAll(servers, listenOn);
  } catch (error) {
    shutdown();
    throw error;
  }
  origin = `http://${listenOn.sendHost}:${port}`;
  const redirectUri = `${origin}${path}`;

  return {
    redirectUri,
    close: shutdown,
    waitForCallback(authorizationUrl, signal) {
      return waitForOutcome({ signal, onFinish: shutdown }, (settle) => {
        expectedState = sentState(authorizationUrl);
        deliver = settle.resolve;
        Promise.resolve()
          .then(() => options.open(authorizationUrl))
          .catch((error: unknown) => {
            options.logger?.warn('Could not open the authorization page', {
              name: (error as Error)?.name,
            });
            settle.reject(
              new AppError(
                {
                  code: 'internal',
                  message:
                    'OAuth Desk could not open your web browser. Check that a default browser is set, then click Authorize again.',
                },
                { cause: error },
              ),
            );
          });
      });
    },
  };
}
