// A git smart-HTTP server on 127.0.0.1: Node in front of the real `git http-backend` CGI
// (git-http-backend(1)), asking for HTTP Basic credentials the way GitHub does for tokens
// (401 + `WWW-Authenticate: Basic`), and accepting a password only when the protected API accepts
// it as a bearer token. Records which user names came with which outcome.
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHttpServer {
  url: string;
  origin: string;
  readonly attempts: Array<{ username: string | null; accepted: boolean }>;
  stop(): Promise<void>;
}

const BACKEND = '/usr/lib/git-core/git-http-backend';

export async function startGitHttpServer(options: {
  projectRoot: string;
  checkToken: (token: string) => Promise<boolean>;
}): Promise<GitHttpServer> {
  const attempts: GitHttpServer['attempts'] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = req.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(auth);
    let username: string | null = null;
    let accepted = false;
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      username = decoded.slice(0, colon);
      accepted = colon > 0 && (await options.checkToken(decoded.slice(colon + 1)));
    }
    if (!accepted) {
      if (basic) attempts.push({ username, accepted });
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"', 'content-type': 'text/plain' });
      res.end('Authentication required\n');
      return;
    }
    attempts.push({ username, accepted });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const child = spawn(BACKEND, [], {
      env: {
        GIT_PROJECT_ROOT: options.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: username ?? '',
        REMOTE_ADDR: '127.0.0.1',
        PATH: process.env.PATH ?? '/usr/bin:/bin',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    req.pipe(child.stdin);
    // CGI (RFC 3875 §6): header lines, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf;
      if (end === -1) return;
      const gap = end === crlf ? 4 : 2;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + gap));
    });
    child.once('close', () => res.end());
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    attempts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
