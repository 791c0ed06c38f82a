// The engine's resolved dependencies and in-memory state, shared by its parts.
import type { CredentialConfig } from '../../shared/credential';
import type { AppErrorInfo } from '../../shared/errors';
import type { CredentialSummary, RevealedToken } from '../../shared/status';
import { DEFAULT_AUTHORIZATION_TIMEOUT_MS } from './authorization-session';
import { errors } from './errors';
import { DEFAULT_REQUEST_TIMEOUT_MS, type HttpSettings } from './http';
import { silentLogger } from '../common/logger';
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
import { summarize } from './status';
import { SingleFlight } from './token-cache';
import { KeyedQueue } from './keyed-queue';

/** The token handed out last, and the stored objects it was derived from (cached-token.ts). */
export interface HandedOut {
  config: CredentialConfig;
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
}

export function createEngineContext(deps: EngineDeps): EngineContext {
  const logger = deps.logger ?? silentLogger;
  return {
    configs: deps.configs,
    secrets: deps.secrets,
    clock: deps.clock ?? { now: () => Date.now() },
    logger,
    http: {
      fetch: deps.fetch ?? ((input, init) => fetch(input, init)),
      timeoutMs: deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      logger,
    },
    events: deps.events ?? {},
    authorizationTimeoutMs: deps.authorizationTimeoutMs ?? DEFAULT_AUTHORIZATION_TIMEOUT_MS,
    authorizerFor: deps.authorizerFor ?? (() => deps.authorizer),
    lastErrors: new Map(),
    tokenFlights: new SingleFlight(),
    forcedFlights: new Set(),
    tokenWrites: new KeyedQueue(),
    authorizeFlights: new SingleFlight(),
    pending: new Map(),
    handedOut: new Map(),
  };
}

export async function loadConfig(ctx: EngineContext, id: string): Promise<CredentialConfig> {
  const config = await ctx.configs.get(id);
  if (!config) throw errors.notFound(id);
  return config;
}

export async function summaryOf(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  return summarize(config, ctx.secrets, ctx.clock.now(), ctx.lastErrors.get(config.id) ?? null);
}

/** Builds the summary and tells listeners; listener failures must not fail the operation. */
export async function announce(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  const summary = await summaryOf(ctx, config);
  try {
    ctx.events.credentialChanged?.(summary);
  } catch (error) {
    ctx.logger.warn('A credentialChanged listener failed', { error });
  }
  return summary;
}
