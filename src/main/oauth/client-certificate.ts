// The client certificate of tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2), read
// from what the vault keeps (shared/client-certificate.ts) into Node's own TLS options (cert/key
// or pfx, with passphrase). Node's TLS reads PEM and PKCS#12; nothing is parsed by hand here.
// Everything that can be told before a handshake is checked here, with a message naming the
// field: an unreadable file, a wrong passphrase, a key that is not the certificate's, an expired
// certificate, a subject other than the one registered.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { Socket } from 'node:net';
import { TLSSocket, createSecureContext } from 'node:tls';
import {
  clientCertificateMaterialSchema,
  pemCertificates,
  type ClientCertificateMaterial,
  type TlsClientAuthSubject,
} from '../../shared/client-certificate';
import { errors } from './errors';

import type { ClientTlsOptions } from './credential-tls';

export type { ClientTlsOptions };

export interface ClientCertificate {
  tls: ClientTlsOptions;
  /** The leaf certificate (public), for the checks and the RFC 8705 §3.1 thumbprint. */
  certificate: X509Certificate;
}

const field = (message: string) => errors.validation({ clientSecret: message });

function materialOf(text: string): ClientCertificateMaterial {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const material = clientCertificateMaterialSchema.safeParse(parsed);
  if (!material.success)
    throw field(
      'The stored client certificate could not be read: add the certificate and its private key (PEM), or a PKCS#12 file, again',
    );
  return material.data;
}

/** OpenSSL's words for a wrong or missing passphrase (PKCS#12 MAC, or a PEM key's decryption). */
function isPassphraseProblem(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /mac verify failure|bad decrypt|interrupted or cancelled|passphrase/i.test(message);
}

function fromPem(
  material: Extract<ClientCertificateMaterial, { format: 'pem' }>,
): ClientCertificate {
  const blocks = pemCertificates(material.certificate);
  if (blocks.length === 0)
    throw field('Client certificate must be PEM (-----BEGIN CERTIFICATE-----)');
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(blocks[0]!);
  } catch {
    throw field('The client certificate could not be read: paste the PEM certificate again');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({
      key: material.privateKey,
      format: 'pem',
      ...(material.passphrase ? { passphrase: material.passphrase } : {}),
    });
  } catch (error) {
    throw field(
      isPassphraseProblem(error) || /ENCRYPTED/.test(material.privateKey)
        ? 'The private key is encrypted and the passphrase does not open it: type the key passphrase again'
        : 'The private key could not be read: paste the PEM private key (-----BEGIN PRIVATE KEY-----) that belongs to the certificate',
    );
  }
  if (!certificate.checkPrivateKey(key))
    throw field(
      "The private key is not the client certificate's key: add the key the certificate was issued for",
    );
  return {
    tls: {
      cert: material.certificate,
      key: material.privateKey,
      ...(material.passphrase ? { passphrase: material.passphrase } : {}),
    },
    certificate,
  };
}

function fromPkcs12(
  material: Extract<ClientCertificateMaterial, { format: 'pkcs12' }>,
): ClientCertificate {
  const pfx = Buffer.from(material.pkcs12, 'base64');
  const tls: ClientTlsOptions = {
    pfx,
    ...(material.passphrase ? { passphrase: material.passphrase } : {}),
  };
  let socket: TLSSocket | undefined;
  try {
    // A TLS socket that never connects: the one way Node's TLS hands back the certificate it
    // loaded from a PKCS#12 file (getCertificate), so the file is read by OpenSSL alone.
    socket = new TLSSocket(new Socket(), { secureContext: createSecureContext(tls) });
    const raw = socket.getCertificate();
    if (!raw || !('raw' in raw) || !raw.raw) throw new Error('no certificate in the file');
    return { tls, certificate: new X509Certificate(raw.raw) };
  } catch (error) {
    throw field(
      isPassphraseProblem(error)
        ? 'The PKCS#12 passphrase is wrong: type the passphrase the file was exported with'
        : 'The PKCS#12 file could not be read: choose a .p12 or .pfx file holding the client certificate and its key',
    );
  } finally {
    socket?.destroy();
  }
}

function expiryProblem(certificate: X509Certificate, now: number): string | null {
  const notAfter = Date.parse(certificate.validTo);
  const notBefore = Date.parse(certificate.validFrom);
  if (now > notAfter)
    return `The client certificate expired on ${new Date(notAfter).toISOString()}: import a renewed certificate (the server would refuse this one)`;
  if (now < notBefore)
    return `The client certificate is not valid before ${new Date(notBefore).toISOString()}: check the machine clock or use a certificate valid now`;
  return null;
}

/** RFC 4514 DNs compared by their attributes, whatever their order, spacing and type case. */
function normalisedDn(dn: string): string {
  return dn
    .split(/\s*[,\n]\s*/)
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf('=');
      return at < 0
        ? part
        : `${part.slice(0, at).trim().toUpperCase()}=${part.slice(at + 1).trim()}`;
    })
    .sort()
    .join(',');
}

const SAN_PREFIX = {
  tls_client_auth_san_dns: 'DNS:',
  tls_client_auth_san_uri: 'URI:',
  tls_client_auth_san_ip: 'IP Address:',
  tls_client_auth_san_email: 'email:',
} as const;

/** RFC 8705 §2.1.2: the certificate carries the subject the client is registered with. */
export function subjectMatches(
  certificate: X509Certificate,
  subject: TlsClientAuthSubject,
): boolean {
  if (subject.kind === 'tls_client_auth_subject_dn')
    return normalisedDn(certificate.subject) === normalisedDn(subject.value);
  const prefix = SAN_PREFIX[subject.kind];
  const names = (certificate.subjectAltName ?? '').split(/,\s*/);
  return names.some(
    (name) => name.startsWith(prefix) && name.slice(prefix.length) === subject.value,
  );
}

/**
 * The client certificate in `secret`, checked. `now` is the engine clock: a certificate that
 * expired while stored is refused before anything is sent.
 */
export function readClientCertificate(
  secret: string,
  options: { now: number; subject?: TlsClientAuthSubject | undefined },
): ClientCertificate {
  const material = materialOf(secret);
  const read = material.format === 'pem' ? fromPem(material) : fromPkcs12(material);
  const expired = expiryProblem(read.certificate, options.now);
  if (expired) throw field(expired);
  if (options.subject && !subjectMatches(read.certificate, options.subject))
    throw field(
      `The client certificate does not carry the registered ${options.subject.kind} "${options.subject.value}" (its subject is ${read.certificate.subject.replace(/\n/g, ', ')}): use the certificate registered for this client, or correct the registered subject`,
    );
  return read;
}
