// What the test OpenID Provider saw, and the outages a test can make it have: every request that
// reached it (method, path, status, grant type, client; never a parameter value), and requests
// that fail before they reach it, as if it were down.
import type { ServerResponse } from 'node:http';
import type { ProviderContext } from 'oidc-provider';

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** For token requests: the grant_type parameter. */
  grantType?: string;
  clientId?: string;
  at: number;
}

/** Requests to matching paths fail before they reach the provider, as if it were down. */
export interface Outage {
  /** Paths such as `/token/revocation`, or `all`. */
  paths: string[] | 'all';
  /** `reset` drops the connection; `http_503` answers with an HTML error page. */
  kind: 'reset' | 'http_503';
}

/** oidc-provider middleware: records each request once it is answered, whatever the outcome. */
export function recordRequests(requests: RecordedRequest[]) {
  return async (ctx: ProviderContext, next: () => Promise<void>): Promise<void> => {
    try {
      await next();
    } finally {
      const params = ctx.oidc?.params;
      const grantType = typeof params?.grant_type === 'string' ? params.grant_type : undefined;
      const clientId =
        ctx.oidc?.client?.clientId ??
        (typeof params?.client_id === 'string' ? params.client_id : undefined);
      requests.push({
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ...(grantType ? { grantType } : {}),
        ...(clientId ? { clientId } : {}),
        at: Date.now(),
      });
    }
  };
}

/** The POSTs to one endpoint, optionally only one grant type or client. */
export function postsTo(
  requests: readonly RecordedRequest[],
  path: string,
  filter: { grantType?: string; clientId?: string } = {},
): RecordedRequest[] {
  return requests.filter(
    (r) =>
      r.method === 'POST' &&
      r.path === path &&
      (filter.grantType === undefined || r.grantType === filter.grantType) &&
      (filter.clientId === undefined || r.clientId === filter.clientId),
  );
}

export function isOutage(outage: Outage | null, path: string): boolean {
  if (!outage) return false;
  return outage.paths === 'all' || outage.paths.includes(path);
}

export function failAsDown(outage: Outage, res: ServerResponse): void {
  if (outage.kind === 'reset') {
    res.socket?.destroy();
    return;
  }
  res.writeHead(503, { 'content-type': 'text/html' });
  res.end(
    '<html><body><h1>503 Service Unavailable</h1><p>The server is down for maintenance.</p></body></html>',
  );
}
