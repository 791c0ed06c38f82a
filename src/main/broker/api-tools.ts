// Saved API tools: a request saved under a name with a description of when to use it, a URL,
// headers and body with `{{parameter}}` placeholders, and the credential whose token it uses.
// Agents see them as MCP tools; running one fills the placeholders and makes the call like
// `call`, through the same origin allow-list, approval and audit.
import { randomUUID } from 'node:crypto';
import {
  apiToolInputSchema,
  normalizeOrigin,
  TEMPLATE_PARAMETER,
  toolParameters,
  type ApiTool,
  type ApiToolInput,
} from '../../shared/broker';
import { AppError } from '../../shared/errors';
import { maskKnownValues } from '../common/redact';
import { BrokerError } from './broker-errors';
import type { ApiCall, BrokerToolView } from './broker-protocol';

/** The MCP server's own tools (src/cli/mcp-server.mjs). */
export const RESERVED_TOOL_NAMES = ['list_credentials', 'call_api', 'get_token'];

export interface ApiToolsDeps {
  load: () => ApiTool[];
  save: (tools: ApiTool[]) => void;
  now?: () => number;
  changed?: () => void;
}

export function createApiTools(deps: ApiToolsDeps) {
  const now = deps.now ?? Date.now;
  return {
    list: (): ApiTool[] => deps.load().sort((a, b) => a.name.localeCompare(b.name)),
    find: (name: string): ApiTool | undefined =>
      deps.load().find((t) => t.name.toLowerCase() === name.toLowerCase()),
    save(id: string | null, input: ApiToolInput): ApiTool {
      const tools = deps.load();
      const clash = tools.find(
        (t) => t.name.toLowerCase() === input.name.toLowerCase() && t.id !== id,
      );
      if (clash)
        throw new AppError({
          code: 'conflict',
          message: `A tool named "${input.name}" exists already: choose another name.`,
          fields: { name: 'already used' },
        });
      if (RESERVED_TOOL_NAMES.includes(input.name)) {
        throw new AppError({
          code: 'validation',
          message: `Please fix: name: "${input.name}" is a built-in MCP tool of OAuth Desk; choose another name.`,
          fields: { name: 'reserved' },
        });
      }
      checkTemplate(input);
      const existing = id === null ? undefined : tools.find((t) => t.id === id);
      if (id !== null && !existing)
        throw new AppError({
          code: 'not_found',
          message: 'That tool no longer exists: it may have been deleted.',
        });
      const tool: ApiTool = {
        ...apiToolInputSchema.parse(input),
        id: existing?.id ?? randomUUID(),
        createdAt: existing?.createdAt ?? now(),
        updatedAt: now(),
      };
      deps.save(existing ? tools.map((t) => (t.id === tool.id ? tool : t)) : [...tools, tool]);
      deps.changed?.();
      return tool;
    },
    delete(id: string): { id: string } {
      const tools = deps.load();
      if (!tools.some((t) => t.id === id))
        throw new AppError({
          code: 'not_found',
          message: 'That tool no longer exists: it may have been deleted.',
        });
      deps.save(tools.filter((t) => t.id !== id));
      deps.changed?.();
      return { id };
    },
  };
}

export type ApiTools = ReturnType<typeof createApiTools>;

/** The URL template must be an http(s) URL once its placeholders are filled. */
function checkTemplate(input: ApiToolInput): void {
  const sample = input.urlTemplate.replace(TEMPLATE_PARAMETER, 'x');
  try {
    const url = new URL(sample);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    // The origin must be fixed: a placeholder in the host would let a caller pick where the token goes.
    if (new URL(input.urlTemplate.replace(TEMPLATE_PARAMETER, 'y')).origin !== url.origin)
      throw new Error('origin');
  } catch (error) {
    const message =
      error instanceof Error && error.message === 'origin'
        ? 'URL cannot have a {{parameter}} in its scheme, host or port: the token must go to one fixed origin'
        : 'URL must be an http(s) URL such as https://api.example.com/items/{{id}}';
    throw new AppError({
      code: 'validation',
      message: `Please fix: urlTemplate: ${message}`,
      fields: { urlTemplate: message },
    });
  }
}

export function toolView(tool: ApiTool, credentialName: string | null): BrokerToolView {
  return {
    name: tool.name,
    description: tool.description,
    method: tool.method,
    parameters: toolParameters(tool).map((name) => ({
      name,
      description: tool.parameterDescriptions[name] ?? '',
    })),
    credentialName,
  };
}

/**
 * Fills the placeholders: percent-encoded in the URL (RFC 3986 §2.1), JSON-string-escaped in a
 * JSON body, as-is in headers (line breaks refused) and other bodies.
 */
export function renderToolCall(
  tool: ApiTool,
  args: Record<string, string | number | boolean>,
): ApiCall {
  const names = toolParameters(tool);
  const missing = names.filter((name) => args[name] === undefined);
  if (missing.length > 0)
    throw new BrokerError('validation', `The tool "${tool.name}" needs: ${missing.join(', ')}.`);
  const value = (name: string) => String(args[name]);
  const fill = (text: string, encode: (v: string) => string) =>
    text.replace(TEMPLATE_PARAMETER, (_m, name: string) => encode(value(name)));
  const isJson =
    tool.headers.some((h) => h.name.toLowerCase() === 'content-type' && /json/i.test(h.value)) ||
    /^\s*[{[]/.test(tool.bodyTemplate);
  const headers = tool.headers.map((h) => {
    const filled = fill(h.value, (v) => v);
    if (/[\r\n\0]/.test(filled))
      throw new BrokerError(
        'validation',
        `A value for the header ${h.name} cannot contain a line break.`,
      );
    return { name: h.name, value: filled };
  });
  const body =
    tool.bodyTemplate === ''
      ? null
      : fill(tool.bodyTemplate, (v) => (isJson ? JSON.stringify(v).slice(1, -1) : v));
  if (body !== null && isJson && !headers.some((h) => h.name.toLowerCase() === 'content-type'))
    headers.push({ name: 'content-type', value: 'application/json' });
  return {
    method: tool.method,
    url: fill(tool.urlTemplate, encodeURIComponent),
    headers,
    body,
    timeoutMs: 30_000,
  };
}

/**
 * What a tool may hold, checked when it is saved rather than first at its call: its URL must go
 * to one of the credential's allowed API origins, and no header may carry a stored secret (the
 * app adds the managed token at each call; a typed copy would outlive a rotation and leak).
 */
export function checkToolForCredential(
  input: ApiToolInput,
  credentialName: string,
  allowedOrigins: readonly string[],
): void {
  const origin = normalizeOrigin(input.urlTemplate.replace(TEMPLATE_PARAMETER, 'x'));
  if (origin && !allowedOrigins.includes(origin)) {
    const message = `"${credentialName}" may not be sent to ${origin}. Add ${origin} to its allowed API origins in the Broker tab, then save the tool again.`;
    throw new AppError({
      code: 'validation',
      message: `Please fix: urlTemplate: ${message}`,
      fields: { urlTemplate: message },
    });
  }
  const secret = input.headers.find((h) => maskKnownValues(h.value) !== h.value);
  if (secret) {
    const message = `the header ${secret.name} holds a stored secret or token. Remove it: the app adds the credential's token at each call.`;
    throw new AppError({
      code: 'validation',
      message: `Please fix: headers: ${message}`,
      fields: { headers: message },
    });
  }
}
