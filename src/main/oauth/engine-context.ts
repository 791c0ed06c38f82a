// The engine's resolved dependencies and in-memory state, shared by its parts.
import type { CredentialConfig } from '../../shared/credential';
import type { AppErrorInfo } from '../../shared/errors';
import type { CredentialSummary, RevealedToken } from '../../shared/status';
import { DEFAULT_AUTHORIZATION_TIMEOUT_MS } from './authorization-session';
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
import {
  environmentsOf,
  markerOf,
  parseTargetId,
  pickEnvironment,
  resolveEnvironment,
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
    // Keyed by target (credential~environment): each environment's tokens in its own slot.
    secrets: environmentSecrets(deps.secrets),
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

/**
 * The status of one environment: for a target, its own; for a plain credential, the active
 * environment's (what the list shows). The summary carries the stored credential and the marker.
 */
export async function summaryOf(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  const { credentialId, environment } = parseTargetId(config.id);
  const base = environment === undefined ? config : await loadConfig(ctx, credentialId);
  const env =
    (environment !== undefined &&
      environmentsOf(base).find((candidate) => candidate.id === environment)) ||
    pickEnvironment(base, { active: ctx.activeEnvironment() })!;
  const resolved = resolveEnvironment(base, env);
  const summary = await summarize(
    resolved,
    ctx.secrets,
    ctx.clock.now(),
    ctx.lastErrors.get(resolved.id) ?? null,
  );
  return { ...summary, config: base, environment: markerOf(env) };
}

/**
 * Builds the summary and tells listeners; listener failures must not fail the operation. The list
 * follows the active environment, so listeners hear that one's status whichever environment
 * changed; the caller gets the status of the one it worked on.
 */
export async function announce(
  ctx: EngineContext,
  config: CredentialConfig,
): Promise<CredentialSummary> {
  const summary = await summaryOf(ctx, config);
  const { credentialId } = parseTargetId(config.id);
  const shown =
    summary.environment?.id ===
    pickEnvironment(await loadConfig(ctx, credentialId), { active: ctx.activeEnvironment() })?.id
      ? summary
      : await summaryOf(ctx, await loadConfig(ctx, credentialId));
  try {
    ctx.events.credentialChanged?.(shown);
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
