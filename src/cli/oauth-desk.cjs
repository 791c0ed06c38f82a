#!/usr/bin/env node
// @ts-check
// `oauth-desk`: live tokens from the running OAuth Desk for scripts, git, kubectl and agents.
// CommonJS with Node built-ins only on the token path, so that it starts about as fast as `node`
// itself: Node's ESM loader is never started for `token` or `header`. Other commands load their
// ES modules when they run; the MCP server's SDK is loaded only by `oauth-desk mcp`.
'use strict';
const {
  askBroker,
  BrokerUnavailable,
  describeClient,
  RequestCancelled,
} = require('./broker-client.cjs');
const { EXIT, exitCodeFor, NOT_RUNNING_MESSAGE } = require('./exit-codes.cjs');
const { parseArgs, UsageError } = require('./oauth-desk-args.cjs');
const { tokenHeader } = require('./token-header.cjs');

const USAGE = `Usage: oauth-desk <command> [options]

  token <name> [--min-valid 60]      print the access token
  header <name> [--min-valid 60]     print the token's header line, e.g. "Authorization: Bearer <token>"
  exec <name> [--var NAME] -- <cmd…> run a command with the token in $OAUTH_DESK_TOKEN (or NAME)
  curl <name> -- <curl args…>        run curl with the token's header added
  list                               credentials, their state and broker access
  status <name>                      one credential's state
  git-credential [--credential <name>] [--username x-access-token] get|store|erase
                                     git's credential helper protocol
  kube <name>                        a client.authentication.k8s.io/v1 ExecCredential for kubectl
  tool list                          the saved API tools, their credential and parameters
  tool call <name> [param=value…]    call a saved API tool; prints the response body
  mcp                                a stdio MCP server: saved API tools, call_api, get_token

Options: --json (machine-readable output), --timeout <seconds> to wait for approval or sign-in (default 120),
--environment <name> for token, header, exec, curl, status, kube, git-credential and tool call: the credential's environment
(QA, Production…) instead of the one active in OAuth Desk; --account <name> with the same commands: one of its
signed-in accounts instead of its default one.
Exit codes: 0 ok, 2 usage, 3 OAuth Desk not running, 4 denied or paused, 5 needs sign-in,
6 provider error, 7 no such credential or tool, 8 API call failed (tool call: HTTP 400 or above),
130 interrupted (Ctrl-C) while waiting, 1 anything else.`;

class CommandError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function seconds(value, name, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86_400)
    throw new UsageError(
      `--${name} must be a whole number of seconds (0 to 86400), not "${value}".`,
    );
  return n;
}

/** `--environment <name>`: one of the credential's environments; absent, the app's active one. */
function environmentOption(options) {
  const value = options.environment;
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(
      'Name the environment: --environment <name>. `oauth-desk status <credential>` shows the active one.',
    );
  return value;
}

/** `--account <name>`: one signed-in account of that environment; absent, its default one. */
function accountOption(options) {
  const value = options.account;
  if (value === undefined) return null;
  if (typeof value !== 'string' || value.trim() === '')
    throw new UsageError(
      "Name the account: --account <name>. The credential's details in OAuth Desk list its accounts.",
    );
  return value;
}

function requireName(args, command) {
  if (!args[0])
    throw new UsageError(
      `Name the credential: oauth-desk ${command} <name>. \`oauth-desk list\` shows the names.`,
    );
  return args[0];
}

/**
 * One request to the broker; a failure becomes a CommandError with its broker code. Ctrl-C, or
 * `signal` (the MCP server passes the agent's cancellation), stops this client's wait: closing the
 * connection tells the app, which stops waiting for this client only.
 */
async function ask(request, clientName, signal = undefined) {
  let answer;
  const interrupted = new AbortController();
  const onInterrupt = () => interrupted.abort();
  // The MCP server leaves Ctrl-C to Node's default (exit): its host ends it that way.
  if (!signal) process.once('SIGINT', onInterrupt);
  try {
    answer = await askBroker(
      { ...request, client: describeClient(clientName) },
      process.env,
      signal ?? interrupted.signal,
    );
  } catch (error) {
    if (error instanceof BrokerUnavailable)
      throw new CommandError('not_running', NOT_RUNNING_MESSAGE);
    if (error instanceof RequestCancelled && interrupted.signal.aborted)
      throw new CommandError('interrupted', 'Interrupted: stopped waiting for OAuth Desk.');
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  if (!answer || answer.ok !== true) {
    const error = answer?.error ?? {
      code: 'internal',
      message: 'OAuth Desk sent an answer this CLI does not understand.',
    };
    throw new CommandError(error.code, error.message);
  }
  return answer.value;
}

function tokenRequest(name, options, purpose) {
  return {
    op: 'token',
    credential: name,
    environment: environmentOption(options),
    account: accountOption(options),
    minValidSeconds: seconds(options['min-valid'], 'min-valid', 60),
    purpose,
    waitMs: seconds(options.timeout, 'timeout', 120) * 1000,
  };
}

const print = (text) => process.stdout.write(`${text}\n`);
const printJson = (value) => print(JSON.stringify(value, null, 2));
const isoOrNull = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

async function run(parsed) {
  const { command, args, options, rest } = parsed;
  const json = options.json === true;
  switch (command) {
    case 'token': {
      const token = await ask(
        tokenRequest(requireName(args, command), options, 'token'),
        'oauth-desk token',
      );
      if (json)
        printJson({
          credential: token.credential.name,
          environment: token.environment?.name ?? null,
          accessToken: token.accessToken,
          tokenType: token.tokenType,
          expiresAt: isoOrNull(token.expiresAt),
        });
      else print(token.accessToken);
      return EXIT.ok;
    }
    case 'header': {
      const token = await ask(
        tokenRequest(requireName(args, command), options, 'header'),
        'oauth-desk header',
      );
      const header = tokenHeader(token);
      if ('problem' in header) {
        process.stderr.write(`oauth-desk: ${header.problem}\n`);
        return EXIT.usage;
      }
      if (json)
        printJson({
          name: header.name,
          value: header.value,
          expiresAt: isoOrNull(token.expiresAt),
        });
      else print(`${header.name}: ${header.value}`);
      return EXIT.ok;
    }
    case 'exec':
    case 'curl': {
      const { runWithToken } = await import('./run-with-token.mjs');
      const name = requireName(args, command);
      if (rest.length === 0 && command === 'exec')
        throw new UsageError(
          'Give the command after --: oauth-desk exec <name> -- <command> [args…]',
        );
      const token = await ask(tokenRequest(name, options, command), `oauth-desk ${command}`);
      const code = await runWithToken(command, token, rest, options.var ?? 'OAUTH_DESK_TOKEN');
      // The child had the terminal; nothing of ours is left to print. A header pipe curl never
      // opened would keep Node waiting, so leave now.
      process.exit(code);
      return code;
    }
    case 'list': {
      const list = await ask({ op: 'list' }, 'oauth-desk list');
      if (json) printJson(list);
      else if (list.length === 0) print('No credentials yet: add one in OAuth Desk.');
      else
        for (const c of list)
          print(
            `${c.name}\t${c.state}\t${c.grantType}\tbroker: ${c.access}${c.expiresAt ? `\texpires ${isoOrNull(c.expiresAt)}` : ''}`,
          );
      return EXIT.ok;
    }
    case 'status': {
      const c = await ask(
        {
          op: 'status',
          credential: requireName(args, command),
          environment: environmentOption(options),
          account: accountOption(options),
        },
        'oauth-desk status',
      );
      if (json) printJson(c);
      else
        print(
          `${c.name}${c.environment ? ` (${c.environment})` : ''}: ${c.state}${c.expiresAt ? `, token expires ${isoOrNull(c.expiresAt)}` : ''}; broker access: ${c.access}; allowed API origins: ${c.allowedOrigins.join(', ') || 'none'}`,
        );
      return EXIT.ok;
    }
    case 'git-credential': {
      const { gitCredential } = await import('./git-credential.mjs');
      return gitCredential(args[0], options, (request) =>
        ask(
          { ...request, environment: environmentOption(options), account: accountOption(options) },
          'git credential helper',
        ),
      );
    }
    case 'kube': {
      const { execCredential } = await import('./kube.mjs');
      const token = await ask(
        tokenRequest(requireName(args, command), options, 'kube'),
        'kubectl exec credential',
      );
      printJson(execCredential(token));
      return EXIT.ok;
    }
    case 'tool':
      return toolCommand(args, options, json);
    case 'mcp': {
      const { runMcpServer } = await import('./mcp-server.mjs');
      await runMcpServer({ ask, timeoutMs: seconds(options.timeout, 'timeout', 120) * 1000 });
      return null;
    }
    case undefined:
    case 'help':
      print(USAGE);
      return command === undefined && !options.help ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** `name=value` pairs, the tool's parameters. */
function toolArguments(pairs) {
  const values = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1)
      throw new UsageError(
        `Give each tool parameter as name=value, not "${pair}". \`oauth-desk tool list\` shows the parameters.`,
      );
    values[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return values;
}

async function toolCommand(args, options, json) {
  const [action, name, ...pairs] = args;
  if (action === 'list') {
    const tools = await ask({ op: 'tools' }, 'oauth-desk tool');
    if (json) printJson(tools);
    else if (tools.length === 0)
      print('No saved API tools yet: save one in OAuth Desk (Broker tab, or the request tester).');
    else
      for (const t of tools)
        print(
          `${t.name}\t${t.method}\t${t.credentialName ?? '(credential removed)'}\t${t.parameters.map((p) => p.name).join(' ') || '-'}\t${t.description}`,
        );
    return EXIT.ok;
  }
  if (action !== 'call')
    throw new UsageError(
      'Use `oauth-desk tool list` or `oauth-desk tool call <name> [param=value…]`.',
    );
  if (!name)
    throw new UsageError(
      'Name the tool: oauth-desk tool call <name> [param=value…]. `oauth-desk tool list` shows the names.',
    );
  const view = await ask(
    {
      op: 'tool',
      tool: name,
      environment: environmentOption(options),
      account: accountOption(options),
      arguments: toolArguments(pairs),
      waitMs: seconds(options.timeout, 'timeout', 120) * 1000,
    },
    'oauth-desk tool',
  );
  if (json) printJson(view);
  else process.stdout.write(view.body);
  if (view.status >= 400) {
    process.stderr.write(`oauth-desk: the API answered HTTP ${view.status} ${view.statusText}.\n`);
    return EXIT.requestFailed;
  }
  return EXIT.ok;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
    if (parsed.options.help) {
      print(USAGE);
      return EXIT.ok;
    }
    return await run(parsed);
  } catch (error) {
    const json = parsed?.options.json === true;
    if (error instanceof UsageError) {
      process.stderr.write(
        `oauth-desk: ${error.message}\nRun \`oauth-desk --help\` for the commands.\n`,
      );
      return EXIT.usage;
    }
    if (error instanceof CommandError) {
      if (json) printJson({ error: { code: error.code, message: error.message } });
      process.stderr.write(`oauth-desk: ${error.message}\n`);
      if (error.code === 'interrupted') return EXIT.interrupted;
      return error.code === 'not_running' ? EXIT.notRunning : exitCodeFor(error.code);
    }
    process.stderr.write(`oauth-desk: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  }
}

main().then((code) => {
  if (code !== null) process.exitCode = code;
});
