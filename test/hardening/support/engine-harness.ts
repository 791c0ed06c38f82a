// One engine wired to a fault server, a scripted Authorizer, a settable clock and a capturing
// logger, over either in-memory stores or the real vault in a temp folder. Shared by the fault
// matrix, the concurrency, callback-attack and leak suites.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  credentialFieldsSchema,
  type CredentialFieldsInput,
  type GrantType,
} from '../../../src/shared/credential';
import { createOAuthEngine } from '../../../src/main/oauth/engine';
import { createLogger, createMemorySink } from '../../../src/main/common/logger';
import type {
  Authorizer,
  ConfigRepository,
  CredentialSecrets,
  FetchLike,
  OAuthEngine,
} from '../../../src/main/oauth/ports';
import { keyFileCipher, openDataStores } from '../../../src/main/vault/open-data-stores';
import {
  createMemoryConfigRepository,
  createMemoryCredentialSecrets,
} from '../../support/memory-stores';
import {
  refusedUrl,
  startFaultServer,
  type FaultServer,
  type FaultServerOptions,
} from '../../support/fault-server';

/** What the scripted "browser" returns for an authorization URL. */
export type CallbackScript = (request: {
  url: URL;
  redirectUri: string;
  state: string | null;
  code: string;
}) => string;

export const codeCallback: CallbackScript = ({ redirectUri, state, code }) =>
  `${redirectUri}?code=${code}&state=${encodeURIComponent(state ?? '')}`;

export const implicitCallback =
  (accessToken: string): CallbackScript =>
  ({ redirectUri, state }) =>
    `${redirectUri}#access_token=${accessToken}&token_type=Bearer&expires_in=3600&state=${encodeURIComponent(state ?? '')}`;

export interface ScriptedAuthorizer extends Authorizer {
  script: CallbackScript;
  /** Every callback URL handed to the engine, for replay attacks. */
  callbacks: string[];
  authorizationUrls: string[];
}

export function scriptedAuthorizer(): ScriptedAuthorizer {
  const authorizer: ScriptedAuthorizer = {
    script: codeCallback,
    callbacks: [],
    authorizationUrls: [],
    async begin({ config }) {
      return {
        redirectUri: config.redirectUri,
        close() {},
        async waitForCallback(authorizationUrl) {
          authorizer.authorizationUrls.push(authorizationUrl);
          const url = new URL(authorizationUrl);
          const code = `code-${randomBytes(16).toString('base64url')}`;
          const callback = authorizer.script({
            url,
            redirectUri: config.redirectUri,
            state: url.searchParams.get('state'),
            code,
          });
          authorizer.callbacks.push(callback);
          return callback;
        },
      };
    },
  };
  return authorizer;
}

export interface Harness {
  engine: OAuthEngine;
  configs: ConfigRepository;
  secrets: CredentialSecrets;
  server: FaultServer;
  authorizer: ScriptedAuthorizer;
  logs: ReturnType<typeof createMemorySink>;
  /** Moves the engine's clock forward. */
  advance(ms: number): void;
  /** When set, every engine request goes to a port where nothing listens. */
  refuseConnections: boolean;
  dataDir: string | null;
  /** Secrets the harness created (client secrets, passwords), for leak scans. */
  secretValues: string[];
  create(grant: GrantType, overrides?: Partial<CredentialFieldsInput>): Promise<string>;
  /** A new engine over the same stores (a restart). */
  restart(): Promise<OAuthEngine>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  store?: 'memory' | 'vault';
  server?: FaultServerOptions;
  requestTimeoutMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const server = await startFaultServer(options.server);
  const refused = await refusedUrl();
  const authorizer = scriptedAuthorizer();
  const logs = createMemorySink();
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const dataDir =
    options.store === 'vault' ? mkdtempSync(join(tmpdir(), 'oauth-desk-hardening-')) : null;
  const open = async () => {
    if (!dataDir)
      return { configs: createMemoryConfigRepository(), secrets: createMemoryCredentialSecrets() };
    const stores = await openDataStores({ dataDir, cipher: keyFileCipher });
    return { configs: stores.configs, secrets: stores.secrets };
  };
  let stores = await open();
  const harness: Harness = {
    engine: undefined as unknown as OAuthEngine,
    get configs() {
      return stores.configs;
    },
    get secrets() {
      return stores.secrets;
    },
    server,
    authorizer,
    logs,
    advance: (ms) => (offset += ms),
    refuseConnections: false,
    dataDir,
    secretValues: [],
    async create(grant, overrides = {}) {
      const clientSecret = `cs-${randomBytes(18).toString('base64url')}`;
      const password = `pw-${randomBytes(18).toString('base64url')}`;
      const needsSecret = grant === 'client_credentials' || grant === 'password';
      const fields = credentialFieldsSchema.parse({
        name: `${grant} ${randomBytes(4).toString('hex')}`,
        grantType: grant,
        clientId: `client-${grant}`,
        tokenUrl: server.tokenUrl,
        authorizationUrl:
          grant === 'authorization_code' || grant === 'implicit'
            ? `${server.origin}/authorize`
            : undefined,
        deviceAuthorizationUrl: grant === 'device_code' ? server.deviceAuthorizationUrl : undefined,
        username: grant === 'password' ? 'ada' : undefined,
        scopes: 'api.read',
        ...overrides,
      });
      if (needsSecret) harness.secretValues.push(clientSecret);
      if (grant === 'password') harness.secretValues.push(password);
      const summary = await harness.engine.create(fields, {
        clientSecret: needsSecret ? { kind: 'set', value: clientSecret } : { kind: 'keep' },
        password: grant === 'password' ? { kind: 'set', value: password } : { kind: 'keep' },
      });
      return summary.config.id;
    },
    async restart() {
      stores = await open();
      harness.engine = build();
      return harness.engine;
    },
    async close() {
      await server.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  const fetchVia: FetchLike = (input, init) =>
    harness.refuseConnections ? fetch(refused, init) : fetch(input, init);
  const build = () =>
    createOAuthEngine({
      configs: stores.configs,
      secrets: stores.secrets,
      authorizer,
      fetch: fetchVia,
      clock,
      logger: createLogger({ sink: logs, level: 'debug' }),
      requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
      authorizationTimeoutMs: 5_000,
    });
  harness.engine = build();
  return harness;
}

/** Every token value a harness's server issued plus the secrets it created. */
export function allSecrets(harness: Harness): string[] {
  return [
    ...harness.secretValues,
    ...harness.server.issued.accessTokens,
    ...harness.server.issued.refreshTokens,
  ];
}
