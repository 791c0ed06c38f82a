// @ts-check
// `oauth-desk mcp`: a stdio MCP server (official @modelcontextprotocol/sdk) for agents. It lists
// the saved API tools as MCP tools, offers `call_api` for a credential's allowed API origins and
// `list_credentials`; the app makes every call with the managed token, so the agent never receives
// it. `get_token` hands out a raw token only when the credential's policy allows agents that.
// Every call goes through the app's approval and audit, named after the MCP client. A call the
// client cancels (notifications/cancelled, or the transport closing) stops its wait in the app.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const environmentArg = z
  .string()
  .optional()
  .describe(
    "One of the credential's environments (e.g. QA); omitted: the one active in OAuth Desk",
  );
const accountArg = z
  .string()
  .optional()
  .describe(
    "One of the credential's signed-in accounts (its name, username or id); omitted: its default account",
  );

/** The answer to an agent: status line, then the body (tokens already cut out by the app). */
function callResult(view) {
  const text = `HTTP ${view.status} ${view.statusText}${view.bodyTruncated ? ' (body truncated)' : ''}\n\n${view.body}`;
  return { content: [{ type: 'text', text }], isError: view.status >= 400 };
}

const failure = (error) => ({
  content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }],
  isError: true,
});

export async function runMcpServer({ ask, timeoutMs }) {
  const server = new McpServer({ name: 'oauth-desk', version: '0.1.0' });
  const clientName = () => `MCP: ${server.server.getClientVersion()?.name ?? 'unknown client'}`;
  // The SDK passes each call an `extra` whose `signal` aborts when the client cancels it.
  const safely = (work) => async (args, extra) => {
    try {
      return await work(args, extra?.signal);
    } catch (error) {
      return failure(error);
    }
  };

  server.registerTool(
    'list_credentials',
    {
      description:
        'List the OAuth Desk credentials an agent can use with call_api, and the API origins each may be sent to.',
      inputSchema: {},
    },
    safely(async (_args, signal) => {
      const list = await ask({ op: 'list' }, clientName(), signal);
      const usable = list
        .filter((c) => c.access !== 'forbid')
        .map((c) => ({ name: c.name, state: c.state, allowedOrigins: c.allowedOrigins }));
      return { content: [{ type: 'text', text: JSON.stringify(usable, null, 2) }] };
    }),
  );

  server.registerTool(
    'call_api',
    {
      description:
        "Call an HTTP API with an OAuth Desk credential's token. The app adds the token (you never see it) and retries once after a 401. " +
        "Only the credential's allowed API origins can be called.",
      inputSchema: {
        credential: z.string().describe('The credential name (see list_credentials)'),
        environment: environmentArg,
        account: accountArg,
        method: z.enum(METHODS).default('GET'),
        url: z.string().describe("The full URL, on one of the credential's allowed origins"),
        headers: z
          .record(z.string(), z.string())
          .optional()
          .describe('Extra request headers (Authorization is set by OAuth Desk)'),
        body: z.string().optional().describe('Request body, e.g. JSON text'),
      },
    },
    safely(async ({ credential, environment, account, method, url, headers, body }, signal) => {
      const request = {
        method,
        url,
        headers: Object.entries(headers ?? {}).map(([name, value]) => ({ name, value })),
        body: body ?? null,
      };
      return callResult(
        await ask(
          {
            op: 'call',
            credential,
            environment: environment ?? null,
            account: account ?? null,
            request,
            waitMs: timeoutMs,
          },
          clientName(),
          signal,
        ),
      );
    }),
  );

  server.registerTool(
    'get_token',
    {
      description:
        'Get a raw access token. Refused unless the credential allows agents to receive tokens; prefer call_api.',
      inputSchema: {
        credential: z.string().describe('The credential name'),
        environment: environmentArg,
        account: accountArg,
      },
    },
    safely(async ({ credential, environment, account }, signal) => {
      const token = await ask(
        {
          op: 'token',
          credential,
          environment: environment ?? null,
          account: account ?? null,
          minValidSeconds: 60,
          purpose: 'mcp',
          waitMs: timeoutMs,
        },
        clientName(),
        signal,
      );
      return { content: [{ type: 'text', text: token.accessToken }] };
    }),
  );

  // Saved tools are read once at start: an agent host starts the server per session.
  let tools = [];
  try {
    // A signal, even one that never aborts, leaves Ctrl-C to Node's default (see `ask`).
    tools = await ask({ op: 'tools' }, 'MCP server', new AbortController().signal);
  } catch (error) {
    process.stderr.write(
      `oauth-desk mcp: saved API tools are not available: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  const builtIn = new Set(['list_credentials', 'call_api', 'get_token']);
  for (const tool of tools) {
    if (builtIn.has(tool.name)) continue;
    const shape = {};
    for (const parameter of tool.parameters)
      shape[parameter.name] = z.string().describe(parameter.description || parameter.name);
    // Like call_api, a saved tool can act in another environment or as another account. A tool
    // parameter of the same name is the tool author's and wins: that option is then not offered.
    const targets = { environment: environmentArg, account: accountArg };
    const offered = Object.keys(targets).filter((name) => !(name in shape));
    for (const name of offered) shape[name] = targets[name];
    server.registerTool(
      tool.name,
      { description: tool.description, inputSchema: shape },
      safely(async (input, signal) => {
        const args = { ...input };
        const target = { environment: null, account: null };
        for (const name of offered) {
          target[name] = args[name] ?? null;
          delete args[name];
        }
        return callResult(
          await ask(
            { op: 'tool', tool: tool.name, ...target, arguments: args, waitMs: timeoutMs },
            clientName(),
            signal,
          ),
        );
      }),
    );
  }

  await server.connect(new StdioServerTransport());
}
