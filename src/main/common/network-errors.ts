// The one describer of network failures (undici puts the system error in `cause`). Used by the
// protocol transport and the request tester, so both say the same thing for the same failure.

/** The system error code of a failed fetch (ECONNREFUSED, ENOTFOUND...), if there is one. */
export function networkErrorCode(error: unknown): string | undefined {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code =
    inner && typeof inner === 'object' && 'code' in inner
      ? (inner as { code: unknown }).code
      : undefined;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/** A short description of why a connection failed. It names no secret: only the error code. */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused: nothing is listening on that port';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve (check the host name)';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the server closed the connection';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `its TLS certificate is not trusted (${code}); if the server uses a private or self-signed CA, add that CA certificate to the credential's CA bundle`;
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `its TLS certificate is not trusted (${code})`;
    case undefined:
      return 'the connection failed';
    // RFC 8446 §6.2 alerts the server sent in the handshake about the client certificate.
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return `the server requires a TLS client certificate and none was presented (${code})`;
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return `the server refused the TLS client certificate (${code}): check that it is the certificate registered for this client, still valid, and issued by a CA the server trusts`;
    default:
      return `network error ${code}`;
  }
}
