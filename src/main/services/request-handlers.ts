// Handlers for the request tester and its history.
import { targetId } from '../../shared/environment';
import { isAppError } from '../../shared/errors';
import type { InvokeHandlers } from '../../shared/ipc-contract';
import type { OAuthEngine } from '../oauth/ports';
import { toCurl, type CurlAuth } from './curl';
import type { HistoryStore } from './history-store';
import { assertTokenTransportSafe, buildUrl } from './request-build';
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
    copyAsCurl: async ({ spec, includeToken }) => {
      let auth: CurlAuth = { kind: 'none' };
      if (spec.credentialId) {
        // The runner would refuse to send this token; a command carrying it must not exist either.
        if (includeToken) assertTokenTransportSafe(buildUrl(spec), 'curl');
        // The token of the environment the request names, else of the active one.
        const id = spec.environment
          ? targetId(spec.credentialId, spec.environment)
          : spec.credentialId;
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
