// What the broker does for a validated request: find the credential, pass the access gate, get a
// token that stays valid for the asked minimum, or make the API call with it through the request
// runner (401 refresh-and-retry included), and write one audit entry for every use. Tokens go back
// only on `token`; a call's answer has every token it used cut out.
import { randomUUID } from 'node:crypto';
import {
  normalizeOrigin,
  type BrokerAuditEntry,
  type BrokerClientInfo,
  type BrokerOperation,
  type BrokerSignInNeeded,
} from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import { isAppError } from '../../shared/errors';
import { placeToken } from '../../shared/token-placement';
import type { CredentialSummary } from '../../shared/status';
import type { OAuthEngine } from '../oauth/ports';
import type { RequestRunner } from '../services/request-runner';
import type { AccessGate } from './access-gate';
import { BrokerError, clientLeft, toBrokerErrorInfo } from './broker-errors';
import type {
  ApiCall,
  BrokerCallView,
  BrokerCredentialView,
  BrokerRequest,
  BrokerTokenView,
} from './broker-protocol';
import { clientKey } from './client-identity';
import { scrubTokens, type TokenLedger } from './token-ledger';

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

type Use = {
  credential: CredentialConfig | null;
  operation: BrokerOperation;
  origin: string | null;
};

export function createBrokerService(deps: BrokerServiceDeps) {
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
      if (deps.gate.paused())
        throw new BrokerError(
          'paused',
          'The OAuth Desk broker is paused. Resume it in the app (Broker tab) and try again.',
        );
      if (use.credential) {
        await deps.gate.check({
          credential: use.credential,
          client,
          clientKey: clientKey(client),
          operation: use.operation,
          origin: use.origin,
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
      const outcome =
        info.code === 'cancelled'
          ? 'cancelled'
          : info.code === 'paused'
            ? 'paused'
            : info.code === 'denied'
              ? 'denied'
              : info.code === 'forbidden' || info.code === 'origin_not_allowed'
                ? 'forbidden'
                : 'failed';
      record(client, use, outcome, info.code);
      throw new BrokerError(info.code, info.message);
    }
  }

  async function findCredential(ref: string): Promise<CredentialSummary> {
    const found = await deps.engine.find(ref);
    if (!found) {
      throw new BrokerError(
        'not_found',
        `No credential named "${ref}" in OAuth Desk. Run \`oauth-desk list\` to see the names.`,
      );
    }
    return found;
  }

  async function credentialForOrigin(origin: string): Promise<CredentialSummary> {
    const all = await deps.engine.list();
    const matches = all.filter((s) =>
      deps.gate.policy(s.config.id).allowedOrigins.includes(origin),
    );
    if (matches.length === 1) return matches[0]!;
    throw new BrokerError(
      'not_found',
      matches.length === 0
        ? `No credential lists ${origin} among its allowed API origins. Add it in the app (Broker tab), or name the credential.`
        : `Several credentials allow ${origin}: name the one to use (${matches.map((m) => m.config.name).join(', ')}).`,
    );
  }

  const view = (summary: CredentialSummary): BrokerCredentialView => {
    const policy = deps.gate.policy(summary.config.id);
    return {
      id: summary.config.id,
      name: summary.config.name,
      grantType: summary.config.grantType,
      state: summary.status.state,
      expiresAt: summary.status.expiresAt,
      access: policy.access,
      allowedOrigins: policy.allowedOrigins,
    };
  };

  /** Only where the token goes and under which name: the value is the engine's headerValue. */
  const placementOf = (credential: CredentialConfig): BrokerTokenView['placement'] => {
    const placed = placeToken(credential, '');
    return { in: placed.in, name: placed.name };
  };

  /** A token valid for at least `minValidSeconds`, waiting for an interactive sign-in when one is needed. */
  async function liveToken(
    credential: CredentialConfig,
    client: BrokerClientInfo,
    minValidSeconds: number,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<BrokerTokenView> {
    const deadline = now() + waitMs;
    // The engine stops this caller's wait on the signal; a token request it shares with others
    // goes on and its result is stored (the rule the request tester follows).
    const waitOptions = signal ? { signal } : {};
    for (;;) {
      try {
        let token = await deps.engine.getAccessToken(credential.id, waitOptions);
        let expiresAt = (await deps.engine.status(credential.id)).status.expiresAt;
        if (expiresAt !== null && expiresAt - now() < minValidSeconds * 1000) {
          // Renew early rather than hand out a token that dies while the caller uses it.
          token = await deps.engine.getAccessToken(credential.id, {
            forceRefresh: true,
            ...waitOptions,
          });
          expiresAt = (await deps.engine.status(credential.id)).status.expiresAt;
          if (expiresAt !== null && expiresAt - now() < minValidSeconds * 1000) {
            const seconds = Math.max(0, Math.floor((expiresAt - now()) / 1000));
            throw new BrokerError(
              'provider_error',
              `The provider issues "${credential.name}" tokens valid for only ${seconds} s; ask for less (--min-valid ${seconds}).`,
            );
          }
        }
        deps.ledger.remember(credential.id, token.accessToken);
        return {
          credential: { id: credential.id, name: credential.name },
          accessToken: token.accessToken,
          tokenType: token.tokenType,
          headerValue: token.headerValue,
          placement: placementOf(credential),
          expiresAt,
        };
      } catch (error) {
        if (
          signal?.aborted ||
          !isAppError(error) ||
          error.code !== 'needs_authorization' ||
          now() >= deadline
        )
          throw error;
        deps.signInNeeded({
          credentialId: credential.id,
          credentialName: credential.name,
          clientName: client.name,
          message: `${client.name} needs you to sign in to ${credential.name}.`,
        });
        if (!(await deps.waitForSignIn(credential.id, deadline - now(), signal))) {
          if (signal?.aborted) throw clientLeft();
          throw new BrokerError(
            'needs_sign_in',
            `"${credential.name}" needs you to sign in: click Authorize on it in OAuth Desk, then run this again.`,
          );
        }
      }
    }
  }

  async function call(
    credential: CredentialConfig,
    request: ApiCall,
    signal?: AbortSignal,
  ): Promise<BrokerCallView> {
    const requestId = randomUUID();
    // The runner's Cancel: it ends the wait for the token (never the token request) and the call.
    const cancel = () => deps.runner.cancel(requestId);
    signal?.addEventListener('abort', cancel, { once: true });
    const response = await deps.runner
      .send({
        requestId,
        method: request.method,
        url: request.url,
        query: [],
        headers: request.headers.map((h) => ({ ...h, enabled: true })),
        body:
          request.body === null
            ? { kind: 'none' }
            : { kind: 'raw', text: request.body, contentType: contentTypeOf(request.headers) },
        credentialId: credential.id,
        timeoutMs: request.timeoutMs,
      })
      .finally(() => signal?.removeEventListener('abort', cancel));
    // An API that echoes the Authorization header must not hand the token to the caller.
    const scrub = (value: string) => scrubTokens(value, deps.ledger.tokens(credential.id));
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers.map((h) => ({ name: h.name, value: scrub(h.value) })),
      body: scrub(response.body),
      bodyTruncated: response.bodyTruncated,
      url: response.url,
      retriedAfterRefresh: response.retriedAfterRefresh,
      notes: response.notes,
    };
  }

  /** The call's origin must be one of the credential's allowed API origins (empty: none). */
  function checkOrigin(credential: CredentialConfig, url: string): string {
    const origin = normalizeOrigin(url);
    if (!origin)
      throw new BrokerError('validation', `"${url.slice(0, 200)}" is not an http(s) URL.`);
    if (!deps.gate.policy(credential.id).allowedOrigins.includes(origin)) {
      throw new BrokerError(
        'origin_not_allowed',
        `"${credential.name}" may not be sent to ${origin}. Add ${origin} to its allowed API origins in OAuth Desk (Broker tab) if it should.`,
      );
    }
    return origin;
  }

  return {
    findCredential,
    audited,
    checkOrigin,
    call,
    async handle(
      request: BrokerRequest,
      client: BrokerClientInfo,
      signal?: AbortSignal,
    ): Promise<unknown> {
      switch (request.op) {
        case 'list':
          return audited(
            client,
            { credential: null, operation: 'status', origin: null },
            0,
            async () => (await deps.engine.list()).map(view),
          );
        case 'status': {
          const summary = await guardLookup(client, 'status', () =>
            findCredential(request.credential),
          );
          return audited(
            client,
            { credential: summary.config, operation: 'status', origin: null },
            0,
            async () => view(await deps.engine.status(summary.config.id)),
          );
        }
        case 'token': {
          const forOrigin = request.forOrigin === null ? null : normalizeOrigin(request.forOrigin);
          if (request.forOrigin !== null && !forOrigin)
            throw new BrokerError('validation', 'forOrigin must be an http(s) origin.');
          const summary = await guardLookup(client, 'token', () =>
            request.credential !== null
              ? findCredential(request.credential)
              : forOrigin
                ? credentialForOrigin(forOrigin)
                : Promise.reject(new BrokerError('validation', 'Name the credential.')),
          );
          const credential = summary.config;
          const forAgent = request.purpose === 'mcp';
          return audited(
            client,
            { credential, operation: forAgent ? 'get_token' : 'token', origin: forOrigin },
            request.waitMs,
            async () => {
              if (forAgent && !deps.gate.policy(credential.id).agentTokens) {
                throw new BrokerError(
                  'forbidden',
                  `"${credential.name}" does not give tokens to agents: use call_api, or allow agents to receive its token in OAuth Desk (Broker tab).`,
                );
              }
              if (!forAgent && !deps.gate.policy(credential.id).handOutTokens) {
                throw new BrokerError(
                  'forbidden',
                  `"${credential.name}" does not hand out raw tokens: allow it in OAuth Desk (Broker tab), or use \`oauth-desk curl\` / call_api.`,
                );
              }
              if (forOrigin) checkOrigin(credential, forOrigin);
              return liveToken(credential, client, request.minValidSeconds, request.waitMs, signal);
            },
            signal,
          );
        }
        case 'call': {
          const summary = await guardLookup(client, 'call', () =>
            findCredential(request.credential),
          );
          const credential = summary.config;
          const origin = normalizeOrigin(request.request.url);
          return audited(
            client,
            { credential, operation: 'call', origin },
            request.waitMs,
            async () => {
              checkOrigin(credential, request.request.url);
              return call(credential, request.request, signal);
            },
            signal,
          );
        }
        default:
          throw new BrokerError('validation', `The operation "${request.op}" is not handled here.`);
      }
    },
  };

  /** A lookup failure is audited too, without a credential. */
  async function guardLookup(
    client: BrokerClientInfo,
    operation: BrokerOperation,
    lookup: () => Promise<CredentialSummary>,
  ): Promise<CredentialSummary> {
    if (deps.gate.paused()) {
      // Still attributed to the credential, so that its audit shows the refused use.
      const credential = (await lookup().catch(() => null))?.config ?? null;
      record(client, { credential, operation, origin: null }, 'paused', 'paused');
      throw new BrokerError(
        'paused',
        'The OAuth Desk broker is paused. Resume it in the app (Broker tab) and try again.',
      );
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
}

export type BrokerService = ReturnType<typeof createBrokerService>;

function contentTypeOf(headers: ApiCall['headers']): string {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'application/json';
}
