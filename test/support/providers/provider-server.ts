// Shared pieces of the hand-written provider servers: a real HTTP server on 127.0.0.1 (port 0), a
// login page played by an Authorizer (the browser part of a sign-in), and preset fields pointed at
// the local server. Each provider module reproduces one provider's documented behaviour.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { findPreset } from '../../../src/main/oauth/presets';
import type { Authorizer } from '../../../src/main/oauth/ports';
import {
  credentialFieldsSchema,
  type CredentialFields,
  type CredentialFieldsInput,
  type GrantType,
} from '../../../src/shared/credential';
import {
  applyPreset,
  presetGrants,
} from '../../../src/renderer/src/features/credential-form/apply-source';
import {
  emptyValues,
  toInput,
} from '../../../src/renderer/src/features/credential-form/form-model';

export interface ProviderRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Form body; holds secrets: never print it. */
  form: URLSearchParams;
}

export type ProviderHandler = (
  request: ProviderRequest,
  res: ServerResponse,
) => void | Promise<void>;

export interface ProviderServer {
  url: string;
  readonly requests: ProviderRequest[];
  close(): Promise<void>;
}

export async function startProviderServer(handler: ProviderHandler): Promise<ProviderServer> {
  const requests: ProviderRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: ProviderRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      };
      requests.push(request);
      Promise.resolve(handler(request, res)).catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}

export const mint = (prefix: string): string => `${prefix}${randomBytes(15).toString('hex')}`;

/** Client id and secret from a Basic header (RFC 6749 §2.3.1, form-decoded) or from the body. */
export function clientOf(request: ProviderRequest): { id: string; secret: string | null } {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const formDecode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
    return {
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  }
  return { id: request.form.get('client_id') ?? '', secret: request.form.get('client_secret') };
}

/**
 * The browser part of a sign-in: the provider's login page gets the authorization URL and
 * answers with the URL it redirects to. The session sends the configured redirect URI, as the
 * embedded window does.
 */
export function loginPageAuthorizer(
  login: (authorizationUrl: URL) => string,
): Authorizer & { urls: URL[] } {
  const urls: URL[] = [];
  return {
    urls,
    async begin({ config }) {
      return {
        redirectUri: config.redirectUri,
        waitForCallback: async (url: string) => {
          const parsed = new URL(url);
          urls.push(parsed);
          return login(parsed);
        },
        close() {},
      };
    },
  };
}

/**
 * A preset's fields exactly as the form fills them (the renderer's own applyPreset and toInput),
 * with every endpoint moved to the local server (same path and query), so the test runs the
 * preset as shipped against the provider's behaviour.
 */
export function presetFields(
  presetId: string,
  serverUrl: string,
  overrides: Partial<CredentialFieldsInput> & { grantType?: GrantType } = {},
): CredentialFields {
  const preset = findPreset(presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  const local = (url: unknown) => {
    if (typeof url !== 'string' || !url) return undefined;
    const u = new URL(url);
    // An issuer without a path stays without one: RFC 9207 compares iss as an exact string.
    if (u.pathname === '/' && !url.endsWith('/')) return serverUrl;
    return `${serverUrl}${u.pathname}${u.search}`;
  };
  const filled = applyPreset(
    { ...emptyValues(), grantType: overrides.grantType ?? presetGrants(preset)[0]! },
    preset,
  );
  const noSecrets = {
    clientSecret: { stored: false, clear: false },
    password: { stored: false, clear: false },
  };
  const { fields } = toInput(
    { ...filled, name: `${preset.label} ${randomBytes(3).toString('hex')}` },
    noSecrets,
  );
  return credentialFieldsSchema.parse({
    ...fields,
    clientId: 'client-id-unset',
    authorizationUrl: local(fields.authorizationUrl),
    tokenUrl: local(fields.tokenUrl),
    deviceAuthorizationUrl: local(fields.deviceAuthorizationUrl),
    revocationUrl: local(fields.revocationUrl),
    issuer: local(fields.issuer),
    ...overrides,
  });
}
