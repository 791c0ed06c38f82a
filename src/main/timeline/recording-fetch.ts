// The fetch port, recorded: every request made inside a flow (token, refresh, revocation, device,
// discovery, introspection and tester calls) becomes a masked step. The caller gets the response
// untouched; the timeline reads a clone, capped, beside it.
import type { FetchLike } from '../oauth/ports';
import { readCappedBody } from '../common/response-read';
import { currentFlow, type FlowScope } from './flow-context';
import {
  MAX_KEPT_BODY_BYTES,
  classifyExchange,
  explainStatus,
  maskRequest,
  maskResponse,
  parseFields,
  readRequest,
  type RawRequest,
} from './exchange';

export function createRecordingFetch(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const scope = currentFlow();
    if (!scope) return inner(input, init);
    const raw = readRequest(input, init);
    const { kind, title } = classifyExchange(raw, scope.flow.kind, scope.tokenReason === 'none');
    noteDecisionsBefore(scope, kind);
    const step = scope.flow.addStep({ kind, title, request: maskRequest(raw, scope.flow.keeper) });
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      step.finish({ outcome: 'failed', error: { message: describeFailure(error) } });
      throw error;
    }
    void recordResponse(scope, step, kind, raw, response.clone());
    return response;
  };
}

async function recordResponse(
  scope: FlowScope,
  step: ReturnType<FlowScope['flow']['addStep']>,
  kind: ReturnType<typeof classifyExchange>['kind'],
  raw: RawRequest,
  clone: Response,
): Promise<void> {
  try {
    const read = await readCappedBody(clone, {
      maxShownBytes: MAX_KEPT_BODY_BYTES,
      maxReadBytes: MAX_KEPT_BODY_BYTES + 1,
    });
    const fields = parseFields(read.text);
    const verdict = explainStatus(kind, clone.status, fields);
    step.finish({
      outcome: verdict.failed ? 'failed' : 'ok',
      response: maskResponse(clone, read, scope.flow.keeper),
      ...(verdict.message
        ? verdict.failed
          ? { error: { message: verdict.message } }
          : { detail: verdict.message }
        : {}),
    });
    if (kind === 'refresh' && clone.ok && fields) noteRotation(scope, raw, fields);
  } catch (error) {
    // The caller cancelled the body (a 401 before a retry) or the connection dropped mid-body.
    step.finish({
      outcome: clone.ok ? 'ok' : 'failed',
      detail: `The response body could not be read: ${describeFailure(error)}`,
    });
  }
}

function noteDecisionsBefore(
  scope: FlowScope,
  kind: ReturnType<typeof classifyExchange>['kind'],
): void {
  if (scope.tokenReason !== 'auto') return;
  const cached = scope.flow.kind === 'cached';
  if (kind === 'refresh') {
    if (cached) scope.flow.retitle('refresh', 'Automatic refresh');
    decide(
      scope,
      'Refresh: the cached token has expired or is inside the refresh margin, so it is renewed with the refresh token before use.',
    );
  } else if (kind === 'token_request') {
    if (cached) scope.flow.retitle('token', 'New token');
    decide(scope, 'New token: there is no usable cached token, so the grant runs again.');
  }
}

function noteRotation(scope: FlowScope, raw: RawRequest, fields: Record<string, unknown>): void {
  const sent = raw.form?.get('refresh_token');
  const received = typeof fields.refresh_token === 'string' ? fields.refresh_token : null;
  if (received && received !== sent) {
    decide(
      scope,
      'Rotation: the provider issued a new refresh token; it replaces the old one in the vault (RFC 6749 §6).',
    );
  } else {
    decide(
      scope,
      'No rotation: the provider sent no new refresh token, so the stored one is kept.',
    );
  }
}

export function decide(scope: FlowScope, detail: string): void {
  const step = scope.flow.addStep({
    kind: 'decision',
    title: detail.split(':')[0] ?? 'Decision',
    detail,
    durationMs: 0,
    outcome: 'ok',
  });
  step.finish({});
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'AbortError' || error.name === 'TimeoutError')
      return 'The request was cancelled or timed out before an answer came.';
    const cause =
      error.cause instanceof Error && 'code' in error.cause
        ? String((error.cause as { code: unknown }).code)
        : '';
    return cause
      ? `Network error ${cause}: no answer was received.`
      : 'Network error: no answer was received.';
  }
  return 'Network error: no answer was received.';
}
