// The broker's token path: a client asks for a credential's access token (the CLI's `token`, an
// agent's get_token). The credential's policy must hand tokens out, and the token given back stays
// valid for at least the asked minimum, waiting for an interactive sign-in when one is needed.
import { normalizeOrigin, type BrokerClientInfo, type BrokerOperation } from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import { isAppError } from '../../shared/errors';
import { placeToken } from '../../shared/token-placement';
import { BrokerError, clientLeft } from './broker-errors';
import type { BrokerRequest, BrokerTokenView } from './broker-protocol';
import type { BrokerServiceDeps, BrokerUse } from './broker-use';
import { checkOriginAllowed } from './allowed-origin';
import type { CredentialLookup } from './credential-lookup';
import { brokerTarget, type BrokerTarget } from './broker-environment';

type TokenRequest = Extract<BrokerRequest, { op: 'token' }>;

export function createTokenPath(deps: BrokerServiceDeps, use: BrokerUse, lookup: CredentialLookup) {
  const now = deps.now ?? Date.now;

  /** Only where the token goes and under which name: the value is the engine's headerValue. */
  const placementOf = (credential: CredentialConfig): BrokerTokenView['placement'] => {
    const placed = placeToken(credential, '');
    return { in: placed.in, name: placed.name };
  };

  /** A token valid for at least `minValidSeconds`, waiting for an interactive sign-in when one is needed. */
  async function liveToken(
    { credential, environment, tokenId }: BrokerTarget,
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
        let token = await deps.engine.getAccessToken(tokenId, waitOptions);
        let expiresAt = (await deps.engine.status(tokenId)).status.expiresAt;
        if (expiresAt !== null && expiresAt - now() < minValidSeconds * 1000) {
          // Renew early rather than hand out a token that dies while the caller uses it.
          token = await deps.engine.getAccessToken(tokenId, {
            forceRefresh: true,
            ...waitOptions,
          });
          expiresAt = (await deps.engine.status(tokenId)).status.expiresAt;
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
          environment: environment
            ? { id: environment.id, name: environment.name, production: environment.production }
            : null,
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

  /** The credential's policy decides whether this client may hold the token itself. */
  function checkHandsOut(credential: CredentialConfig, forAgent: boolean) {
    const policy = deps.gate.policy(credential.id);
    if (forAgent && !policy.agentTokens) {
      throw new BrokerError(
        'forbidden',
        `"${credential.name}" does not give tokens to agents: use call_api, or allow agents to receive its token in OAuth Desk (Broker tab).`,
      );
    }
    if (!forAgent && !policy.handOutTokens) {
      throw new BrokerError(
        'forbidden',
        `"${credential.name}" does not hand out raw tokens: allow it in OAuth Desk (Broker tab), or use \`oauth-desk curl\` / call_api.`,
      );
    }
  }

  /** The one place a token value leaves the app through the broker. */
  async function token(
    request: TokenRequest,
    client: BrokerClientInfo,
    signal?: AbortSignal,
  ): Promise<BrokerTokenView> {
    const forOrigin = request.forOrigin === null ? null : normalizeOrigin(request.forOrigin);
    if (request.forOrigin !== null && !forOrigin)
      throw new BrokerError('validation', 'forOrigin must be an http(s) origin.');
    const target = await use.guardLookup(client, 'token', async () =>
      brokerTarget(
        deps,
        request.credential !== null
          ? await lookup.findCredential(request.credential)
          : forOrigin
            ? await lookup.credentialForOrigin(forOrigin)
            : await Promise.reject(new BrokerError('validation', 'Name the credential.')),
        request.environment,
        request.account,
      ),
    );
    const credential = target.credential;
    const forAgent = request.purpose === 'mcp';
    const operation: BrokerOperation = forAgent ? 'get_token' : 'token';
    return use.audited(
      client,
      {
        credential,
        operation,
        origin: forOrigin,
        environment: target.environment,
        account: target.account,
      },
      request.waitMs,
      async () => {
        checkHandsOut(credential, forAgent);
        if (forOrigin) checkOriginAllowed(deps, credential, forOrigin);
        return liveToken(target, client, request.minValidSeconds, request.waitMs, signal);
      },
      signal,
    );
  }

  return { token };
}
