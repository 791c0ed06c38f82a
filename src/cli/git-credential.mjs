// @ts-check
// git's credential helper protocol (gitcredentials(7), git-credential(1)): git writes
// `key=value` lines ending with a blank line on stdin and calls the helper with `get`, `store` or
// `erase`. For `get` we answer username and password: the OAuth token, with the username hosts
// expect for tokens (GitHub: `x-access-token`; GitLab: `oauth2`, set with --username).
// The token is only handed out for an origin listed in the credential's allowed API origins.
import { EXIT } from './exit-codes.cjs';

/** Parses git's `key=value` lines (the protocol's attributes; repeated keys keep the last). */
export function parseCredentialRequest(text) {
  const fields = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return fields;
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    process.stdin.on('data', (chunk) => {
      size += chunk.length;
      // A credential request is a handful of short lines; more is not git talking.
      if (size > 64 * 1024) reject(new Error('git sent more than 64 KiB on stdin.'));
      chunks.push(chunk);
    });
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

export async function gitCredential(action, options, ask) {
  if (action === 'store' || action === 'erase') {
    // Nothing to store: OAuth Desk keeps the token. After a rejected token git calls `erase`;
    // the next `get` asks the broker again, which refreshes a token that stopped working.
    await readStdin().catch(() => '');
    return EXIT.ok;
  }
  if (action !== 'get') {
    process.stderr.write(
      'oauth-desk: git-credential expects get, store or erase (git passes it).\n',
    );
    return EXIT.usage;
  }
  const request = parseCredentialRequest(await readStdin());
  if (!request.protocol || !request.host) {
    process.stderr.write('oauth-desk: git sent no protocol or host.\n');
    return EXIT.usage;
  }
  if (request.protocol !== 'https' && request.protocol !== 'http') return EXIT.ok; // ssh etc.: not ours
  const token = await ask({
    op: 'token',
    credential: options.credential ?? null,
    forOrigin: `${request.protocol}://${request.host}`,
    minValidSeconds: 60,
    purpose: 'git',
    waitMs: (options.timeout === undefined ? 120 : Number(options.timeout)) * 1000,
  });
  const lines = [
    `username=${options.username ?? 'x-access-token'}`,
    `password=${token.accessToken}`,
  ];
  // git 2.41+ reads password_expiry_utc (Unix seconds) and does not cache the token past it.
  if (token.expiresAt) lines.push(`password_expiry_utc=${Math.floor(token.expiresAt / 1000)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
