// The custom-scheme path for the system browser: the OS hands oauthdesk://callback?... to the
// running instance (`second-instance` argv on Windows and Linux, `open-url` on macOS), and this
// registry passes it to the flow that is waiting for it.
import type { Logger } from '../oauth/ports';
import { matchesRedirectUri } from '../oauth/redirect-match';
import { displayUrl } from './authorize-errors';
import { carriesState, responseParams } from './callback-state';

export const APP_PROTOCOL_SCHEME = 'oauthdesk';

interface PendingFlow {
  redirectUri: string;
  /** The `state` sent in the authorization request, when there was one. */
  state: string | null;
  deliver(url: string): void;
}

export interface ProtocolCallbackRouter {
  /** Registers a waiting flow; returns the function that removes it. */
  register(flow: PendingFlow): () => void;
  /** Routes one URL; false (and a log line) when no flow waits for it. */
  route(url: string): boolean;
  /** Routes every URL of our scheme found in a second instance's command line. */
  routeArgv(argv: readonly string[]): boolean;
  pendingCount(): number;
}

/** The arguments of a command line that are URLs of our scheme. */
export function findProtocolUrls(argv: readonly string[], scheme = APP_PROTOCOL_SCHEME): string[] {
  const prefix = `${scheme.toLowerCase()}:`;
  return argv.filter((arg) => arg.toLowerCase().startsWith(prefix));
}

export function createProtocolCallbackRouter(
  options: { logger?: Logger } = {},
): ProtocolCallbackRouter {
  const pending = new Set<PendingFlow>();

  function route(url: string): boolean {
    const candidates = [...pending].filter((flow) => matchesRedirectUri(url, flow.redirectUri));
    const params = responseParams(url);
    // Several flows may share oauthdesk://callback: the state picks the one. A callback without
    // our state (forged, replayed, or from a provider that drops it) is not delivered at all, so
    // a link opened by any page cannot end a sign-in in progress. A flow that sent no state takes
    // what is left, and the engine reports the mismatch.
    const flow =
      candidates.find((c) => c.state !== null && carriesState(params, c.state)) ??
      candidates.find((c) => c.state === null);
    if (!flow) {
      options.logger?.info('Ignored a protocol URL: no sign-in is waiting for it', {
        url: displayUrl(url),
        waiting: pending.size,
      });
      return false;
    }
    pending.delete(flow);
    flow.deliver(url);
    return true;
  }

  return {
    register(flow) {
      const entry = { ...flow };
      pending.add(entry);
      return () => {
        pending.delete(entry);
      };
    },
    route,
    routeArgv(argv) {
      let routed = false;
      for (const url of findProtocolUrls(argv)) routed = route(url) || routed;
      return routed;
    },
    pendingCount: () => pending.size,
  };
}
