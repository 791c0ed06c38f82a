// One use of the broker by a client: the paused and policy checks before it, and the one audit
// entry written for it whatever happens. The token path, the call path and saved tools all run
// through `audited`, so no use goes unrecorded.
import { randomUUID } from 'node:crypto';
import type {
  BrokerAccountRef,
  BrokerAuditEntry,
  BrokerClientInfo,
  BrokerOperation,
  BrokerSignInNeeded,
} from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import type { EnvironmentMarker } from '../../shared/environment';
import type { OAuthEngine } from '../oauth/ports';
import type { RequestRunner } from '../services/request-runner';
import type { AccessGate } from './access-gate';
import {
  brokerPaused,
  BrokerError,
  clientLeft,
  toBrokerErrorInfo,
  type BrokerErrorCode,
} from './broker-errors';
import { clientKey } from './client-identity';
import type { TokenLedger } from './token-ledger';
import type { BrokerTarget } from './broker-environment';

export interface BrokerServiceDeps {
  engine: Pick<OAuthEngine, 'list' | 'find' | 'status' | 'getAccessToken'>;
  runner: Pick<RequestRunner, 'send' | 'cancel'>;
  gate: AccessGate;
  ledger: TokenLedger;
  audit: (entry: BrokerAuditEntry) => void;
  signInNeeded: (notice: BrokerSignInNeeded) => void;
  /** Resolves true once the credential is connected again, false after `ms` or once `signal` aborts. */
  waitForSignIn: (credentialId: string, ms: number, signal?: AbortSignal) => Promise<boolean>;
  now?: () => number;
}

/** What one use touches, as its audit entry records it. */
export type Use = {
  credential: CredentialConfig | null;
  operation: BrokerOperation;
  origin: string | null;
  /** The credential's environment the use is of (shown in the prompt, kept in the audit). */
  environment?: EnvironmentMarker | undefined;
  /** The account the use is as, when the credential holds more than one (prompt and audit). */
  account?: BrokerAccountRef | undefined;
};

/** How a failure is recorded in the audit; every other code is `failed`. */
const OUTCOMES: Partial<Record<BrokerErrorCode, BrokerAuditEntry['outcome']>> = {
  cancelled: 'cancelled',
  paused: 'paused',
  denied: 'denied',
  forbidden: 'forbidden',
  origin_not_allowed: 'forbidden',
};

export function createBrokerUse(deps: BrokerServiceDeps) {
  const now = deps.now ?? Date.now;

  const record = (
    client: BrokerClientInfo,
    use: Use,
    outcome: BrokerAuditEntry['outcome'],
    detail: string | null,
  ) =>
    deps.audit({
      id: randomUUID(),
      at: now(),
      credentialId: use.credential?.id ?? null,
      credentialName: use.credential?.name ?? null,
      clientName: client.name,
      clientKey: clientKey(client),
      operation: use.operation,
      origin: use.origin,
      ...(use.environment ? { environment: use.environment } : {}),
      ...(use.account ? { account: use.account } : {}),
      outcome,
      detail,
    });

  /**
   * Runs `work` for one use: paused and policy checks first, one audit entry whatever happens.
   * `signal` aborts when the client leaves: its waits end and the use is audited as cancelled.
   */
  async function audited<T>(
    client: BrokerClientInfo,
    use: Use,
    waitMs: number,
    work: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    try {
      if (deps.gate.paused()) throw brokerPaused();
      if (use.credential) {
        await deps.gate.check({
          credential: use.credential,
          client,
          clientKey: clientKey(client),
          operation: use.operation,
          origin: use.origin,
          environment: use.environment,
          account: use.account,
          waitMs,
          ...(signal ? { signal } : {}),
        });
      }
      if (signal?.aborted) throw clientLeft();
      const value = await work();
      const status = (value as { status?: unknown } | null)?.status;
      record(client, use, 'allowed', typeof status === 'number' ? `HTTP ${status}` : null);
      return value;
    } catch (error) {
      const info = toBrokerErrorInfo(
        signal?.aborted ? clientLeft() : error,
        use.operation === 'call' || use.operation === 'tool' ? 'call' : 'token',
      );
      record(client, use, OUTCOMES[info.code] ?? 'failed', info.code);
      throw new BrokerError(info.code, info.message);
    }
  }

  /** A lookup failure (no such credential, or no such environment) is audited too, without a credential. */
  async function guardLookup(
    client: BrokerClientInfo,
    operation: BrokerOperation,
    lookup: () => Promise<BrokerTarget>,
  ): Promise<BrokerTarget> {
    if (deps.gate.paused()) {
      // Still attributed to the credential, so that its audit shows the refused use.
      const credential = (await lookup().catch(() => null))?.credential ?? null;
      record(client, { credential, operation, origin: null }, 'paused', 'paused');
      throw brokerPaused();
    }
    try {
      return await lookup();
    } catch (error) {
      record(
        client,
        { credential: null, operation, origin: null },
        'failed',
        toBrokerErrorInfo(error).code,
      );
      throw error;
    }
  }

  return { audited, guardLookup };
}

export type BrokerUse = ReturnType<typeof createBrokerUse>;
