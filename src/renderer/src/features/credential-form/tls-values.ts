// The form's TLS settings (RFC 8705 client certificates, the CA bundle): what the user types, and
// how it becomes the secret slot's text and the configuration's fields. The certificate, key,
// PKCS#12 file and passphrase go only into the secret (encoded by shared/client-certificate.ts)
// and are never filled from main: a stored one shows as "Stored".
import { clientAuthOf, type ClientAuthMethod } from '../../../../shared/client-auth';
import {
  encodeClientCertificate,
  type TlsSubjectKind,
} from '../../../../shared/client-certificate';
import type { CredentialConfig, CredentialFieldsInput } from '../../../../shared/credential';

export interface TlsFormValues {
  format: 'pem' | 'pkcs12';
  certificate: string;
  privateKey: string;
  /** The .p12/.pfx file, base64 (read from the chosen file, or pasted). */
  pkcs12: string;
  passphrase: string;
  /** tls_client_auth (RFC 8705 §2.1.2): '' means not checked here. */
  subjectKind: TlsSubjectKind | '';
  subjectValue: string;
  caBundle: string;
  /** Present the certificate to APIs too (RFC 8705 §3). */
  forApis: boolean;
}

export function emptyTlsValues(): TlsFormValues {
  return {
    format: 'pem',
    certificate: '',
    privateKey: '',
    pkcs12: '',
    passphrase: '',
    subjectKind: '',
    subjectValue: '',
    caBundle: '',
    forApis: true,
  };
}

/** Edit mode: the non-secret settings from the configuration; the certificate stays blank. */
export function tlsValuesFromConfig(config: CredentialConfig): TlsFormValues {
  return {
    ...emptyTlsValues(),
    subjectKind: config.tlsClientAuthSubject?.kind ?? '',
    subjectValue: config.tlsClientAuthSubject?.value ?? '',
    caBundle: config.caBundle ?? '',
    forApis: config.clientCertificateForApis !== false,
  };
}

export const usesClientCertificate = (method: ClientAuthMethod): boolean =>
  clientAuthOf(method).material === 'client_certificate';

/**
 * The secret slot's text for what is typed, or '' while it is incomplete (a certificate without
 * its key): '' keeps the stored one, so half an entry never replaces a working certificate.
 */
export function clientCertificateSecret(tls: TlsFormValues): string {
  const passphrase = tls.passphrase === '' ? {} : { passphrase: tls.passphrase };
  if (tls.format === 'pkcs12')
    return tls.pkcs12.trim() === ''
      ? ''
      : encodeClientCertificate({ format: 'pkcs12', pkcs12: tls.pkcs12.trim(), ...passphrase });
  if (tls.certificate.trim() === '' || tls.privateKey.trim() === '') return '';
  return encodeClientCertificate({
    format: 'pem',
    certificate: tls.certificate.trim(),
    privateKey: tls.privateKey.trim(),
    ...passphrase,
  });
}

/** The configuration fields of the TLS settings, for `toInput`. */
export function tlsFields(
  method: ClientAuthMethod | undefined,
  tls: TlsFormValues,
): Pick<CredentialFieldsInput, 'tlsClientAuthSubject' | 'clientCertificateForApis' | 'caBundle'> {
  const mtls = method !== undefined && usesClientCertificate(method);
  return {
    caBundle: tls.caBundle,
    tlsClientAuthSubject:
      method === 'tls_client_auth' && tls.subjectKind !== ''
        ? { kind: tls.subjectKind, value: tls.subjectValue }
        : undefined,
    // Unset means yes; only "no" is stored.
    clientCertificateForApis: mtls && !tls.forApis ? false : undefined,
  };
}

/**
 * Choosing another method: the secret slot holds a certificate for the mTLS methods and a secret
 * or key for the others, so what was typed for one never goes out as the other.
 */
export function clientAuthChange(
  values: { clientAuth: ClientAuthMethod; clientSecret: string; tls: TlsFormValues },
  next: string,
): { clientAuth: ClientAuthMethod; clientSecret?: string } {
  const clientAuth = next as ClientAuthMethod;
  const was = usesClientCertificate(values.clientAuth);
  const now = usesClientCertificate(clientAuth);
  if (was === now) return { clientAuth };
  return { clientAuth, clientSecret: now ? clientCertificateSecret(values.tls) : '' };
}
