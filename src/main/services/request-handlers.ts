// Handlers for the request tester and its history.
import { callerTarget } from '../../shared/accounts';
import { isAppError } from '../../shared/errors';
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { OAuthEngine } from '../oauth/ports';
import { toCurl, type CurlAuth } from './curl';
import type { HistoryStore } from './history-store';
import { assertTokenTransportSafe, buildUrl, specVariableNames } from './request-build';
import { planVariables } from './request-environment';
import type { RequestRunner } from './request-runner';

export type RequestHandlerName =
  'sendRequest' | 'cancelRequest' | 'copyAsCurl' | 'listHistory' | 'clearHistory';

export interface RequestHandlerDeps {
  engine: Pick<OAuthEngine, 'get' | 'getAccessToken'>;
  runner: RequestRunner;
  history: HistoryStore;
}

export function createRequestHandlers(
  deps: RequestHandlerDeps,
): Pick<InvokeHandlers, RequestHandlerName> {
  const { engine, runner, history } = deps;
  return {
    sendRequest: async (spec) => {
      try {
        const response = await runner.send(spec);
        history.add(spec, { status: response.status, durationMs: response.durationMs });
        return response;
      } catch (error) {
        // A request that never left (a typo in the URL or body) is not worth remembering.
        if (!isAppError(error) || error.code !== 'validation')
          history.add(spec, { status: null, durationMs: null });
        throw error;
      }
    },
    cancelRequest: async ({ requestId }) => ({ cancelled: runner.cancel(requestId) }),
    copyAsCurl: async ({ spec: typed, includeToken }) => {
      // `{{name}}` is filled as the runner fills it; a name only the token response has needs
      // the (usually cached) token first.
      let spec = typed;
      if (specVariableNames(typed).length > 0) {
        const plan = await planVariables((id) => engine.get(id), typed);
        const token =
          !plan.knownUpFront && plan.tokenId ? await engine.getAccessToken(plan.tokenId) : null;
        spec = plan.resolve(token);
      }
      let auth: CurlAuth = { kind: 'none' };
      if (spec.credentialId) {
        // The runner would refuse to send this token; a command carrying it must not exist either.
        if (includeToken) assertTokenTransportSafe(buildUrl(spec), 'curl');
        // The token of the environment and account the request names, else the active
        // environment's default account.
        const id = callerTarget(spec.credentialId, spec.environment, spec.account);
        auth = includeToken
          ? { kind: 'token', placed: (await engine.getAccessToken(id)).placement }
          : { kind: 'placeholder', placement: (await engine.get(id)).config };
      }
      return { command: toCurl(spec, auth) };
    },
    listHistory: async () => history.list(),
    clearHistory: async () => ({ cleared: history.clear() }),
  };
}
