// Browser mode, programmatically: the same main-process services as the app, in plain Node,
// served to a browser over the local bridge. `start.ts` is the command-line entry; tests and
// benchmarks call `startBrowserMode` directly.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CredentialConfig } from '../../shared/credential';
import type { InvokeHandlers } from '../../shared/ipc-contract';
import { parseTargetId } from '../../shared/environment';
import { createLoopbackAuthorizer } from '../authorize/loopback-authorizer';
import { createLogger } from '../common/logger';
import type { FetchLike, Logger } from '../oauth/ports';
import { createAppServices, type AppServices } from '../services/app-services';
import { keyFileCipher } from '../vault/open-data-stores';
import { createBridgeToken } from './bridge-guard';
import { createEventHub } from './event-stream';
import { handlersAfterOpen, openFailed } from './handlers-after-open';
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

/**
 * Browser mode listening while its data folder opens: `ready` resolves with the services once
 * the open is done. The page can load meanwhile; its bridge calls wait for the open
 * (handlers-after-open.ts). `npm run browser` starts this way.
 */
export interface OpeningBrowserMode extends Omit<BrowserMode, 'services'> {
  ready: Promise<AppServices>;
}

export async function listenBrowserMode(options: BrowserModeOptions): Promise<OpeningBrowserMode> {
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
  const token = createBridgeToken();
  let handOver!: (handlers: Promise<InvokeHandlers>) => void;
  const opened = new Promise<InvokeHandlers>((resolve) => (handOver = resolve));
  const open = () =>
    createAppServices({
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
  const bridge = await startBridgeServer({
    handlers: handlersAfterOpen(opened, (error) => openFailed(options.dataDir, error)),
    events,
    token,
    rendererDir: options.rendererDir ?? defaultRendererDir(),
    port: options.port ?? 0,
    logger,
  });
  // Opened only once the server listens: a port already taken opens (and migrates) nothing.
  const ready = open();
  handOver(ready.then((services) => services.handlers));
  // A failed open is answered through the calls and `ready`; not an unhandled rejection meanwhile.
  opened.catch(() => {});
  ready.catch(() => {});
  return {
    url: `${bridge.origin}/#token=${token}`,
    token,
    port: bridge.port,
    origin: bridge.origin,
    ready,
    async close() {
      await bridge.close();
      // An open still running finishes first: its writes are never cut off halfway.
      await ready.then(
        (services) => services.close(),
        () => undefined,
      );
    },
  };
}

/** Listens and opens the data folder; resolves once both are done (tests, benchmarks). */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const opening = await listenBrowserMode(options);
  let services: AppServices;
  try {
    services = await opening.ready;
  } catch (error) {
    await opening.close();
    throw error;
  }
  const { ready: _ready, ...listening } = opening;
  return { ...listening, services };
}
