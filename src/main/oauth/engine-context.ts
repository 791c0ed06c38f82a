// The engine's resolved dependencies and in-memory state, shared by its parts.
import type { CredentialConfig } from '../../shared/credential';
import type { AppErrorInfo } from '../../shared/errors';
import type { CredentialSummary, RevealedToken, TokenStatus } from '../../shared/status';
import {
  accountsOf,
  defaultAccountOf,
  resolveAccount,
  type AccountMarker,
  type CredentialAccount,
} from '../../shared/accounts';
import type { CredentialTokenType } from '../../shared/token-exchange-types';
import { DEFAULT_AUTHORIZATION_TIMEOUT_MS } from './authorization-session';
import { DEFAULT_REQUEST_TIMEOUT_MS, type HttpSettings } from './http';
import { silentLogger } from '../common/logger';
import { defaultFetch } from './tls-transport';
import type {
  Authorizer,
  Clock,
  ConfigRepository,
  CredentialSecrets,
  EngineDeps,
  EngineEvents,
  Logger,
  StoredTokens,
} from './ports';
import { environmentsWithOwnSecret } from './secret-reads';
import { summarize } from './status';
import {
  environmentsOf,
  markerOf,
  parseTargetId,
  pickEnvironment,
  TARGET_SEPARATOR,
} from '../../shared/environment';
import { environmentSecrets, loadTargetConfig } from './environment-targets';
import { SingleFlight } from './token-cache';
import { KeyedQueue } from './keyed-queue';

/** The token handed out last, and the stored objects it was derived from (cached-token.ts). */
export interface HandedOut {
  /** The stored credential object (compared by identity). */
  config: CredentialConfig;
  /** Its environment's configuration, which the tokens were valid for. */
  resolved: CredentialConfig;
  tokens: StoredTokens;
  revealed: RevealedToken;
}

export interface EngineContext {
  configs: ConfigRepository;
  secrets: CredentialSecrets;
  clock: Clock;
  logger: Logger;
  http: HttpSettings;
  events: Partial<EngineEvents>;
  authorizationTimeoutMs: number;
  authorizerFor(config: CredentialConfig): Authorizer;
  /** The app's active environment name; a credential without one by that name uses its first. */
  activeEnvironment(): string | null;
  /** The vault by slot, without inheritance: what an environment holds itself (secret-reads.ts). */
  slotSecrets: CredentialSecrets;
  /** The last failure per credential, shown as status "error" until something succeeds. Memory only. */
  lastErrors: Map<string, AppErrorInfo>;
  tokenFlights: SingleFlight<RevealedToken>;
  /** Credentials whose token flight in progress was forced (it will not hand out the cached token). */
  forcedFlights: Set<string>;
  /** Every token write of a credential, one at a time (see token-writes.ts). */
  tokenWrites: KeyedQueue;
  authorizeFlights: SingleFlight<CredentialSummary>;
  /** Cancels the pending interactive flow of a credential. */
  pending: Map<string, AbortController>;
  /** The token handed out last per credential, for the cached fast path (cached-token.ts). */
  handedOut: Map<string, HandedOut>;
  /**
   * Another credential's live token for a token exchange (credential-token.ts); set by the engine
   * once the context exists, since fetching it goes through the token manager, which runs grants.
   */
  credentialToken?: CredentialTokenReader;
}

export type CredentialTokenReader = (
  requester: CredentialConfig,
  ref: string,
  which: CredentialTokenType,
  role: 'subject' | 'actor',
) => Promise<string>;

export function createEngineContext(deps: EngineDeps): EngineContext {
  const logger = deps.logger ?? silentLogger;
  return {
    configs: deps.configs,
    // Keyed by target (credential~environment): each environment's tokens in its own slot.
    secrets: environmentSecrets(deps.secrets),
    slotSecrets: deps.secrets,
    clock: deps.clock ?? { now: () => Date.now() },
    logger,
    http: {
      fetch: deps.fetch ?? defaultFetch,
      timeoutMs: deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      logger,
    },
    events: deps.events ?? {},
    authorizationTimeoutMs: deps.authorizationTimeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS,
    authorizerFor: deps.authorizerFor ?? (() => deps.authorizer),
    activeEnvironment: deps.activeEnvironment ?? (() => null),
    lastErrors: new Map(),
    tokenFlights: new SingleFlight(),
    forcedFlights: new Set(),
    tokenWrites: new KeyedQueue(),
    authorizeFlights: new SingleFlight(),
    pending: new Map(),
    handedOut: new Map(),
  };
}

/** A credential's configuration, or (for a target `credential~environment`) that environment's. */
export async function loadConfig(ctx: EngineContext, id: string): Promise<CredentialConfig> {
  return (await loadTargetConfig(ctx.configs, id)).config;
}

/** Signed in: a usable token, or one it can renew without the user. */
const isSignedIn = (status: TokenStatus) =>
  status.state === 'connected' || (status.state === 'expired' && status.hasRefreshToken);

/**
 * The status of one account: for an account's key, its own; for an environment or a plain
 * credential, its default account's (of the active environment for a plain id: what the list
 * shows). The summary carries the stored credential, the environment marker and the accounts.
 */
export async function summaryOf(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  const { credentialId, environment, account } = parseTargetId(config.id);
  const base = environment === undefined ? config : await loadConfig(ctx, credentialId);
  const env =
    (environment !== undefined &&
      environmentsOf(base).find((candidate) => candidate.id === environment)) ||
    pickEnvironment(base, { active: ctx.activeEnvironment() })!;
  const accounts = accountsOf(base, env.id);
  const defaultId = defaultAccountOf(base, env.id).id;
  const shownId =
    account !== undefined && accounts.some((candidate) => candidate.id === account)
      ? account
      : defaultId;
  const shown = accounts.findIndex((candidate) => candidate.id === shownId);
  const now = ctx.clock.now();
  const statusOf = async (candidate: CredentialAccount) => {
    const resolved = resolveAccount(base, env, candidate);
    return summarize(resolved, ctx.secrets, now, ctx.lastErrors.get(resolved.id) ?? null);
  };
  const summaries = await Promise.all(accounts.map(statusOf));
  const markers = accounts.map((candidate, index) =>
    accountMarker(candidate, candidate.id === defaultId, isSignedIn(summaries[index]!.status)),
  );
  const summary = summaries[shown]!;
  const ownSecrets =
    environmentsOf(base).length > 1
      ? { environmentsWithOwnClientSecret: await environmentsWithOwnSecret(ctx.slotSecrets, base) }
      : {};
  return {
    ...summary,
    config: base,
    environment: markerOf(env),
    account: markers[shown]!,
    accounts: markers,
    ...ownSecrets,
  };
}

function accountMarker(
  account: CredentialAccount,
  isDefault: boolean,
  signedIn: boolean,
): AccountMarker {
  return {
    id: account.id,
    name: account.name,
    nameSource: account.nameSource,
    ...(account.username !== undefined ? { username: account.username } : {}),
    default: isDefault,
    signedIn,
  };
}

/**
 * Builds the summary and tells listeners; listener failures must not fail the operation. The list
 * follows the active environment's default account, so listeners hear that one's status whichever
 * account changed (with the accounts, so a count changes too); the caller gets the status of the
 * one it worked on.
 */
export async function announce(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  const summary = await summaryOf(ctx, config);
  const { credentialId } = parseTargetId(config.id);
  const base = await loadConfig(ctx, credentialId);
  const listedHere =
    summary.environment?.id === pickEnvironment(base, { active: ctx.activeEnvironment() })?.id &&
    summary.account?.default === true;
  const listed = listedHere ? summary : await summaryOf(ctx, base);
  try {
    ctx.events.credentialChanged?.(listed);
  } catch (error) {
    ctx.logger.warn('A credentialChanged listener failed', { error });
  }
  return summary;
}

/** Forgets the last failure of every environment of a credential (its secrets or fields changed). */
export function forgetLastErrors(ctx: EngineContext, credentialId: string): void {
  for (const key of [...ctx.lastErrors.keys()]) {
    if (key === credentialId || key.startsWith(credentialId + TARGET_SEPARATOR))
      ctx.lastErrors.delete(key);
  }
}
