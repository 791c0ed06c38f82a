// Runs the interactive step through the Authorizer port: open the page, wait for the redirect,
// and turn cancel and timeout into typed errors. Shared by the code and implicit grants. This is
// the only authorization timer: authorizers keep none, they end when the signal they are given
// aborts, and its reason is the error to report.
import { AppError } from '../../shared/errors';
import type { CredentialConfig } from '../../shared/credential';
import { errors } from './errors';
import type { Authorizer } from './ports';

export const DEFAULT_AUTHORIZATION_TIMEOUT_MS = 5 * 60_000;

export interface InteractiveOptions {
  authorizer: Authorizer;
  credentialId: string;
  config: CredentialConfig;
  /** Aborted when the user cancels. */
  signal: AbortSignal;
  timeoutMs: number;
}

/**
 * Begins a session, builds the authorization URL for its redirect URI, and resolves with the
 * callback URL and the redirect URI used. The session is always closed.
 */
export async function runAuthorizationSession(
  options: InteractiveOptions,
  buildUrl: (redirectUri: string) => Promise<string> | string,
): Promise<{ callbackUrl: string; redirectUri: string }> {
  const ending = endsOnCancelOrTimeout(options.signal, options.timeoutMs);
  const { signal } = ending;
  const failure = (): unknown => signal.reason;
  try {
    return await runSession(options, buildUrl, signal, failure);
  } finally {
    ending.release();
  }
}

/** A signal that aborts with errors.cancelled() when `cancel` aborts, or with the timeout error. */
function endsOnCancelOrTimeout(
  cancel: AbortSignal,
  timeoutMs: number,
): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onCancel = () => controller.abort(errors.cancelled());
  const timer = setTimeout(
    () => controller.abort(errors.authorizationTimeout(timeoutMs)),
    timeoutMs,
  );
  timer.unref?.();
  if (cancel.aborted) onCancel();
  else cancel.addEventListener('abort', onCancel, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      cancel.removeEventListener('abort', onCancel);
    },
  };
}

async function runSession(
  options: InteractiveOptions,
  buildUrl: (redirectUri: string) => Promise<string> | string,
  signal: AbortSignal,
  failure: () => unknown,
): Promise<{ callbackUrl: string; redirectUri: string }> {
  if (signal.aborted) throw failure();
  const session = await options.authorizer.begin({
    credentialId: options.credentialId,
    config: options.config,
  });
  try {
    const url = await buildUrl(session.redirectUri);
    // The authorizer should honour the signal; racing it as well means a misbehaving one cannot hang us.
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(failure());
      signal.addEventListener('abort', () => reject(failure()), { once: true });
    });
    try {
      const callbackUrl = await Promise.race([session.waitForCallback(url, signal), aborted]);
      return { callbackUrl, redirectUri: session.redirectUri };
    } catch (error) {
      if (signal.aborted) throw failure();
      if (error instanceof AppError) throw error;
      throw errors.cancelled();
    } finally {
      aborted.catch(() => undefined);
    }
  } finally {
    session.close();
  }
}
