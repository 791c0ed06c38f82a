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
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `its TLS certificate is not trusted (${code})`;
    case undefined:
      return 'the connection failed';
    default:
      return `network error ${code}`;
  }
}
