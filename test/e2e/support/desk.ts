// Everything one e2e spec drives: oidc-provider and the protected API on 127.0.0.1, and browser
// mode over a fresh temporary data folder. Token values are recorded where they are born (the
// token endpoint's responses, seen through the fetch browser mode is given), so the leak check
// knows every value that must never reach the page.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowserMode, type BrowserMode } from '../../../src/main/browser-mode/browser-mode';
import { createLogger } from '../../../src/main/common/logger';
import {
  startOidcServer,
  type OidcServer,
  type OidcServerOptions,
} from '../../support/oidc-server';
import { startProtectedApi, type ProtectedApi } from '../../support/protected-api';

/** A second authorization server with its own API: another issuer, other keys, other client secrets. */
export interface SecondProvider {
  oidc: OidcServer;
  api: ProtectedApi;
}

export interface Desk {
  oidc: OidcServer;
  api: ProtectedApi;
  /** Started only when asked for (`startDesk(options, { second: true })`). */
  second?: SecondProvider;
  mode: BrowserMode;
  dataDir: string;
  /** Every access, refresh and ID token the token endpoint handed out, oldest first. */
  issuedTokens: string[];
  /** Every log line the services wrote. */
  logs: string[];
  /** Values no bridge response may carry: client secrets, the user's password, the bridge token, issued tokens. */
  sensitiveValues(): string[];
  close(): Promise<void>;
}

const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const;

/** Reads token values out of a token-endpoint answer without disturbing the engine's own read. */
async function recordTokens(response: Response, into: string[]): Promise<void> {
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    for (const field of TOKEN_FIELDS) {
      const value = body[field];
      if (typeof value === 'string' && value.length > 0) into.push(value);
    }
  } catch {
    // Not JSON (an error page): nothing was issued.
  }
}

/**
 * The renderer as built when the spec starts, copied aside: another build of `out/` during the
 * run (electron-vite empties the folder first) cannot pull the page out from under the suite.
 */
async function snapshotRenderer(into: string): Promise<string> {
  const built = resolve(process.cwd(), 'out/renderer');
  if (!existsSync(join(built, 'index.html'))) {
    throw new Error(
      'No built renderer in out/renderer: run `npx electron-vite build` (or `npm test`) first.',
    );
  }
  const target = join(into, 'renderer');
  await cp(built, target, { recursive: true });
  return target;
}

async function startProvider(options: OidcServerOptions): Promise<SecondProvider> {
  const oidc = await startOidcServer(options);
  const api = await startProtectedApi({ issuer: oidc.issuer, audience: oidc.resource });
  return { oidc, api };
}

export async function startDesk(
  options: OidcServerOptions = {},
  extra: { second?: boolean } = {},
): Promise<Desk> {
  const { oidc, api } = await startProvider(options);
  const second = extra.second ? await startProvider(options) : undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'oauth-desk-e2e-data-'));
  const pageDir = await mkdtemp(join(tmpdir(), 'oauth-desk-e2e-page-'));
  const issuedTokens: string[] = [];
  const logs: string[] = [];
  const tokenUrls = [oidc, ...(second ? [second.oidc] : [])].map((s) => s.endpoints.token);

  const recordingFetch = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (tokenUrls.some((tokenUrl) => url.startsWith(tokenUrl)))
      await recordTokens(response, issuedTokens);
    return response;
  };

  const mode = await startBrowserMode({
    dataDir,
    rendererDir: await snapshotRenderer(pageDir),
    fetch: recordingFetch,
    authorizationTimeoutMs: 60_000,
    logger: createLogger({ level: 'debug', sink: (entry) => logs.push(JSON.stringify(entry)) }),
  });

  return {
    oidc,
    api,
    ...(second ? { second } : {}),
    mode,
    dataDir,
    issuedTokens,
    logs,
    sensitiveValues() {
      const secrets = [oidc, ...(second ? [second.oidc] : [])].flatMap((server) =>
        Object.values(server.clients).flatMap((client) =>
          client.clientSecret ? [client.clientSecret] : [],
        ),
      );
      return [...secrets, oidc.users.alice.password, mode.token, ...issuedTokens];
    },
    async close() {
      await mode.close();
      await api.stop();
      await oidc.stop();
      await second?.api.stop();
      await second?.oidc.stop();
      await rm(dataDir, { recursive: true, force: true });
      await rm(pageDir, { recursive: true, force: true });
    },
  };
}
