// The transport of a credential with its own TLS settings: a client certificate (RFC 8705 §2) or
// a CA bundle for a private server. Chromium's network stack (the app's default transport) can
// take neither from a file, so such a credential's calls go through undici with Node's TLS options
// (`connect`: cert/key or pfx, passphrase, ca). The settings ride on the request's init under a
// symbol, through every fetch wrapper (timeline recording, known-secret masking, test
// recorders), down to the transport at the bottom (`honouringCredentialTls`), which alone decides
// how the connection is made.
import { createHash, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { pemCertificates } from '../../shared/client-certificate';
import { errors } from './errors';
import type { CredentialTls } from './credential-tls';
import type { FetchLike } from './ports';

export type { CredentialTls } from './credential-tls';

/** Agents by what they were built from, so that each credential reuses its connections. */
const MAX_AGENTS = 16;
const agents = new Map<string, Agent>();

function fingerprint(tls: CredentialTls): string {
  const hash = createHash('sha256');
  const cert = tls.clientCertificate;
  for (const part of [
    cert?.pfx,
    cert?.cert,
    cert?.key,
    cert?.passphrase,
    tls.caBundle,
  ] as unknown[]) {
    hash.update(part === undefined ? '\u0000' : Buffer.isBuffer(part) ? part : String(part));
    hash.update('\u0001');
  }
  return hash.digest('base64url');
}

function agentFor(tls: CredentialTls): Agent {
  const key = fingerprint(tls);
  const known = agents.get(key);
  if (known) return known;
  const agent = new Agent({
    connect: {
      ...tls.clientCertificate,
      // A CA bundle adds to the system's roots: the credential's API may well be public.
      ...(tls.caBundle ? { ca: [...rootCertificates, ...pemCertificates(tls.caBundle)] } : {}),
    },
  });
  if (agents.size >= MAX_AGENTS) {
    const [oldestKey, oldest] = agents.entries().next().value as [string, Agent];
    agents.delete(oldestKey);
    void oldest.close().catch(() => undefined);
  }
  agents.set(key, agent);
  return agent;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/** Where a request's init carries its credential's TLS settings. Main process only. */
export const CREDENTIAL_TLS = Symbol('credential TLS settings');
type TlsInit = RequestInit & { [CREDENTIAL_TLS]?: CredentialTls };

/** `fetch` with every request marked as this credential's (spreading keeps symbol keys). */
export function withCredentialTls(tls: CredentialTls, fetch: FetchLike): FetchLike {
  return (input, init) => fetch(input, { ...init, [CREDENTIAL_TLS]: tls } as TlsInit);
}

/**
 * The bottom of the fetch chain: a request marked with TLS settings goes through undici with
 * them, any other through `base`. The response is handed on as the platform's own Response
 * (oauth4webapi checks `instanceof Response`).
 */
export function honouringCredentialTls(base: FetchLike): FetchLike {
  return async (input, init) => {
    const tls = (init as TlsInit | undefined)?.[CREDENTIAL_TLS];
    if (!tls) return base(input, init);
    const { [CREDENTIAL_TLS]: _tls, ...plain } = init as TlsInit;
    const url = input instanceof Request ? input.url : input;
    const response = await undiciFetch(url, {
      ...(plain as Record<string, unknown>),
      dispatcher: agentFor(tls),
    } as Parameters<typeof undiciFetch>[1]);
    return new Response(
      NULL_BODY_STATUS.has(response.status) ? null : (response.body as ReadableStream | null),
      {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers as unknown as Headers,
      },
    );
  };
}

/** Node's fetch, honouring credential TLS settings: the default wherever none is injected. */
export const defaultFetch: FetchLike = honouringCredentialTls((input, init) => fetch(input, init));

/** Every PEM block of a CA bundle parses as a certificate; the field says which one does not. */
export function assertCaBundleReadable(caBundle: string | undefined): void {
  if (!caBundle) return;
  pemCertificates(caBundle).forEach((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw errors.validation({
        caBundle: `CA bundle certificate ${index + 1} could not be read: paste the PEM CA certificates again`,
      });
    }
  });
}

/** Closes every agent (shutdown, and test teardown). */
export async function closeTlsAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((agent) => agent.close().catch(() => undefined)));
}
