// Opens a flow around each thing the user (or a tester call) asks of the engine, so what the fetch
// port and the authorizer record lands in it, and notes what the app decided: a cached token
// used, a refresh forced by a 401. The engine itself is unchanged.
import { toErrorInfo } from '../../shared/errors';
import type { TimelineError, TimelineFlowKind } from '../../shared/timeline';
import type { OAuthEngine } from '../oauth/ports';
import { redact } from '../common/redact';
import type { RequestRunner } from '../services/request-runner';
import { currentFlow, runInFlow, type FlowScope } from './flow-context';
import type { FlowHandle, TimelineRecorder } from './recorder';
import { decide } from './recording-fetch';

const errorOf = (error: unknown): TimelineError => {
  const info = toErrorInfo(error);
  return { code: info.code, message: redact(info.message) };
};

/** Runs `fn` in a new flow, or in the current one when a flow is already running (nested calls). */
async function inFlow<T>(
  recorder: TimelineRecorder,
  start: {
    credentialId: string | null;
    kind: TimelineFlowKind;
    title: string;
    tokenReason: FlowScope['tokenReason'];
  },
  fn: (flow: FlowHandle) => Promise<T>,
  outcomeOf: (value: T) => TimelineError | null = () => null,
): Promise<T> {
  const flow = recorder.startFlow(start);
  try {
    const value = await runInFlow({ flow, tokenReason: start.tokenReason }, () => fn(flow));
    const failure = outcomeOf(value);
    flow.finish(failure ? 'failed' : 'ok', failure ?? undefined);
    return value;
  } catch (error) {
    flow.finish('failed', errorOf(error));
    throw error;
  }
}

export function recordEngine(engine: OAuthEngine, recorder: TimelineRecorder): OAuthEngine {
  return {
    ...engine,
    authorize: (id) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'sign_in', title: 'Sign-in', tokenReason: 'forced' },
        () => engine.authorize(id),
      ),
    addAccount: (id) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'sign_in', title: 'Add account', tokenReason: 'forced' },
        () => engine.addAccount(id),
      ),
    addPasswordAccount: (id, pair) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'sign_in', title: 'Add account', tokenReason: 'none' },
        () => engine.addPasswordAccount(id, pair),
      ),
    signOutAccount: (id) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'revoke', title: 'Sign out', tokenReason: 'none' },
        () => engine.signOutAccount(id),
        (outcome) =>
          outcome.providerError
            ? { code: outcome.providerError.code, message: redact(outcome.message) }
            : null,
      ),
    test: (id, options) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'test', title: 'Test', tokenReason: 'forced' },
        () => engine.test(id, options),
        (outcome) =>
          outcome.ok
            ? null
            : outcome.error
              ? { code: outcome.error.code, message: redact(outcome.error.message) }
              : { message: redact(outcome.message) },
      ),
    refresh: (id, options) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'refresh', title: 'Refresh now', tokenReason: 'forced' },
        () => engine.refresh(id, options),
      ),
    revoke: (id) =>
      inFlow(
        recorder,
        { credentialId: id, kind: 'revoke', title: 'Revoke', tokenReason: 'none' },
        () => engine.revoke(id),
        (outcome) =>
          outcome.providerError
            ? { code: outcome.providerError.code, message: redact(outcome.message) }
            : null,
      ),
    discover: (issuer, options) =>
      inFlow(
        recorder,
        {
          credentialId: null,
          kind: 'discovery',
          title: `Discover ${redact(issuer)}`,
          tokenReason: 'none',
        },
        () => engine.discover(issuer, options),
      ),
    async delete(id) {
      await engine.delete(id);
      // Delete clears every trace of the credential, the timeline's masked copies included.
      recorder.clear(id);
    },
    getAccessToken(id, options) {
      const forced = options?.forceRefresh === true;
      const scope = currentFlow();
      if (scope) {
        if (forced && scope.flow.kind === 'api_call') {
          decide(
            scope,
            'Retry after 401: the API refused the token, so it is refreshed once and the request sent again (RFC 6750 §3.1).',
          );
        }
        const before = scope.flow.stepCount();
        return runInFlow(
          { flow: scope.flow, tokenReason: forced ? 'forced' : 'auto' },
          async () => {
            const token = await engine.getAccessToken(id, options);
            if (!forced && scope.flow.stepCount() === before) decide(scope, CACHED);
            return token;
          },
        );
      }
      const start = forced
        ? {
            credentialId: id,
            kind: 'refresh' as const,
            title: 'Forced refresh',
            tokenReason: 'forced' as const,
          }
        : {
            credentialId: id,
            kind: 'cached' as const,
            title: 'Cached token used',
            tokenReason: 'auto' as const,
          };
      return inFlow(recorder, start, async (flow) => {
        const token = await engine.getAccessToken(id, options);
        if (flow.kind === 'cached' && flow.stepCount() === 0)
          decide({ flow, tokenReason: 'auto' }, CACHED);
        return token;
      });
    },
  };
}

const CACHED =
  'Cached token used: it is valid beyond the refresh margin, so no request went to the provider.';

/** Tester calls made with a credential become an `api_call` flow (its token lookup and retry inside). */
export function recordRunner(runner: RequestRunner, recorder: TimelineRecorder): RequestRunner {
  return {
    ...runner,
    send(spec) {
      if (!spec.credentialId) return runner.send(spec);
      return inFlow(
        recorder,
        {
          credentialId: spec.credentialId,
          kind: 'api_call',
          title: `API call: ${spec.method} ${titleUrl(spec.url)}`,
          tokenReason: 'none',
        },
        () => runner.send(spec),
        (response) =>
          response.status >= 400
            ? {
                message: `The API answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
              }
            : null,
      );
    },
  };
}

function titleUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.host}${url.pathname}`;
  } catch {
    return redact(raw).slice(0, 80);
  }
}
