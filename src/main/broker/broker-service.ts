// What the broker does for a validated request: find the credential, pass the access gate, and
// either hand out a token (broker-token-path.ts) or make the API call with it
// (broker-call-path.ts), writing one audit entry for every use (broker-use.ts). Tokens go back
// only on `token`; a call's answer has every token it used cut out.
import type { BrokerClientInfo } from '../../shared/broker';
import type { CredentialSummary } from '../../shared/status';
import { BrokerError } from './broker-errors';
import type { BrokerCredentialView, BrokerRequest } from './broker-protocol';
import { createCallPath } from './broker-call-path';
import { createTokenPath } from './broker-token-path';
import { createBrokerUse, type BrokerServiceDeps } from './broker-use';
import { createCredentialLookup } from './credential-lookup';
import { brokerTarget, hasEnvironments } from './broker-environment';

export type { BrokerServiceDeps } from './broker-use';

export function createBrokerService(deps: BrokerServiceDeps) {
  const use = createBrokerUse(deps);
  const lookup = createCredentialLookup(deps);
  const tokens = createTokenPath(deps, use, lookup);
  const calls = createCallPath(deps, use, lookup);

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
      environment: hasEnvironments(summary.config) ? (summary.environment?.name ?? null) : null,
    };
  };

  return {
    findCredential: lookup.findCredential,
    audited: use.audited,
    checkOrigin: calls.checkOrigin,
    call: calls.call,
    async handle(
      request: BrokerRequest,
      client: BrokerClientInfo,
      signal?: AbortSignal,
    ): Promise<unknown> {
      switch (request.op) {
        case 'list':
          return use.audited(
            client,
            { credential: null, operation: 'status', origin: null },
            0,
            async () => (await deps.engine.list()).map(view),
          );
        case 'status': {
          const target = await use.guardLookup(client, 'status', async () =>
            brokerTarget(
              deps,
              await lookup.findCredential(request.credential),
              request.environment,
              request.account,
            ),
          );
          return use.audited(
            client,
            {
              credential: target.credential,
              operation: 'status',
              origin: null,
              environment: target.environment,
              account: target.account,
            },
            0,
            async () => view(await deps.engine.status(target.tokenId)),
          );
        }
        case 'token':
          return tokens.token(request, client, signal);
        case 'call':
          return calls.callApi(request, client, signal);
        default:
          throw new BrokerError('validation', `The operation "${request.op}" is not handled here.`);
      }
    },
  };
}

export type BrokerService = ReturnType<typeof createBrokerService>;
