// The errors every authorizer reports the same way, so the user reads one wording whichever
// window or browser the sign-in page opened in. The wording is the engine's (oauth/errors.ts), and
// the engine's authorization timer is the only one: an authorizer ends when its signal aborts.
import { AppError } from '../../shared/errors';
import { errors } from '../oauth/errors';

/**
 * The engine aborts the signal with the error to report (cancelled, timed out, credential
 * deleted); anything else aborting it reads as a cancel, in the engine's one wording.
 */
export function abortedError(reason: unknown): AppError {
  return reason instanceof AppError ? reason : errors.cancelled();
}

/** The user closed the sign-in window or tab: a cancel, worded as every cancel is. */
export function cancelledError(): AppError {
  return errors.cancelled();
}

/** URLs in authorization messages are shown as everywhere else: scheme, host and path only. */
export { displayUrl } from '../common/display-url';

/**
 * Waits for `settle` to be called, or fails when the signal aborts (cancel or the engine's
 * timeout). The shared skeleton of every authorizer: one outcome, listeners released whichever
 * way it ends.
 */
export function waitForOutcome(
  options: { signal: AbortSignal; onFinish: () => void },
  start: (settle: { resolve(url: string): void; reject(error: unknown): void }) => void,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let done = false;
    const finish = (action: () => void) => {
      if (done) return;
      done = true;
      options.signal.removeEventListener('abort', onAbort);
      options.onFinish();
      action();
    };
    const onAbort = () => finish(() => reject(abortedError(options.signal.reason)));
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
