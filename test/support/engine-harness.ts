// The one engine test harness: the engine over in-memory stores (or stores the test gives), with
// everything a test wants to look at: every log line (through the engine's own redacting logger),
// every HTTP call and form it sent, every event, and a clock the test can move. Unit, integration
// and hardening suites all build their engine here; `startFaultHarness` puts it in front of the
// fault server. Plus credential fields for each client of the test servers.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOAuthEngine } from '../../src/main/oauth/engine';
import { createLogger, createMemorySink } from '../../src/main/common/logger';
import type {
  Authorizer,
  Clock,
  ConfigRepository,
  CredentialSecrets,
  EngineDeps,
  FetchLike,
  OAuthEngine,
} from '../../src/main/oauth/ports';
import { keyFileCipher, openDataStores } from '../../src/main/vault/open-data-stores';
import {
  credentialFieldsSchema,
  type CredentialFields,
  type CredentialFieldsInput,
  type GrantType,
  type SecretUpdate,
} from '../../src/shared/credential';
import type { CredentialSummary, DeviceCodePrompt } from '../../src/shared/status';
import {
  refusedUrl,
  startFaultServer,
  type FaultServer,
  type FaultServerOptions,
} from './fault-server';
import { createMemoryConfigRepository, createMemoryCredentialSecrets } from './memory-stores';
import type { OAuth2Mock } from './oauth2-mock';
import type { OidcClientName, OidcServer } from './oidc-server';
import { callbackScriptAuthorizer, type CallbackScriptAuthorizer } from './scripted-authorizers';
import { honouringCredentialTls } from '../../src/main/oauth/tls-transport';

type MemoryConfigs = ReturnType<typeof createMemoryConfigRepository>;
type MemorySecrets = ReturnType<typeof createMemoryCredentialSecrets>;

/** The engine's clock, which the test moves forward. */
export interface HarnessClock extends Clock {
  advance(ms: number): void;
}

export interface EngineHarnessOptions<
  C extends ConfigRepository = MemoryConfigs,
  S extends CredentialSecrets = MemorySecrets,
> extends Omit<Partial<EngineDeps>, 'clock' | 'configs' | 'secrets'> {
  configs?: C;
  secrets?: S;
  /**
   * 'wall' (default): the real time plus whatever advance() added, for real servers.
   * 'frozen': stands at 2026-01-01 until advance(), for policy tests that step through time.
   * A Clock: its time plus whatever advance() added.
   */
  clock?: 'wall' | 'frozen' | Clock;
}

export interface EngineHarness<C extends ConfigRepository = MemoryConfigs, S = MemorySecrets> {
  /** Replaced by rebuild(). */
  engine: OAuthEngine;
  configs: C;
  secrets: S;
  clock: HarnessClock;
  /** Every entry the engine logged, at debug level and above; text() joins them. */
  log: ReturnType<typeof createMemorySink>;
  /** URL (without query) of every HTTP request the engine made, oldest first. */
  httpCalls: string[];
  /** Form bodies the engine sent (codes, verifiers, secrets: for leak checks, never print them). */
  sentForms: URLSearchParams[];
  changed: CredentialSummary[];
  removed: string[];
  deviceCodes: DeviceCodePrompt[];
  /** Creates a credential from schema input; `clientSecret`/`password` are set when given. */
  create(
    fields: CredentialFieldsInput | CredentialFields,
    secrets?: { clientSecret?: string; password?: string; actorToken?: string },
  ): Promise<CredentialSummary>;
  /** A new engine (a restart), over the given stores or the same ones. */
  rebuild(stores?: { configs: C; secrets: S }): OAuthEngine;
}

const noAuthorizer: Authorizer = {
  async begin() {
    throw new Error('This test did not expect an interactive authorization');
  },
};

const setOrKeep = (value: string | undefined): SecretUpdate =>
  value === undefined ? { kind: 'keep' } : { kind: 'set', value };

function formOf(body: unknown): URLSearchParams | undefined {
  if (body instanceof URLSearchParams) return new URLSearchParams(body);
  if (typeof body === 'string') return new URLSearchParams(body);
  return undefined;
}

function harnessClock(choice: EngineHarnessOptions<never, never>['clock']): HarnessClock {
  let offset = 0;
  const base =
    choice === 'frozen'
      ? () => Date.UTC(2026, 0, 1)
      : choice && choice !== 'wall'
        ? () => choice.now()
        : () => Date.now();
  return { now: () => base() + offset, advance: (ms) => void (offset += ms) };
}

export function createEngineHarness<
  C extends ConfigRepository = MemoryConfigs,
  S extends CredentialSecrets = MemorySecrets,
>(options: EngineHarnessOptions<C, S> = {}): EngineHarness<C, S> {
  const { clock: clockChoice, configs, secrets, fetch: givenFetch, ...deps } = options;
  const clock = harnessClock(clockChoice);
  const log = createMemorySink();
  const httpCalls: string[] = [];
  const sentForms: URLSearchParams[] = [];
  const changed: CredentialSummary[] = [];
  const removed: string[] = [];
  const deviceCodes: DeviceCodePrompt[] = [];
  // The bottom of the chain, as in the app: a credential's own TLS settings take Node's TLS.
  const baseFetch: FetchLike = honouringCredentialTls(
    givenFetch ?? ((input, init) => fetch(input, init)),
  );
  const recordingFetch: FetchLike = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    httpCalls.push(`${url.origin}${url.pathname}`);
    const form = formOf(init?.body);
    if (form) sentForms.push(form);
    return baseFetch(input, init);
  };
  const build = () =>
    createOAuthEngine({
      configs: harness.configs,
      secrets: harness.secrets,
      authorizer: noAuthorizer,
      fetch: recordingFetch,
      clock,
      logger: createLogger({ sink: log, level: 'debug', now: clock.now }),
      events: {
        credentialChanged: (summary) => changed.push(summary),
        credentialRemoved: (id) => removed.push(id),
        deviceCode: (prompt) => deviceCodes.push(prompt),
      },
      ...deps,
    });
  const harness: EngineHarness<C, S> = {
    engine: undefined as unknown as OAuthEngine,
    configs: configs ?? (createMemoryConfigRepository() as unknown as C),
    secrets: secrets ?? (createMemoryCredentialSecrets() as unknown as S),
    clock,
    log,
    httpCalls,
    sentForms,
    changed,
    removed,
    deviceCodes,
    create: (fields, given = {}) =>
      harness.engine.create(credentialFieldsSchema.parse(fields), {
        clientSecret: setOrKeep(given.clientSecret),
        password: setOrKeep(given.password),
        actorToken: setOrKeep(given.actorToken),
      }),
    rebuild(stores) {
      if (stores) Object.assign(harness, stores);
      harness.engine = build();
      return harness.engine;
    },
  };
  harness.engine = build();
  return harness;
}

export interface FaultHarness extends EngineHarness<ConfigRepository, CredentialSecrets> {
  server: FaultServer;
  authorizer: CallbackScriptAuthorizer;
  /** When set, every engine request goes to a port where nothing listens. */
  refuseConnections: boolean;
  dataDir: string | null;
  /** Secrets the harness created (client secrets, passwords), for leak scans. */
  secretValues: string[];
  /** A credential of that grant against the fault server, with random secrets; returns its id. */
  addCredential(grant: GrantType, overrides?: Partial<CredentialFieldsInput>): Promise<string>;
  /** A new engine over the same stores, reopened from disk for the vault (a restart). */
  restart(): Promise<OAuthEngine>;
  close(): Promise<void>;
}

/**
 * The engine harness in front of the fault server (test/support/fault-server.ts), with an
 * authorizer that answers through a settable script, over in-memory stores or the real vault in
 * a temporary folder. For the fault matrix, the concurrency, callback-attack and storage suites.
 */
export async function startFaultHarness(
  options: {
    store?: 'memory' | 'vault';
    server?: FaultServerOptions;
    requestTimeoutMs?: number;
  } = {},
): Promise<FaultHarness> {
  const server = await startFaultServer(options.server);
  const refused = await refusedUrl();
  const authorizer = callbackScriptAuthorizer();
  const dataDir =
    options.store === 'vault' ? mkdtempSync(join(tmpdir(), 'oauth-desk-hardening-')) : null;
  const open = async (): Promise<{ configs: ConfigRepository; secrets: CredentialSecrets }> => {
    if (!dataDir)
      return { configs: createMemoryConfigRepository(), secrets: createMemoryCredentialSecrets() };
    const { configs, secrets } = await openDataStores({ dataDir, cipher: keyFileCipher });
    return { configs, secrets };
  };
  const switches = { refuseConnections: false };
  const core = createEngineHarness<ConfigRepository, CredentialSecrets>({
    ...(await open()),
    authorizer,
    fetch: (input, init) =>
      switches.refuseConnections ? fetch(refused, init) : fetch(input, init),
    requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
    authorizationTimeoutMs: 5_000,
  });
  const secretValues: string[] = [];
  // Not Object.assign: it would copy the switch's value instead of the accessor.
  Object.defineProperty(core, 'refuseConnections', {
    get: () => switches.refuseConnections,
    set: (value: boolean) => void (switches.refuseConnections = value),
    enumerable: true,
  });
  return Object.assign(core as typeof core & { refuseConnections: boolean }, {
    server,
    authorizer,
    dataDir,
    secretValues,
    async addCredential(grant: GrantType, overrides: Partial<CredentialFieldsInput> = {}) {
      const clientSecret = `cs-${randomBytes(18).toString('base64url')}`;
      const password = `pw-${randomBytes(18).toString('base64url')}`;
      const needsSecret = grant === 'client_credentials' || grant === 'password';
      if (needsSecret) secretValues.push(clientSecret);
      if (grant === 'password') secretValues.push(password);
      const summary = await core.create(
        {
          name: `${grant} ${randomBytes(4).toString('hex')}`,
          grantType: grant,
          clientId: `client-${grant}`,
          tokenUrl: server.tokenUrl,
          authorizationUrl:
            grant === 'authorization_code' || grant === 'implicit'
              ? `${server.origin}/authorize`
              : undefined,
          deviceAuthorizationUrl:
            grant === 'device_code' ? server.deviceAuthorizationUrl : undefined,
          username: grant === 'password' ? 'ada' : undefined,
          scopes: 'api.read',
          ...overrides,
        },
        {
          ...(needsSecret ? { clientSecret } : {}),
          ...(grant === 'password' ? { password } : {}),
        },
      );
      return summary.config.id;
    },
    async restart() {
      return core.rebuild(await open());
    },
    async close() {
      await server.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

/** Every token value a fault harness's server issued plus the secrets it created. */
export function allSecrets(harness: FaultHarness): string[] {
  return [
    ...harness.secretValues,
    ...harness.server.issued.accessTokens,
    ...harness.server.issued.refreshTokens,
  ];
}

let counter = 0;
const uniqueName = (base: string) => `${base} ${++counter}`;

/** Credential fields for one client of the test OIDC server, with the schema's defaults filled in. */
export function oidcFields(
  server: OidcServer,
  client: OidcClientName,
  overrides: Partial<CredentialFieldsInput> = {},
): CredentialFields {
  const c = server.clients[client];
  const grantType = c.grantTypes.includes('client_credentials')
    ? 'client_credentials'
    : c.grantTypes.includes('authorization_code')
      ? 'authorization_code'
      : 'device_code';
  const input: CredentialFieldsInput = {
    name: uniqueName(client),
    grantType,
    clientId: c.clientId,
    clientAuth:
      c.authMethod === 'client_secret_post'
        ? 'body'
        : c.authMethod === 'client_secret_jwt' || c.authMethod === 'private_key_jwt'
          ? c.authMethod
          : 'basic',
    authorizationUrl: server.endpoints.authorization,
    tokenUrl: server.endpoints.token,
    deviceAuthorizationUrl: server.endpoints.deviceAuthorization,
    revocationUrl: server.endpoints.revocation,
    issuer: server.issuer,
    scopes: grantType === 'client_credentials' ? 'api:read' : 'openid offline_access api:read',
    ...(c.redirectUris[0] ? { redirectUri: c.redirectUris[0] } : {}),
    ...overrides,
  };
  return credentialFieldsSchema.parse(input);
}

/** Credential fields for the password grant against oauth2-mock-server. */
export function passwordFields(
  mock: OAuth2Mock,
  overrides: Partial<CredentialFieldsInput> = {},
): CredentialFields {
  return credentialFieldsSchema.parse({
    name: uniqueName('password'),
    grantType: 'password',
    clientId: mock.account.clientId,
    clientAuth: 'basic',
    tokenUrl: mock.tokenUrl,
    revocationUrl: mock.revocationUrl,
    username: mock.account.username,
    scopes: 'read write',
    ...overrides,
  } satisfies CredentialFieldsInput);
}
