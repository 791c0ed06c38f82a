// Builds an engine over in-memory stores, a manual clock and a captured log, so tests can drive
// time and read every log line.
import {
  createMemoryConfigRepository,
  createMemoryCredentialSecrets,
} from '../../../../support/memory-stores';
import type { CredentialFieldsInput, SecretUpdate } from '../../../../../src/shared/credential';
import { credentialFieldsSchema } from '../../../../../src/shared/credential';
import type { CredentialSummary, DeviceCodePrompt } from '../../../../../src/shared/status';
import { createOAuthEngine } from '../../../../../src/main/oauth/engine';
import { createLogger, createMemorySink } from '../../../../../src/main/common/logger';
import type {
  AuthorizationSession,
  Authorizer,
  EngineDeps,
  OAuthEngine,
} from '../../../../../src/main/oauth/ports';

export interface ManualClock {
  now(): number;
  advance(ms: number): void;
}

export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/**
 * An authorizer that plays the provider's login page: it gets the authorization URL and answers
 * with whatever callback URL `respond` builds from it.
 */
export function scriptedAuthorizer(
  respond: (authorizationUrl: URL, redirectUri: string) => string | Promise<string>,
  redirectUri = 'oauthdesk://callback',
): Authorizer & { urls: URL[]; closed: number } {
  const authorizer = {
    urls: [] as URL[],
    closed: 0,
    async begin(): Promise<AuthorizationSession> {
      return {
        redirectUri,
        waitForCallback: async (url: string, signal: AbortSignal) => {
          const parsed = new URL(url);
          authorizer.urls.push(parsed);
          signal.throwIfAborted();
          return respond(parsed, redirectUri);
        },
        close: () => {
          authorizer.closed += 1;
        },
      };
    },
  };
  return authorizer;
}

/** An authorizer whose page never returns (the user is still looking at it). */
export function hangingAuthorizer(): Authorizer {
  return {
    async begin() {
      return {
        redirectUri: 'oauthdesk://callback',
        waitForCallback: (_url: string, signal: AbortSignal) =>
          new Promise<string>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          ),
        close() {},
      };
    },
  };
}

export interface Harness {
  engine: OAuthEngine;
  clock: ManualClock;
  configs: ReturnType<typeof createMemoryConfigRepository>;
  secrets: ReturnType<typeof createMemoryCredentialSecrets>;
  log: ReturnType<typeof createMemorySink>;
  changed: CredentialSummary[];
  removed: string[];
  prompts: DeviceCodePrompt[];
  create(
    fields: CredentialFieldsInput,
    secrets?: { clientSecret?: string; password?: string },
  ): Promise<CredentialSummary>;
}

export function createHarness(options: Partial<EngineDeps> = {}): Harness {
  const clock = manualClock();
  const configs = createMemoryConfigRepository();
  const secrets = createMemoryCredentialSecrets();
  const log = createMemorySink();
  const changed: CredentialSummary[] = [];
  const removed: string[] = [];
  const prompts: DeviceCodePrompt[] = [];
  const engine = createOAuthEngine({
    configs,
    secrets,
    authorizer: scriptedAuthorizer(() => {
      throw new Error('no authorizer configured for this test');
    }),
    clock,
    logger: createLogger({ sink: log, level: 'debug', now: clock.now }),
    events: {
      credentialChanged: (s) => changed.push(s),
      credentialRemoved: (id) => removed.push(id),
      deviceCode: (p) => prompts.push(p),
    },
    ...options,
  });
  const set = (value: string | undefined): SecretUpdate =>
    value ? { kind: 'set', value } : { kind: 'keep' };
  return {
    engine,
    clock,
    configs,
    secrets,
    log,
    changed,
    removed,
    prompts,
    create: (fields, s = {}) =>
      engine.create(credentialFieldsSchema.parse(fields), {
        clientSecret: set(s.clientSecret),
        password: set(s.password),
      }),
  };
}
