// The broker's call path: a client asks the app to make an API call with a credential (the CLI's
// `curl`, an agent's call_api, a saved tool). The call goes through the request runner (401
// refresh-and-retry included) and its answer has every token it used cut out, so the token never
// reaches the client.
import { randomUUID } from 'node:crypto';
import { normalizeOrigin, type BrokerClientInfo } from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import { checkOriginAllowed } from './allowed-origin';
import type { ApiCall, BrokerCallView, BrokerRequest } from './broker-protocol';
import type { BrokerServiceDeps, BrokerUse } from './broker-use';
import type { CredentialLookup } from './credential-lookup';
import { brokerTarget } from './broker-environment';
import { scrubTokens } from './token-ledger';

type CallRequest = Extract<BrokerRequest, { op: 'call' }>;

export function createCallPath(deps: BrokerServiceDeps, use: BrokerUse, lookup: CredentialLookup) {
  async function call(
    credential: CredentialConfig,
    request: ApiCall,
    signal?: AbortSignal,
    /** The environment's id; unset: the app's active one. */
    environment?: string,
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
        ...(environment ? { environment } : {}),
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
  const checkOrigin = (credential: CredentialConfig, url: string) =>
    checkOriginAllowed(deps, credential, url);

  async function callApi(
    request: CallRequest,
    client: BrokerClientInfo,
    signal?: AbortSignal,
  ): Promise<BrokerCallView> {
    const target = await use.guardLookup(client, 'call', async () =>
      brokerTarget(
        deps,
        await lookup.findCredential(request.credential),
        request.environment,
        request.account,
      ),
    );
    const { credential, environment, account } = target;
    const origin = normalizeOrigin(request.request.url);
    return use.audited(
      client,
      { credential, operation: 'call', origin, environment, account },
      request.waitMs,
      async () => {
        checkOrigin(credential, request.request.url);
        return call(credential, request.request, signal, environment?.id);
      },
      signal,
    );
  }

  return { call, checkOrigin, callApi };
}

function contentTypeOf(headers: ApiCall['headers']): string {
  return headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'application/json';
}
