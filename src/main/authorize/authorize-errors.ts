// The errors every authorizer reports the same way, so the user reads one wording whichever
// window or browser the sign-in page opened in.
import { AppError } from '../../shared/errors';

export const DEFAULT_AUTHORIZATION_TIMEOUT_MS = 5 * 60_000;

export function cancelledError(): AppError {
  return new AppError({
    code: 'authorization_cancelled',
    message: 'You closed the sign-in window before finishing. Click Authorize to try again.',
  });
}

export function abortedError(reason: unknown): AppError {
  // The engine aborts with its own AppError when it knows better (e.g. the credential was deleted).
  if (reason instanceof AppError) return reason;
  return new AppError({
    code: 'authorization_cancelled',
    message: 'Sign-in was cancelled before it finished. Click Authorize to try again.',
  });
}

export function timeoutError(timeoutMs: number): AppError {
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  return new AppError({
    code: 'authorization_timeout',
    message: `Sign-in did not finish within ${minutes} minute${minutes === 1 ? '' : 's'}. Click Authorize to try again.`,
  });
}

/** URLs in authorization messages are shown as everywhere else: scheme, host and path only. */
export { displayUrl } from '../common/display-url';

/**
 * Waits for `settle` to be called, or fails on timeout or abort. The shared skeleton of every
 * authorizer: one outcome, timers and listeners released whichever way it ends.
 */
export function waitForOutcome(
  options: { timeoutMs: number; signal: AbortSignal; onFinish: () => void },
  start: (settle: { resolve(url: string): void; reject(error: unknown): void }) => void,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (action: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      options.onFinish();
      action();
    };
    const onAbort = () => finish(() => reject(abortedError(options.signal.reason)));
    const timer = setTimeout(
      () => finish(() => reject(timeoutError(options.timeoutMs))),
      options.timeoutMs,
    );
    timer.unref?.();
    if (options.signal.aborted) {
      onAbort();
      return;
    }
    options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      start({
        resolve: (url) => finish(() => resolve(url)),
        reject: (error) => finish(() => reject(error)),
      });
    } catch (error) {
      finish(() => reject(error));
    }
  });
}
