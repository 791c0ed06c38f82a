// @ts-check
// `exec` and `curl`: run a program with the token, without putting the token on a command line
// (other users can read command lines in `ps`; a process's environment and file descriptors are
// its own). `exec` passes it in an environment variable; `curl` reads the header from a named
// pipe in a private temporary folder (curl's `-H @file`, curl(1) --header): the token passes
// through the kernel's pipe buffer and is never written to disk.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from './exit-codes.cjs';
import { tokenHeader } from './token-header.cjs';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function runWithToken(command, token, args, variable) {
  if (command === 'exec' && !VARIABLE.test(variable)) {
    process.stderr.write(
      `oauth-desk: --var must be an environment variable name, not "${variable}".\n`,
    );
    return Promise.resolve(EXIT.usage);
  }
  if (command === 'curl' && process.platform === 'win32') {
    process.stderr.write(
      'oauth-desk: `curl` needs named pipes (macOS, Linux). On Windows use `oauth-desk exec <name> -- …` with $OAUTH_DESK_TOKEN.\n',
    );
    return Promise.resolve(EXIT.usage);
  }
  if (command === 'curl') return runCurl(token, args);
  const env = { ...process.env, [variable]: token.accessToken };
  return runChild(args[0], args.slice(1), env);
}

function runCurl(token, args) {
  const header = tokenHeader(token);
  if ('problem' in header) {
    process.stderr.write(`oauth-desk: ${header.problem}\n`);
    return Promise.resolve(EXIT.usage);
  }
  const folder = mkdtempSync(join(tmpdir(), 'oauth-desk-')); // 0700 (mkdtemp(3))
  const fifo = join(folder, 'header');
  const made = spawnSync('mkfifo', ['-m', '600', fifo]);
  if (made.status !== 0) {
    rmSync(folder, { recursive: true, force: true });
    process.stderr.write(
      'oauth-desk: could not create a named pipe for the header (is mkfifo installed?).\n',
    );
    return Promise.resolve(EXIT.failed);
  }
  // Opening a FIFO for writing waits for curl to open it for reading.
  const writer = createWriteStream(fifo);
  writer.on('error', () => undefined);
  writer.end(`${header.name}: ${header.value}\n`);
  return runChild('curl', ['-H', `@${fifo}`, ...args], process.env).finally(() => {
    writer.destroy();
    rmSync(folder, { recursive: true, force: true });
  });
}

function runChild(program, programArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(program, programArgs, { stdio: 'inherit', env });
    child.once('error', (error) => {
      const missing = /** @type {NodeJS.ErrnoException} */ (error).code === 'ENOENT';
      process.stderr.write(
        `oauth-desk: could not run ${program}${missing ? ': not found on PATH' : `: ${error.message}`}.\n`,
      );
      resolve(EXIT.failed);
    });
    child.once('exit', (code, signal) =>
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : EXIT.failed)),
    );
  });
}
