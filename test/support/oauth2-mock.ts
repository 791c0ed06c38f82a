// oauth2-mock-server 8 on 127.0.0.1 for the resource owner password grant (RFC 6749 §4.3), which
// oidc-provider does not implement. The mock itself accepts any credentials; this wrapper checks
// them like a real server would (invalid_client, invalid_grant) and lets a test replace answers.
import {
  OAuth2Server,
  type MutableResponse,
  type TokenRequestIncomingMessage,
} from 'oauth2-mock-server';
import { randomBytes } from 'node:crypto';

export interface PasswordGrantAccount {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export interface MockTokenRequest {
  grantType: string;
  /** How the client authenticated: HTTP Basic, client_secret in the body, or not at all. */
  clientAuth: 'basic' | 'body' | 'none';
  clientId?: string;
  username?: string;
  scope?: string;
}

/** A replacement answer for one token request. */
export interface MockTokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export type TokenRequestHook = (request: MockTokenRequest) => MockTokenAnswer | undefined;

export interface OAuth2Mock {
  issuer: string;
  tokenUrl: string;
  revocationUrl: string;
  /** The client and the first user the server accepts (alice). Random per start. */
  account: PasswordGrantAccount;
  /** A second resource owner of the same client, for several username/password pairs. */
  bob: { username: string; password: string };
  /** Every token request, oldest first. */
  readonly tokenRequests: readonly MockTokenRequest[];
  /** Answers token requests with the hook's result when it returns one (failure cases). */
  setTokenHook(hook: TokenRequestHook | null): void;
  stop(): Promise<void>;
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into HTTP Basic. */
function formDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, '%20'));
}

function readClient(req: TokenRequestIncomingMessage): {
  auth: MockTokenRequest['clientAuth'];
  id?: string;
  secret?: string;
} {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { auth: 'basic' };
    return {
      auth: 'basic',
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  }
  const body = req.body as unknown as Record<string, unknown>;
  const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : undefined);
  const id = text('client_id');
  const secret = text('client_secret');
  return {
    auth: secret === undefined ? 'none' : 'body',
    ...(id ? { id } : {}),
    ...(secret ? { secret } : {}),
  };
}

/** What a real server checks before issuing a token for the password grant. */
function checkCredentials(
  req: TokenRequestIncomingMessage,
  account: PasswordGrantAccount,
  others: { username: string; password: string }[],
): MockTokenAnswer | undefined {
  const client = readClient(req);
  if (client.id !== account.clientId || client.secret !== account.clientSecret) {
    return {
      status: 401,
      body: { error: 'invalid_client', error_description: 'Client authentication failed.' },
    };
  }
  const body = req.body as unknown as Record<string, unknown>;
  const owners = [account, ...others];
  if (
    body.grant_type === 'password' &&
    !owners.some((owner) => body.username === owner.username && body.password === owner.password)
  ) {
    return {
      status: 400,
      body: { error: 'invalid_grant', error_description: 'The username or password is incorrect.' },
    };
  }
  return undefined;
}

export async function startOAuth2Mock(): Promise<OAuth2Mock> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const issuer = server.issuer.url ?? `http://127.0.0.1:${server.address().port}`;
  const account: PasswordGrantAccount = {
    clientId: 'password-client',
    clientSecret: `${randomBytes(18).toString('base64')}:%`,
    username: 'alice@example.test',
    password: randomBytes(12).toString('base64url'),
  };
  const bob = { username: 'bob@example.test', password: randomBytes(12).toString('base64url') };
  const tokenRequests: MockTokenRequest[] = [];
  let hook: TokenRequestHook | null = null;

  server.service.on(
    'beforeResponse',
    (response: MutableResponse, req: TokenRequestIncomingMessage) => {
      const client = readClient(req);
      const request: MockTokenRequest = {
        grantType: req.body.grant_type,
        clientAuth: client.auth,
        ...(client.id ? { clientId: client.id } : {}),
        ...(typeof req.body.username === 'string' ? { username: req.body.username } : {}),
        ...(req.body.scope ? { scope: req.body.scope } : {}),
      };
      tokenRequests.push(request);
      const answer = hook?.(request) ?? checkCredentials(req, account, [bob]);
      if (answer) {
        response.statusCode = answer.status;
        response.body = answer.body;
      }
    },
  );

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    revocationUrl: `${issuer}/revoke`,
    account,
    bob,
    tokenRequests,
    setTokenHook(next) {
      hook = next;
    },
    stop: () => server.stop(),
  };
}
