// @ts-check
// kubectl's exec credential plugin output: an ExecCredential of client.authentication.k8s.io/v1
// (Kubernetes docs, "client-go credential plugins"): status.token, and status.expirationTimestamp
// in RFC 3339 so that kubectl asks again before the token expires.
export function execCredential(token) {
  const status = { token: token.accessToken };
  if (token.expiresAt)
    status.expirationTimestamp = new Date(token.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status };
}
