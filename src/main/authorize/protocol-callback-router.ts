// The custom-scheme path for the system browser: the OS hands oauthdesk://callback?... to the
// running instance (`second-instance` argv on Windows and Linux, `open-url` on macOS), and this
// registry passes it to the flow that is waiting for it.
import type { Logger } from '../oauth/ports';
import { matchesRedirectUri } from '../oauth/redirect-match';
import { displayUrl } from './authorize-errors';

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

function stateOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Implicit responses put state in the fragment (RFC 6749 §4.2.2).
    return parsed.searchParams.get('state') ?? new URLSearchParams(parsed.hash.slice(1)).get('state');
  } catch {
    return null;
  }
}

export function createProtocolCallbackRouter(options: { logger?: Logger } = {}): ProtocolCallbackRouter {
  const pending = new Set<PendingFlow>();

  function route(url: string): boolean {
    const candidates = [...pending].filter((flow) => matchesRedirectUri(url, flow.redirectUri));
    const state = stateOf(url);
    // Several flows may share oauthdesk://callback: the state picks the one. A callback without
    // any state (some providers drop it from error responses) goes to a lone waiting flow, and the
    // engine reports the mismatch; a state nobody sent is someone else's URL and is ignored.
    const flow =
      state !== null
        ? candidates.find((c) => c.state === state)
        : candidates.length === 1
          ? candidates[0]
          : undefined;
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
