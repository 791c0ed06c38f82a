// Executes the request tester's requests in the main process (no CORS; the app's network stack,
// or node:http in Node). With a credential it attaches the managed token, and on a 401 refreshes once and
// retries. On a cached token the only work beyond plain fetch is building the URL and headers.
import { displayUrlHost } from '../../shared/display-host';
import { AppError, isAppError } from '../../shared/errors';
import type { RequestSpec, ResponseView } from '../../shared/requests';
import { WaitTimeout } from '../oauth/caller-wait';
import type { FetchLike, OAuthEngine } from '../oauth/ports';
import { describeNetworkError } from '../common/network-errors';
import { fetchFollowingRedirects } from './follow-redirects';
import { judgeChallenge, parseChallenges, type ChallengeVerdict } from './resource-challenge';
import { assertTokenTransportSafe, buildBody, buildHeaders, buildUrl } from './request-build';
import { planVariables } from './request-environment';
import type { RevealedToken } from '../../shared/status';
import { applyToken, schemeOf, withoutQueryToken, type OutgoingWithToken } from './request-token';
import { QUERY_TOKEN_WARNING, type PlacedToken } from '../../shared/token-placement';
import type { DPoPHandle } from 'oauth4webapi';
import { dpopFetch, type DpopNonceRefusal } from './dpop-fetch';
import { nodeHttpFetch } from './node-http-fetch';
import { honouringCredentialTls, withCredentialTls } from '../oauth/tls-transport';
import {
  DEFAULT_MAX_READ_BYTES,
  DEFAULT_MAX_SHOWN_BYTES,
  readCappedBody,
} from '../common/response-read';

export interface RequestRunnerOptions {
  /**
   * `getAccessToken`: the token comes from the engine's cache. `get`: the environment a request
   * names or uses, for its variables (request-environment.ts). `dpopHandle`: the credential's
   * DPoP key, for tokens bound to it (without it a DPoP-bound token cannot be sent).
   * `apiTransport`: the credential's client certificate and CA bundle (RFC 8705 §3).
   */
  engine: Pick<OAuthEngine, 'getAccessToken'> &
    Partial<Pick<OAuthEngine, 'dpopHandle' | 'get' | 'apiTransport'>>;
  fetch?: FetchLike;
  maxShownBytes?: number;
  maxReadBytes?: number;
}

export interface RequestRunner {
  send(spec: RequestSpec): Promise<ResponseView>;
  /** Aborts an in-flight request; false when none has that id. */
  cancel(requestId: string): boolean;
  /** Aborts everything (on shutdown). */
  cancelAll(): void;
}

export function createRequestRunner(options: RequestRunnerOptions): RequestRunner {
  // In Node the runner speaks node:http by default (node-http-fetch.ts says why); the app injects its own.
  // A credential's own TLS settings (client certificate, CA bundle) take undici with Node's TLS.
  const fetchImpl: FetchLike = options.fetch ?? honouringCredentialTls(nodeHttpFetch);
  const limits = {
    maxShownBytes: options.maxShownBytes ?? DEFAULT_MAX_SHOWN_BYTES,
    maxReadBytes: options.maxReadBytes ?? DEFAULT_MAX_READ_BYTES,
  };
  const inFlight = new Map<string, AbortController>();
  const getSummary = options.engine.get?.bind(options.engine);

  async function send(spec: RequestSpec): Promise<ResponseView> {
    const credentialId = spec.credentialId;
    const prepare = (resolved: RequestSpec) => {
      const built = buildUrl(resolved);
      const { body, contentType } = buildBody(resolved.body, resolved.method);
      const headers = buildHeaders(resolved.headers, contentType);
      if (credentialId) assertTokenTransportSafe(built);
      return { url: built, body, baseHeaders: headers };
    };
    const planned = planVariables(getSummary, spec);
    const plan = planned instanceof Promise ? await planned : planned;
    const tokenId = plan.tokenId;
    // Everything is checked before anything is sent when the names are known without the token.
    // Otherwise the token comes first: its provider fields ({{instance_url}}) build the URL.
    let prepared = plan.knownUpFront ? prepare(plan.resolve(null)) : null;

    if (inFlight.has(spec.requestId)) {
      throw new AppError({
        code: 'validation',
        message: 'A request with this id is already running.',
        fields: { requestId: 'already in use' },
      });
    }
    // One controller for both cancel and timeout: cheaper on the hot path than AbortSignal.any.
    // The same signal covers the wait for the token, so the timeout is the whole request's.
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new WaitTimeout(spec.timeoutMs));
    }, spec.timeoutMs);
    inFlight.set(spec.requestId, abort);
    const signal = abort.signal;
    const started = performance.now();
    const notes: string[] = [];
    // Which wait an abort cut short: the token endpoint's or the API's; the message names that one.
    let waitingFor: 'token' | 'api' = 'api';

    const fetchToken = async (id: string, forceRefresh: boolean): Promise<RevealedToken> => {
      waitingFor = 'token';
      const token = await options.engine.getAccessToken(id, { forceRefresh, signal });
      waitingFor = 'api';
      return token;
    };
    const ready = (token: RevealedToken | null) => (prepared ??= prepare(plan.resolve(token)));
    const dpopState: DpopNonceRefusal = { refusedAgain: false };
    const withToken = async (id: string, forceRefresh: boolean): Promise<DpopOutgoing> => {
      const token = await fetchToken(id, forceRefresh);
      const { url, baseHeaders } = ready(token);
      const out = applyToken(url, baseHeaders, token.placement);
      // RFC 8705 §3: a certificate-bound token is only good with the client's certificate.
      const tls = await options.engine.apiTransport?.(id);
      const transport = tls ? withCredentialTls(tls, fetchImpl) : fetchImpl;
      if (out.token?.in !== 'header' || !out.token.dpop)
        return transport === fetchImpl ? out : { ...out, fetch: transport };
      const dpop = await dpopHandleOf(options.engine, id);
      return { ...out, fetch: dpopFetch(transport, dpop, token.accessToken, dpopState) };
    };
    const sendWith = (out: DpopOutgoing) =>
      fetchFollowingRedirects(
        out.fetch ?? fetchImpl,
        {
          method: spec.method,
          url: out.url,
          headers: out.headers,
          body: ready(null).body,
          token: out.token,
        },
        signal,
      );

    try {
      const first = tokenId
        ? await withToken(tokenId, false)
        : { url: ready(null).url, headers: ready(null).baseHeaders, replaced: false };
      if (first.replaced && first.token) {
        notes.push(
          first.token.in === 'header'
            ? `The ${first.token.name} header from the table was replaced by the credential's token.`
            : `The ${first.token.name} query parameter was replaced by the credential's token.`,
        );
      }
      if (first.token?.in === 'query') notes.push(QUERY_TOKEN_WARNING);
      let sentToken = first.token;
      let result = await sendWith(first);
      let retriedAfterRefresh = false;
      // RFC 6750 §3: what the API's challenge says decides whether a new token can help. A 401
      // from an origin the token was not sent to (after a redirect) says nothing about it.
      const verdict =
        credentialId &&
        result.sentAuthorization &&
        isChallenge(result.response.status) &&
        (await challengeVerdict(result.response, sentToken));
      if (verdict && verdict.kind === 'explain') notes.push(verdict.note);
      if (verdict && verdict.kind === 'refresh_and_retry' && tokenId) {
        // One forced refresh and one retry; when the refresh itself fails, the first 401 is shown.
        const refreshed = await withToken(tokenId, true).catch((error: unknown) => {
          if (!isAppError(error) || signal.aborted) throw error;
          notes.push(`Got 401, and refreshing the token failed: ${error.message}`);
          return null;
        });
        if (refreshed) {
          await result.response.body?.cancel().catch(() => undefined);
          result = await sendWith(refreshed);
          sentToken = refreshed.token;
          retriedAfterRefresh = true;
          notes.push(
            verdict.reason === 'invalid_token'
              ? 'Got 401 invalid_token: refreshed the token and retried once.'
              : 'Got 401: refreshed the token and retried once.',
          );
        }
      }
      if (dpopState.refusedAgain) notes.push(DPOP_NONCE_REFUSED_NOTE);
      notes.push(...result.notes);
      const read = await readCappedBody(result.response, limits);
      if (read.stoppedEarly)
        notes.push(
          `The response is larger than ${formatMb(limits.maxReadBytes)}: stopped reading it.`,
        );
      else if (read.truncated)
        notes.push(`Showing the first ${formatMb(limits.maxShownBytes)} of the response.`);
      const headers: ResponseView['headers'] = [];
      result.response.headers.forEach((value, name) => headers.push({ name, value }));
      return {
        status: result.response.status,
        statusText: result.response.statusText,
        headers,
        body: read.text,
        bodyTruncated: read.truncated,
        sizeBytes: read.sizeBytes,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        url: withoutQueryToken(result.finalUrl, sentToken),
        retriedAfterRefresh,
        notes,
      };
    } catch (error) {
      throw toRequestError(error, {
        url: prepared?.url ?? null,
        cancelled: signal.aborted && !timedOut,
        timedOut,
        timeoutMs: spec.timeoutMs,
        waitingFor,
      });
    } finally {
      clearTimeout(timer);
      inFlight.delete(spec.requestId);
    }
  }

  return {
    send,
    cancel(requestId) {
      const controller = inFlight.get(requestId);
      if (!controller) return false;
      controller.abort();
      return true;
    },
    cancelAll() {
      for (const controller of inFlight.values()) controller.abort();
    },
  };
}

/**
 * An outgoing request whose token is DPoP-bound carries the fetch that adds its proofs; one whose
 * credential has TLS settings of its own carries the fetch that presents them.
 */
type DpopOutgoing = OutgoingWithToken & { fetch?: FetchLike };

async function dpopHandleOf(
  engine: RequestRunnerOptions['engine'],
  id: string,
): Promise<DPoPHandle> {
  if (!engine.dpopHandle) {
    throw new AppError({
      code: 'request_failed',
      message:
        'The token is bound to a DPoP key (RFC 9449) and this caller cannot sign DPoP proofs. Send the request from the request tester, or turn DPoP off for the credential.',
    });
  }
  return engine.dpopHandle(id);
}

/** RFC 9449 §9: the nonce retry happened and the API still said use_dpop_nonce. */
export const DPOP_NONCE_REFUSED_NOTE =
  'The API asked for a DPoP nonce (use_dpop_nonce, RFC 9449 §9), and refused the retry that carried the nonce it sent. The server keeps rejecting its own nonces: check that it issues one nonce per client and keeps it valid for more than one request, and that the machine clocks agree.';

/** RFC 6750 §3.1: the statuses a resource server answers a token it does not accept with. */
const isChallenge = (status: number) => status === 401 || status === 403;

/** The verdict on a 401 or 403 answered to our token (any other status is not awaited at all). */
async function challengeVerdict(
  response: Response,
  token: PlacedToken | undefined,
): Promise<ChallengeVerdict> {
  const challenges = await parseChallenges(response.headers.get('www-authenticate'));
  return judgeChallenge(response.status, challenges, schemeOf(token));
}

function toRequestError(
  error: unknown,
  context: {
    /** Null when the request failed before its URL was built (while resolving variables). */
    url: URL | null;
    cancelled: boolean;
    timedOut: boolean;
    timeoutMs: number;
    waitingFor: 'token' | 'api';
  },
): AppError {
  // Cut short while waiting for the token: the engine's message names the token endpoint.
  const tokenWait =
    context.waitingFor === 'token' &&
    isAppError(error) &&
    (error.code === 'timeout' || error.code === 'request_cancelled');
  if ((context.cancelled || context.timedOut) && tokenWait) return error;
  if (context.cancelled)
    return new AppError({ code: 'request_cancelled', message: 'The request was cancelled.' });
  if (context.timedOut) {
    return new AppError({
      code: 'timeout',
      message: `${context.url ? displayUrlHost(context.url) : 'The API'} did not answer within ${Math.round(context.timeoutMs / 1000)} s. Check the URL, or raise the timeout.`,
    });
  }
  if (isAppError(error)) return error;
  const reason = describeNetworkError(error);
  return new AppError(
    {
      code: 'request_failed',
      message: `Could not reach ${context.url ? displayUrlHost(context.url) : 'the API'}: ${reason}.`,
    },
    { cause: error },
  );
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
