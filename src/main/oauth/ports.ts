// The engine's view of the outside world. Everything it needs is passed in, so the same engine
// runs in Electron, in browser mode and in tests. Nothing here imports electron.
import type { DPoPHandle } from 'oauth4webapi';
import type { CredentialTls } from './credential-tls';
import type { Logger } from '../common/logger';
import type { ClientKeyAlg, GeneratedClientKey } from '../../shared/client-auth';
import type {
  ClientSecretUpdate,
  CredentialConfig,
  CredentialFields,
  SecretUpdate,
} from '../../shared/credential';
import type { EnvironmentDraft } from '../../shared/environment';
import type { CredentialPage } from '../../shared/list-page';
import type {
  CredentialSummary,
  DeviceCodePrompt,
  DiscoveredEndpoints,
  IdTokenCheck,
  IntrospectedToken,
  IntrospectionOutcome,
  ProviderPreset,
  RevealedToken,
  RevokeOutcome,
  TestOutcome,
  TokenDetails,
  UserInfoOutcome,
} from '../../shared/status';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The engine's logging port is the app-wide logger's interface (common/logger.ts). */
export type { Logger };

/**
 * The interactive step of authorization code and implicit flows: open a page, wait for the
 * redirect. Implemented by the embedded window, the system browser + loopback listener, the
 * browser-mode popup, and tests (which drive Chromium).
 */
export interface Authorizer {
  /** Starts a session. The session may replace the redirect URI (a loopback listener picks a port). */
  begin(request: {
    credentialId: string;
    config: CredentialConfig;
    /** Optional: told of each page the sign-in passes through (the timeline records them). */
    onNavigation?: (navigation: { url: string; status?: number }) => void;
  }): Promise<AuthorizationSession>;
  /**
   * Optional: forgets the sign-in session (cookies, storage) kept under `partition`, the
   * signed-out account's vault slot, so that its next sign-in asks who is signing in.
   */
  forgetSession?(partition: string): Promise<void>;
}

export interface AuthorizationSession {
  /** The redirect URI to put in the authorization and token requests. */
  readonly redirectUri: string;
  /**
   * Opens `authorizationUrl` and resolves with the full callback URL once the redirect URI is
   * reached. Rejects with an `authorization_cancelled` error when the user closes the page, and
   * `authorization_timeout` after the timeout.
   */
  waitForCallback(authorizationUrl: string, signal: AbortSignal): Promise<string>;
  /** Releases the window or listener. Safe to call twice. */
  close(): void;
}

/** Tokens as stored (encrypted) for one credential. */
export interface StoredTokens {
  accessToken?: string;
  tokenType?: string;
  /** Epoch ms when the access token expires, computed when it was written. */
  expiresAt?: number;
  /** Where expiresAt came from (see TokenStatus.expirySource); unset means the provider. */
  expirySource?: 'provider' | 'jwt' | 'assumed';
  obtainedAt?: number;
  scope?: string;
  refreshToken?: string;
  idToken?: string;
  /** What validating `idToken` found, and a hash saying which ID token that was (id-token-check.ts). */
  idTokenCheck?: IdTokenCheck & { tokenHash: string };
  /** Non-secret provider fields of the token response (shared/provider-fields.ts). */
  providerFields?: Record<string, string>;
  /** The last token-endpoint response as JSON text, secrets included (token-response-view.ts). */
  lastResponse?: string;
  /** Hash of what made the token valid (client id, URLs, scopes...): a change means a new token. */
  cacheKey?: string;
  /** Set after invalid_grant on refresh: only the user can fix it. */
  needsAuthorization?: boolean;
}

/**
 * What can be known of stored tokens without their values: enough for a credential's status in
 * the list. Kept in plain text beside the ciphertext, so that listing decrypts nothing.
 */
export type StoredTokenFacts = Omit<
  StoredTokens,
  'accessToken' | 'refreshToken' | 'idToken' | 'lastResponse'
> & {
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
};

/**
 * The facts of `tokens`, leaving every token value out, and the last token response too: it holds
 * the same tokens (and whatever else the provider sent), so it stays in the ciphertext only.
 */
export function storedTokenFacts(tokens: StoredTokens): StoredTokenFacts {
  const { accessToken, refreshToken, idToken: _idToken, lastResponse: _response, ...rest } = tokens;
  return { ...rest, hasAccessToken: Boolean(accessToken), hasRefreshToken: Boolean(refreshToken) };
}

/** Non-secret configurations. */
export interface ConfigRepository {
  list(): Promise<CredentialConfig[]>;
  get(id: string): Promise<CredentialConfig | undefined>;
  /** Insert or replace. Rejects with a `conflict` error when another credential has the same name (case-insensitive). */
  save(config: CredentialConfig): Promise<void>;
  delete(id: string): Promise<void>;
  /**
   * Optional: the id of the credential whose name has the same key (`credentialNameKey`), from an
   * index. Without it the name check of a create reads the whole list.
   */
  nameOwner?(name: string): string | undefined;
  /**
   * Optional: the configurations in list order, shared (not copies; callers must not change
   * them). Without it, `list()` (copies) is used. Lets a list page or a start-up check read a
   * slice without copying every configuration.
   */
  sorted?(): readonly CredentialConfig[];
  /**
   * Optional: the stored configuration itself (shared, not a copy; callers must not change it).
   * A save replaces the object, never changes it, so the same object means the same configuration.
   */
  peek?(id: string): CredentialConfig | undefined;
}

/** Which secrets of a credential are stored, known without decrypting any of them. */
export interface SecretPresence {
  hasClientSecret: boolean;
  hasPassword: boolean;
  hasTokens: boolean;
  /** RFC 8693: a pasted actor token (see `getActorToken`). */
  hasActorToken?: boolean;
}

/**
 * Secrets of credentials, encrypted at rest by the vault. A getter throws `secret_unreadable` for a
 * stored value that cannot be decrypted; that concerns only that one secret of that one credential.
 */
export interface CredentialSecrets {
  getClientSecret(id: string): Promise<string | undefined>;
  getPassword(id: string): Promise<string | undefined>;
  /** Applies a `SecretUpdate`: keep does nothing, set stores, clear removes. */
  updateClientSecret(id: string, update: SecretUpdate): Promise<void>;
  updatePassword(id: string, update: SecretUpdate): Promise<void>;
  getTokens(id: string): Promise<StoredTokens | undefined>;
  /** Replaces the stored tokens in one write (rotation is atomic). */
  setTokens(id: string, tokens: StoredTokens): Promise<void>;
  deleteTokens(id: string): Promise<void>;
  /**
   * RFC 9449: the credential's DPoP key pair as stored JSON (private and public JWK). Optional: a
   * store without it cannot serve DPoP credentials. Never copied: a copy gets its own key.
   */
  getDpopKey?(id: string): Promise<string | undefined>;
  setDpopKey?(id: string, value: string): Promise<void>;
  /**
   * RFC 8693: a token exchange's pasted actor token, in a slot of its own (the password slot
   * holds a pasted subject token). One per credential, whatever the environment. Optional: a
   * store without it cannot keep pasted actor tokens.
   */
  getActorToken?(id: string): Promise<string | undefined>;
  updateActorToken?(id: string, update: SecretUpdate): Promise<void>;
  /** Copies client secret, password and actor token (not tokens) to another credential. */
  copySecrets(fromId: string, toId: string): Promise<void>;
  /** Removes every secret and token of a credential. */
  deleteAll(id: string): Promise<void>;
  /** Throws `encryption_unavailable` with the reason when secrets cannot be saved safely. */
  assertWritable(): void;
  /**
   * Optional: what is stored, without decrypting. With it, summaries (`hasClientSecret`...) never
   * decrypt a client secret or password, so an unreadable one cannot fail them.
   */
  presence?(id: string): SecretPresence | Promise<SecretPresence>;
  /**
   * Optional: the facts of the stored tokens, without decrypting them (summaries use it). Throws
   * like `getTokens` when they cannot be read at all (keychain unavailable).
   */
  tokenFacts?(id: string): Promise<StoredTokenFacts | undefined>;
  /**
   * Optional: the tokens already read into memory (shared, not a copy; callers must not change
   * them), or undefined when they are not in memory. Every token write replaces the object, so the
   * same object means the same tokens: the engine's cached-token fast path relies on it.
   */
  peekTokens?(id: string): StoredTokens | undefined;
}

/** Notifications the engine sends while it works (the UI listens). */
export interface EngineEvents {
  credentialChanged(summary: CredentialSummary): void;
  credentialRemoved(id: string): void;
  deviceCode(prompt: DeviceCodePrompt): void;
}

export interface EngineDeps {
  configs: ConfigRepository;
  secrets: CredentialSecrets;
  authorizer: Authorizer;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  events?: Partial<EngineEvents>;
  /** Default 30 s. */
  requestTimeoutMs?: number;
  /** Default 5 min. */
  authorizationTimeoutMs?: number;
  /** Picks the authorizer per credential (embedded window vs system browser); defaults to `authorizer`. */
  authorizerFor?: (config: CredentialConfig) => Authorizer;
  /** The app's active environment name (environment.ts); unset means each credential's first. */
  activeEnvironment?: () => string | null;
}

/** What the services layer (and through it the UI) can ask of the engine. */
export interface OAuthEngine {
  list(): Promise<CredentialSummary[]>;
  /**
   * One page of the list, in list order, and how many there are: only that page's token facts
   * are read, so showing the first screen does not grow with the number of credentials.
   */
  listPage(request: { offset: number; limit: number }): Promise<CredentialPage>;
  get(id: string): Promise<CredentialSummary>;
  /**
   * The credential with this id, or else the one whose name has the same key (`credentialNameKey`,
   * as uniqueness is decided); undefined when there is none. Builds that one summary only, so a
   * lookup by name does not grow with the number of credentials when the store indexes names.
   */
  find(ref: string): Promise<CredentialSummary | undefined>;
  /** The client secret may name a key made by `generateClientKey`, which the save moves in. */
  create(
    fields: CredentialFields,
    secrets: {
      clientSecret: ClientSecretUpdate;
      password: SecretUpdate;
      actorToken?: SecretUpdate;
    },
  ): Promise<CredentialSummary>;
  /** Invalidates the cached token when anything that made it valid changed. */
  update(
    id: string,
    fields: CredentialFields,
    secrets: {
      clientSecret: ClientSecretUpdate;
      password: SecretUpdate;
      actorToken?: SecretUpdate;
    },
  ): Promise<CredentialSummary>;
  duplicate(id: string): Promise<CredentialSummary>;
  /** Adds (no `id`) or replaces one environment; its own client secret goes to its vault slot. */
  saveEnvironment(
    id: string,
    environment: EnvironmentDraft,
    clientSecret: SecretUpdate,
  ): Promise<CredentialSummary>;
  /** Removes an environment (not the default one) with its tokens and its own client secret. */
  removeEnvironment(id: string, environmentId: string): Promise<CredentialSummary>;
  /** Clears every token and secret of the credential. */
  delete(id: string): Promise<void>;
  /**
   * Signs in another user on the environment `id` names (accounts.ts), in a sign-in session of its
   * own; the accounts already signed in keep their tokens. Resolves with the new account's status.
   */
  addAccount(id: string): Promise<CredentialSummary>;
  /** RFC 6749 §4.3: another resource owner of a password-grant credential, with its own password. */
  addPasswordAccount(
    id: string,
    pair: { username: string; password: string },
  ): Promise<CredentialSummary>;
  /** Removes one account's tokens (revoked when the provider can) and clears its sign-in session. */
  signOutAccount(id: string): Promise<RevokeOutcome>;
  /** Makes the account `id` names its environment's default. */
  setDefaultAccount(id: string): Promise<CredentialSummary>;
  /** Names an account; a later sign-in keeps the name. */
  renameAccount(id: string, name: string): Promise<CredentialSummary>;
  status(id: string): Promise<CredentialSummary>;

  /** A valid access token: cached, refreshed, or a fresh non-interactive grant. Single-flight per credential. */
  getAccessToken(
    id: string,
    options?: { forceRefresh?: boolean; signal?: AbortSignal },
  ): Promise<RevealedToken>;
  /**
   * RFC 9449: the credential's DPoP handle (its key from the vault, and the nonces servers sent),
   * for API calls with a DPoP-bound token. Never leaves the main process.
   */
  dpopHandle(id: string): Promise<DPoPHandle>;
  /**
   * The TLS settings for API calls with this credential's token, when it has its own: its client
   * certificate (RFC 8705 §3, certificate-bound tokens) and CA bundle (tls-transport.ts). Never
   * leaves the main process.
   */
  apiTransport(id: string): Promise<CredentialTls | undefined>;
  /** Runs the interactive flow (authorization code, implicit, device code). */
  authorize(id: string): Promise<CredentialSummary>;
  cancelAuthorization(id: string): boolean;
  /** Fetches a fresh token; for authorization code, tests the refresh flow. */
  test(id: string, options?: { signal?: AbortSignal }): Promise<TestOutcome>;
  /** Forces a refresh (or a new non-interactive grant). */
  refresh(id: string, options?: { signal?: AbortSignal }): Promise<CredentialSummary>;
  /** Forgets the access token (keeps the refresh token). */
  invalidate(id: string): Promise<CredentialSummary>;
  /** Clears access and refresh tokens locally and revokes at the provider when it can. */
  revoke(id: string): Promise<RevokeOutcome>;
  tokenDetails(id: string): Promise<TokenDetails>;
  /** The last token-endpoint response, unmasked (only on an explicit Reveal). */
  revealTokenResponse(id: string): Promise<{ text: string }>;
  /** RFC 7662: what the provider says of the stored access or refresh token. */
  introspect(id: string, token: IntrospectedToken): Promise<IntrospectionOutcome>;
  /** OIDC Core §5.3: the userinfo endpoint's claims for the stored access token. */
  userInfo(id: string): Promise<UserInfoOutcome>;
  /** private_key_jwt: the stored key's public JWKS, to register at the provider. */
  clientPublicJwks(id: string): Promise<{ keys: Record<string, unknown>[] }>;
  /**
   * private_key_jwt: makes a key pair and keeps the private key in the vault under a handle that
   * a create or update names to take it; returns the handle and the public JWKS, never the key.
   */
  generateClientKey(options: {
    alg: ClientKeyAlg;
    kid?: string | undefined;
  }): Promise<GeneratedClientKey>;

  presets(): ProviderPreset[];
  /** `caBundle`: PEM CA certificates to trust for a private server's metadata. */
  discover(issuer: string, options?: { caBundle?: string }): Promise<DiscoveredEndpoints>;
}
