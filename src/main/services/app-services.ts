// Builds everything the IPC handlers need — data stores, engine, request runner, history — and
// the handler for every channel of the contract. Used by the Electron app and browser mode alike.
import type { CredentialConfig } from '../../shared/credential';
import type { EventEmitterPort, InvokeHandlers } from '../../shared/ipc-contract';
import { createBroker, type Broker } from '../broker/broker';
import { createOAuthEngine } from '../oauth/engine';
import type { Authorizer, FetchLike, Logger, OAuthEngine } from '../oauth/ports';
import { createTimelineService } from '../timeline/timeline-service';
import { createRecordingFetch } from '../timeline/recording-fetch';
import type { AsyncFsPort } from '../vault/atomic-file-async';
import { openDataStores, type OpenDataStoresOptions } from '../vault/open-data-stores';
import { createActiveEnvironmentHandlers, openActiveEnvironment } from './active-environment';
import { createAppInfoHandler } from './app-info';
import { createClipboardHandlers, type ClipboardPort } from './clipboard-handlers';
import { createCredentialHandlers } from './credential-handlers';
import { openHistoryStore } from './history-store';
import { createRequestHandlers } from './request-handlers';
import { createRequestRunner } from './request-runner';
import { nodeHttpFetch } from './node-http-fetch';
import { createShareHandlers } from '../share/share-handlers';
import {
  afterKnownSecrets,
  afterKnownSecretsFetch,
  knownSecretsOnDemand,
  registeringSecrets,
} from './known-secrets';
import { redactErrorsDeep } from '../common/redact';
import { defaultFetch, honouringCredentialTls } from '../oauth/tls-transport';

export interface AppServicesOptions {
  dataDir: string;
  /** A cipher, or a factory that builds it once the vault knows whether ciphertext exists (key file). */
  cipher: OpenDataStoresOptions['cipher'];
  authorizerFor: (config: CredentialConfig) => Authorizer;
  emit: EventEmitterPort;
  mode: 'electron' | 'browser';
  fetch?: FetchLike;
  clearAuthSession?: (credentialId: string) => Promise<boolean>;
  /** Whether oauthdesk:// reaches this run (Electron); browser mode has none. */
  appScheme?: () => { registered: boolean; note: string | null };
  /** Electron's main-process clipboard; absent in browser mode, where the page copies. */
  clipboard?: ClipboardPort;
  logger?: Logger;
  /** How long a sign-in may take before it fails; the engine's default (5 min) otherwise. */
  authorizationTimeoutMs?: number;
  /** The token broker's socket; on unless false (tests of other features that share a data folder). */
  broker?: boolean;
  /** The file system timeline.json is written through (node's by default; tests hold a write with it). */
  timelineFs?: AsyncFsPort;
}

export interface AppServices {
  handlers: InvokeHandlers;
  engine: OAuthEngine;
  broker: Broker;
  /** Storage problems found at start (corrupt files moved aside), also shown by getAppInfo. */
  warnings: string[];
  /**
   * Cancels running requests and pending sign-ins, and resolves once the pending history and
   * timeline are on disk; rejects with `storage_failed` when one of them could not be written.
   */
  close(): Promise<void>;
}

export async function createAppServices(options: AppServicesOptions): Promise<AppServices> {
  const stores = await openDataStores({ dataDir: options.dataDir, cipher: options.cipher });
  // Every stored secret is known (and so masked by value) before the tester or the broker sends
  // or shows anything; they are read when one of those is first used, so a start decrypts nothing.
  // Events carry errors masked on the way out, as IPC responses do.
  const secrets = registeringSecrets(stores.secrets);
  const activeEnvironment = openActiveEnvironment(options.dataDir);
  const knownSecrets = knownSecretsOnDemand(stores.configs, secrets);
  const emit: EventEmitterPort = (name, payload) => options.emit(name, redactErrorsDeep(payload));
  // The engine's events reach the broker, which is built once the engine exists.
  const relay: { broker?: Broker } = {};
  // At the bottom of every fetch chain: a credential's own TLS settings (client certificate, CA
  // bundle) take undici with Node's TLS, the rest the injected transport (tls-transport.ts).
  const baseFetch = options.fetch ? honouringCredentialTls(options.fetch) : defaultFetch;
  const timeline = createTimelineService({
    dataDir: options.dataDir,
    emit,
    fetch: baseFetch,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.timelineFs ? { fs: options.timelineFs } : {}),
  });
  const authorizerFor = timeline.recordAuthorizerFor(options.authorizerFor);
  const engine = timeline.recordEngine(
    createOAuthEngine({
      configs: stores.configs,
      secrets,
      // Every flow picks its authorizer per credential; this default only satisfies the port.
      authorizer: { begin: (request) => authorizerFor(request.config).begin(request) },
      authorizerFor,
      activeEnvironment: () => activeEnvironment.get(),
      fetch: timeline.fetch,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.authorizationTimeoutMs
        ? { authorizationTimeoutMs: options.authorizationTimeoutMs }
        : {}),
      events: {
        credentialChanged: (summary) => {
          emit('credentialChanged', summary);
          relay.broker?.credentialChanged(summary);
        },
        credentialRemoved: (id) => {
          emit('credentialRemoved', { id });
          relay.broker?.credentialRemoved(id);
        },
        deviceCode: (prompt) => emit('deviceCode', prompt),
      },
    }),
  );
  const { store: history, warnings: historyWarnings } = await openHistoryStore({
    dataDir: options.dataDir,
  });
  // Without an injected transport (browser mode) the tester's calls go through the runner's Node
  // client, which costs less per call than Node's fetch (node-http-fetch.ts); recorded all the same.
  const runnerFetch = options.fetch
    ? timeline.fetch
    : createRecordingFetch(honouringCredentialTls(nodeHttpFetch));
  const runner = timeline.recordRunner(createRequestRunner({ engine, fetch: runnerFetch }));
  const broker = await createBroker({
    dataDir: options.dataDir,
    engine,
    emit,
    fetch: afterKnownSecretsFetch(baseFetch, knownSecrets),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  relay.broker = broker;
  const brokerProblem = options.broker === false ? null : await broker.listen();
  const share = createShareHandlers({
    engine,
    configs: stores.configs,
    secrets: stores.secrets,
    dataDir: options.dataDir,
    emit,
  });
  const warnings = [
    ...stores.warnings,
    ...historyWarnings,
    ...share.warnings,
    ...timeline.warnings,
    ...broker.warnings,
    ...(brokerProblem ? [brokerProblem] : []),
  ];

  const { wipeNow: wipeCopiedToken, ...clipboardHandlers } = createClipboardHandlers({
    engine,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
  });
  const handlers: InvokeHandlers = {
    ...createAppInfoHandler({
      mode: options.mode,
      cipher: stores.cipher,
      dataDir: options.dataDir,
      warnings,
      ...(options.appScheme ? { appScheme: options.appScheme } : {}),
    }),
    ...createCredentialHandlers({
      engine,
      ...(options.clearAuthSession ? { clearAuthSession: options.clearAuthSession } : {}),
    }),
    ...afterKnownSecrets(createRequestHandlers({ engine, runner, history }), knownSecrets),
    ...clipboardHandlers,
    ...broker.handlers,
    // Its by-value check of header values needs every stored secret known first.
    ...afterKnownSecrets({ saveApiTool: broker.handlers.saveApiTool }, knownSecrets),
    ...timeline.handlers(engine),
    ...share.handlers,
    ...createActiveEnvironmentHandlers(activeEnvironment),
  };

  let closed: Promise<void> | undefined;
  return {
    handlers,
    engine,
    broker,
    warnings,
    close() {
      closed ??= (async () => {
        runner.cancelAll();
        // A sign-in still waiting holds a loopback listener open: release it.
        const configs = await stores.configs.list().catch(() => []);
        for (const config of configs) engine.cancelAuthorization(config.id);
        await broker.close();
        // The last writes of the history and the timeline, each after any write of its file in
        // progress; both are awaited even when one fails, and the first failure is what close
        // reports. A copied token does not outlive the app on the clipboard, whatever the disk does.
        const written = await Promise.allSettled([
          history.flush(),
          timeline.flush(),
          wipeCopiedToken().catch(() => {}),
        ]);
        const failed = written.find((result) => result.status === 'rejected');
        if (failed) throw failed.reason;
      })();
      return closed;
    },
  };
}
