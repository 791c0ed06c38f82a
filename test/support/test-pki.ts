// Certificates for the mTLS tests, made per run by the real `openssl` binary in a temporary
// folder: a CA for the server's certificate (so that trusting it takes a CA bundle), a CA for
// client certificates (tls_client_auth, RFC 8705 §2.1), a client certificate from it, one that
// has expired, a self-signed client certificate (§2.2), and the client certificate as PKCS#12 and
// with an encrypted key. Passphrases are random per run.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  dir: string;
  serverCa: string;
  server: { cert: string; key: string };
  clientCa: string;
  /** Subject DN of `client` (RFC 4514), what a tls_client_auth client is registered with. */
  clientSubjectDn: string;
  clientSanDns: string;
  client: { cert: string; key: string };
  /** The client's key encrypted with `encryptedKeyPassphrase` (PKCS#8). */
  clientEncryptedKey: string;
  encryptedKeyPassphrase: string;
  /** The client certificate and key as PKCS#12, base64, opened by `pkcs12Passphrase`. */
  clientPkcs12: string;
  pkcs12Passphrase: string;
  /** From the client CA, with notAfter before notBefore: expired the moment it was made. */
  expired: { cert: string; key: string };
  selfSigned: { cert: string; key: string };
  remove(): Promise<void>;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

async function makeCa(dir: string, name: string, cn: string): Promise<void> {
  await openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-subj',
    `/CN=${cn}`,
    '-days',
    '2',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
}

async function issue(
  dir: string,
  name: string,
  options: { ca: string; subject: string; extensions: string; days: string },
): Promise<void> {
  await writeFile(join(dir, `${name}.ext`), options.extensions);
  await openssl(dir, [
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    options.subject,
  ]);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${options.ca}.pem`,
    '-CAkey',
    `${options.ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.pem`,
    '-days',
    options.days,
    '-extfile',
    `${name}.ext`,
  ]);
}

export async function makeTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth-desk-pki-'));
  const read = (file: string) => readFile(join(dir, file), 'utf8');
  await makeCa(dir, 'server-ca', 'OAuth Desk Test Server CA');
  await makeCa(dir, 'client-ca', 'OAuth Desk Test Client CA');
  await issue(dir, 'server', {
    ca: 'server-ca',
    subject: '/CN=127.0.0.1',
    extensions: 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
    days: '2',
  });
  const clientSanDns = 'client.oauth-desk.test';
  const clientExtensions = `subjectAltName=DNS:${clientSanDns}\nextendedKeyUsage=clientAuth\n`;
  await issue(dir, 'client', {
    ca: 'client-ca',
    subject: '/O=OAuth Desk Tests/CN=mtls-client',
    extensions: clientExtensions,
    days: '2',
  });
  // -days -1: notAfter one day before notBefore, so the certificate is expired when it is made.
  await issue(dir, 'expired', {
    ca: 'client-ca',
    subject: '/O=OAuth Desk Tests/CN=mtls-client',
    extensions: clientExtensions,
    days: '-1',
  });
  await openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-subj',
    '/CN=self-signed-client',
    '-days',
    '2',
  ]);
  const pkcs12Passphrase = randomBytes(12).toString('base64url');
  await openssl(dir, [
    'pkcs12',
    '-export',
    '-in',
    'client.pem',
    '-inkey',
    'client.key',
    '-out',
    'client.p12',
    '-passout',
    `pass:${pkcs12Passphrase}`,
  ]);
  const encryptedKeyPassphrase = randomBytes(12).toString('base64url');
  await openssl(dir, [
    'pkcs8',
    '-topk8',
    '-in',
    'client.key',
    '-out',
    'client-enc.key',
    '-passout',
    `pass:${encryptedKeyPassphrase}`,
  ]);
  return {
    dir,
    serverCa: await read('server-ca.pem'),
    server: { cert: await read('server.pem'), key: await read('server.key') },
    clientCa: await read('client-ca.pem'),
    clientSubjectDn: 'CN=mtls-client,O=OAuth Desk Tests',
    clientSanDns,
    client: { cert: await read('client.pem'), key: await read('client.key') },
    clientEncryptedKey: await read('client-enc.key'),
    encryptedKeyPassphrase,
    clientPkcs12: (await readFile(join(dir, 'client.p12'))).toString('base64'),
    pkcs12Passphrase,
    expired: { cert: await read('expired.pem'), key: await read('expired.key') },
    selfSigned: { cert: await read('self.pem'), key: await read('self.key') },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
