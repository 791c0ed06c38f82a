// Runs the interactive step through the Authorizer port: open the page, wait for the redirect,
// and turn cancel and timeout into typed errors. Shared by the code and implicit grants.
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
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const failure = () =>
    options.signal.aborted ? errors.cancelled() : errors.authorizationTimeout(options.timeoutMs);
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
