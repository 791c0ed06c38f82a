// One engine over in-memory stores, with everything a test wants to look at: every log line (through
// the engine's own redacting logger), every HTTP call the engine made, every event it sent. Plus
// credential fields for each client of the test servers, so tests read as "a basic-auth client".
import { createOAuthEngine } from '../../src/main/oauth/engine';
import { createLogger, createMemorySink, type LogEntry } from '../../src/main/common/logger';
import type { Authorizer, Clock, FetchLike, OAuthEngine } from '../../src/main/oauth/ports';
import {
  credentialFieldsSchema,
  type CredentialFields,
  type CredentialFieldsInput,
  type SecretUpdate,
} from '../../src/shared/credential';
import type { CredentialSummary, DeviceCodePrompt } from '../../src/shared/status';
import { createMemoryConfigRepository, createMemoryCredentialSecrets } from './memory-stores';
import type { OAuth2Mock } from './oauth2-mock';
import type { OidcClientName, OidcServer } from './oidc-server';

export interface EngineHarness {
  engine: OAuthEngine;
  configs: ReturnType<typeof createMemoryConfigRepository>;
  secrets: ReturnType<typeof createMemoryCredentialSecrets>;
  /** Every entry the engine logged, at debug level and above. */
  logs: LogEntry[];
  logText(): string;
  /** URL (without query) of every HTTP request the engine made, oldest first. */
  httpCalls: string[];
  /** Form bodies the engine sent (codes, verifiers, secrets: for leak checks, never print them). */
  sentForms: URLSearchParams[];
  changed: CredentialSummary[];
  deviceCodes: DeviceCodePrompt[];
  /** Creates a credential; `secret`/`password` are set when given. */
  create(
    fields: CredentialFields,
    secrets?: { clientSecret?: string; password?: string },
  ): Promise<CredentialSummary>;
}

const noAuthorizer: Authorizer = {
  async begin() {
    throw new Error('This test did not expect an interactive authorization');
  },
};

const setOrKeep = (value: string | undefined): SecretUpdate =>
  value === undefined ? { kind: 'keep' } : { kind: 'set', value };

export interface EngineHarnessOptions {
  authorizer?: Authorizer;
  requestTimeoutMs?: number;
  fetch?: FetchLike;
  clock?: Clock;
}

function formOf(body: unknown): URLSearchParams | undefined {
  if (body instanceof URLSearchParams) return new URLSearchParams(body);
  if (typeof body === 'string') return new URLSearchParams(body);
  return undefined;
}

export function createEngineHarness(options: EngineHarnessOptions = {}): EngineHarness {
  const configs = createMemoryConfigRepository();
  const secrets = createMemoryCredentialSecrets();
  const sink = createMemorySink();
  const httpCalls: string[] = [];
  const sentForms: URLSearchParams[] = [];
  const changed: CredentialSummary[] = [];
  const deviceCodes: DeviceCodePrompt[] = [];
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const countingFetch: FetchLike = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    httpCalls.push(`${url.origin}${url.pathname}`);
    const form = formOf(init?.body);
    if (form) sentForms.push(form);
    return baseFetch(input, init);
  };
  const engine = createOAuthEngine({
    configs,
    secrets,
    authorizer: options.authorizer ?? noAuthorizer,
    fetch: countingFetch,
    logger: createLogger({ sink, level: 'debug' }),
    events: {
      credentialChanged: (summary) => changed.push(summary),
      deviceCode: (prompt) => deviceCodes.push(prompt),
    },
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    engine,
    configs,
    secrets,
    logs: sink.entries,
    logText: () => sink.text(),
    httpCalls,
    sentForms,
    changed,
    deviceCodes,
    create: (fields, given = {}) =>
      engine.create(fields, {
        clientSecret: setOrKeep(given.clientSecret),
        password: setOrKeep(given.password),
      }),
  };
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
    clientAuth: c.authMethod === 'client_secret_post' ? 'body' : 'basic',
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
