// Reads a Google service-account key file (the JSON Google Cloud's console downloads) into what
// the JWT bearer grant needs: the issuer (client_email), the token URL (token_uri), the key id and
// the private key, which goes to the vault only. Google documents the flow at
// https://developers.google.com/identity/protocols/oauth2/service-account (iss = client_email,
// aud = the token URI, `scope` in the claim set, `sub` = the user under domain-wide delegation).
import { checkEndpointUrl } from './credential';

export interface ServiceAccountKey {
  clientEmail: string;
  clientId: string | undefined;
  privateKeyId: string | undefined;
  /** The PEM private key: a secret, sent to main as the credential's signing key only. */
  privateKey: string;
  tokenUri: string;
  projectId: string | undefined;
}

export type ServiceAccountParse =
  { ok: true; key: ServiceAccountKey } | { ok: false; message: string };

const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';
const WHICH_FILE =
  'In Google Cloud console open IAM & Admin > Service accounts > Keys > Add key > JSON, and choose the file it downloads.';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const fail = (message: string): ServiceAccountParse => ({ ok: false, message });

/** What a file that is not a service-account key is, so the message can say so. */
function otherKind(json: Record<string, unknown>): string | undefined {
  if (json.type === 'authorized_user')
    return 'This is a user sign-in file (type "authorized_user", from gcloud auth), not a service-account key.';
  if (json.type === 'external_account')
    return 'This is a workload identity federation file (type "external_account"): it holds no private key.';
  if ('installed' in json || 'web' in json)
    return 'This is an OAuth client file (client_secret_….json): use it with the authorization code grant instead.';
  if (json.type !== 'service_account')
    return `This file's type is ${typeof json.type === 'string' ? `"${json.type.slice(0, 40)}"` : 'missing'}, not "service_account".`;
  return undefined;
}

export function parseServiceAccountKey(content: string): ServiceAccountParse {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return fail(`This file is not JSON, so it is not a service-account key. ${WHICH_FILE}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return fail(`This file is not a service-account key (expected a JSON object). ${WHICH_FILE}`);
  const record = json as Record<string, unknown>;
  const kind = otherKind(record);
  if (kind) return fail(`${kind} ${WHICH_FILE}`);
  const clientEmail = text(record.client_email);
  if (!clientEmail)
    return fail(`The key file has no client_email: download a new key. ${WHICH_FILE}`);
  const privateKey = text(record.private_key);
  if (!privateKey || !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey))
    return fail(
      `The key file has no PEM private_key (it may have been edited or be a public-key-only file): download a new key. ${WHICH_FILE}`,
    );
  const tokenUri = text(record.token_uri) ?? GOOGLE_TOKEN_URI;
  const urlProblem = checkEndpointUrl(tokenUri);
  if (urlProblem) return fail(`The key file's token_uri ${urlProblem}.`);
  return {
    ok: true,
    key: {
      clientEmail,
      clientId: text(record.client_id),
      privateKeyId: text(record.private_key_id),
      privateKey,
      tokenUri,
      projectId: text(record.project_id),
    },
  };
}

/**
 * The credential fields a key file fills: the token URL, the client ID (the numeric one when the
 * file has it), iss and the key id; Google wants the scopes in the claim set.
 */
export function serviceAccountFields(key: ServiceAccountKey): {
  tokenUrl: string;
  clientId: string;
  assertionIssuer: string;
  assertionKeyId: string;
  scopeAsClaim: true;
} {
  return {
    tokenUrl: key.tokenUri,
    clientId: key.clientId ?? key.clientEmail,
    assertionIssuer: key.clientEmail,
    assertionKeyId: key.privateKeyId ?? '',
    scopeAsClaim: true,
  };
}
