// The TLS client certificate of tls_client_auth and self_signed_tls_client_auth (RFC 8705 §2):
// what the vault keeps in the credential's secret slot (a certificate with its private key, or a
// PKCS#12 file, each with an optional passphrase), and the non-secret settings beside it in the
// configuration (the subject registered for the client, the CA bundle for private servers). Main
// reads and checks the material (src/main/oauth/client-certificate.ts); the renderer only builds it.
import { z } from 'zod';

/** What the vault keeps, as JSON text in the secret slot. Never sent back to the renderer. */
export const clientCertificateMaterialSchema = z.discriminatedUnion('format', [
  z.object({
    format: z.literal('pem'),
    /** The client certificate, optionally followed by its intermediate CA certificates. */
    certificate: z.string().min(1),
    privateKey: z.string().min(1),
    /** Only for an encrypted private key (-----BEGIN ENCRYPTED PRIVATE KEY-----). */
    passphrase: z.string().optional(),
  }),
  z.object({
    format: z.literal('pkcs12'),
    /** The .p12/.pfx file, base64. */
    pkcs12: z.string().min(1),
    passphrase: z.string().optional(),
  }),
]);
export type ClientCertificateMaterial = z.infer<typeof clientCertificateMaterialSchema>;

/** The secret-slot text for a client certificate (what the form sends as the client secret). */
export function encodeClientCertificate(material: ClientCertificateMaterial): string {
  return JSON.stringify(material);
}

/**
 * RFC 8705 §2.1.2: how a tls_client_auth client is registered at the server; exactly one of these
 * names the certificate's subject DN or one of its subject alternative names.
 */
export const TLS_SUBJECT_KINDS = [
  'tls_client_auth_subject_dn',
  'tls_client_auth_san_dns',
  'tls_client_auth_san_uri',
  'tls_client_auth_san_ip',
  'tls_client_auth_san_email',
] as const;
export type TlsSubjectKind = (typeof TLS_SUBJECT_KINDS)[number];

export const TLS_SUBJECT_LABELS: Record<TlsSubjectKind, string> = {
  tls_client_auth_subject_dn: 'Subject DN',
  tls_client_auth_san_dns: 'SAN: DNS name',
  tls_client_auth_san_uri: 'SAN: URI',
  tls_client_auth_san_ip: 'SAN: IP address',
  tls_client_auth_san_email: 'SAN: email address',
};

export const tlsClientAuthSubjectSchema = z.object({
  kind: z.enum(TLS_SUBJECT_KINDS),
  value: z.string().trim().min(1, 'Enter the registered subject value').max(1024),
});
export type TlsClientAuthSubject = z.infer<typeof tlsClientAuthSubjectSchema>;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The PEM blocks of a CA bundle; main parses each of them at save. */
export function pemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

/**
 * A CA bundle: PEM certificates, no private key. It is not a secret (CA certificates are public),
 * so it is kept in the configuration.
 */
export const caBundleSchema = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .trim()
    .max(256 * 1024, 'CA bundle must be at most 256 kB of PEM')
    .refine(
      (text) => !/PRIVATE KEY-----/.test(text),
      'CA bundle must hold CA certificates only: remove the private key from it',
    )
    .refine(
      (text) => pemCertificates(text).length > 0,
      'CA bundle must be PEM certificates (-----BEGIN CERTIFICATE-----)',
    )
    .optional(),
);
