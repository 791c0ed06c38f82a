// A caller's wait for a token it does not own. The token flight of a credential is shared (one
// request for many callers) and may rotate the refresh token (RFC 9700 §4.14.2: the old one dies
// when the provider answers), so one caller's timeout or Cancel must not abort it: the caller
// stops waiting, the flight goes on under the engine's own request timeout, and its result is
// stored for the next use.
import type { CredentialConfig } from '../../shared/credential';
import { displayUrlHost } from '../../shared/display-host';
import { AppError } from '../../shared/errors';

/** The abort reason of a caller whose own time ran out (the request tester's timeout). */
export class WaitTimeout extends Error {
  constructor(readonly afterMs: number) {
    super(`No answer within ${afterMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Resolves as `work` does, or rejects with `stopped(reason)` once `signal` aborts first. `work`
 * is left running; its outcome, when nobody waits any more, is dropped here (the flight records
 * its own failures).
 */
export function waitUnlessAborted<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  stopped: (reason: unknown) => Promise<Error>,
): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => void stopped(signal.reason).then(reject, reject);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** What the caller is told when it stops waiting: which endpoint was slow, and that nothing is lost. */
export function stoppedWaitingError(
  config: CredentialConfig | undefined,
  reason: unknown,
): AppError {
  const endpoint = tokenEndpointName(config);
  const kept = 'The token request goes on, and the token it brings is kept for the next use.';
  if (
    reason instanceof WaitTimeout ||
    (reason instanceof Error && reason.name === 'TimeoutError')
  ) {
    const within =
      reason instanceof WaitTimeout ? `within ${Math.round(reason.afterMs / 1000)} s` : 'in time';
    return new AppError({
      code: 'timeout',
      message: `${endpoint} did not answer ${within}. ${kept} Check the Token URL, or raise the timeout.`,
    });
  }
  return new AppError({
    code: 'request_cancelled',
    message: `Cancelled while waiting for ${lowerFirst(endpoint)}. ${kept}`,
  });
}

function tokenEndpointName(config: CredentialConfig | undefined): string {
  if (!config?.tokenUrl) return 'The token endpoint';
  try {
    return `The token endpoint ${displayUrlHost(new URL(config.tokenUrl))}`;
  } catch {
    return 'The token endpoint';
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
