// Browser mode, programmatically: the same main-process services as the app, in plain Node,
// served to a browser over the local bridge. `start.ts` is the command-line entry; tests and
// benchmarks call `startBrowserMode` directly.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CredentialConfig } from '../../shared/credential';
import { parseTargetId } from '../../shared/environment';
import { createLoopbackAuthorizer } from '../authorize/loopback-authorizer';
import { createLogger } from '../common/logger';
import type { FetchLike, Logger } from '../oauth/ports';
import { createAppServices, type AppServices } from '../services/app-services';
import { keyFileCipher } from '../vault/open-data-stores';
import { createBridgeToken } from './bridge-guard';
import { createEventHub } from './event-stream';
import { startBridgeServer } from './server';

export interface BrowserModeOptions {
  dataDir: string;
  /** 0 or absent: any free port. */
  port?: number;
  fetch?: FetchLike;
  /** The built renderer; defaults to out/renderer next to this bundle, or under the working folder. */
  rendererDir?: string;
  logger?: Logger;
  /** How long a popup sign-in may take (default: the authorizer's 5 minutes). */
  authorizationTimeoutMs?: number;
}

export interface BrowserMode {
  /** `http://127.0.0.1:<port>/#token=<token>`: the token travels in the fragment, which is never sent to a server. */
  url: string;
  token: string;
  port: number;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  services: AppServices;
  close(): Promise<void>;
}

export function defaultRendererDir(): string {
  // Built: out/main/browser-mode.js -> out/renderer. From source (tests): <cwd>/out/renderer.
  const here = dirname(fileURLToPath(import.meta.url));
  const besideBundle = resolve(here, '../renderer');
  return existsSync(join(besideBundle, 'index.html'))
    ? besideBundle
    : resolve(process.cwd(), 'out/renderer');
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const logger = options.logger ?? createLogger();
  const events = createEventHub();
  const authorizerFor = (config: CredentialConfig) =>
    createLoopbackAuthorizer({
      // The page opens this in the popup it prepared when the user clicked Authorize, which it
      // keyed by the credential's id: an environment's configuration carries `credential~environment`.
      open: (url) =>
        events.emit('authorizationUrl', {
          credentialId: parseTargetId(config.id).credentialId,
          url,
        }),
      logger,
    });
  const services = await createAppServices({
    dataDir: options.dataDir,
    cipher: keyFileCipher,
    authorizerFor,
    emit: events.emit,
    mode: 'browser',
    logger,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.authorizationTimeoutMs
      ? { authorizationTimeoutMs: options.authorizationTimeoutMs }
      : {}),
  });
  const token = createBridgeToken();
  let server;
  try {
    server = await startBridgeServer({
      handlers: services.handlers,
      events,
      token,
      rendererDir: options.rendererDir ?? defaultRendererDir(),
      port: options.port ?? 0,
      logger,
    });
  } catch (error) {
    await services.close();
    throw error;
  }
  const bridge = server;
  return {
    url: `${bridge.origin}/#token=${token}`,
    token,
    port: bridge.port,
    origin: bridge.origin,
    services,
    async close() {
      await bridge.close();
      await services.close();
    },
  };
}
