// The token broker's vocabulary, shared by the main process (socket server, approval, audit) and
// the renderer (the Broker tab and the approval prompt). Holds no token value anywhere.
import { z } from 'zod';
import type { EnvironmentMarker } from './environment-types';
import { HTTP_METHODS } from './requests';

/** Per credential: ask on first use by a new client (default), allow scripts without asking, or forbid the broker. */
export const BROKER_ACCESS = ['ask', 'allow', 'forbid'] as const;
export type BrokerAccess = (typeof BROKER_ACCESS)[number];

/** What the user answers in the prompt. `deny` is never remembered beyond this request. */
export const APPROVAL_DECISIONS = ['once', 'session', 'hour', 'always', 'deny'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What a client asked for, as recorded in prompts and the audit. */
export const BROKER_OPERATIONS = ['token', 'call', 'status', 'tool', 'get_token'] as const;
export type BrokerOperation = (typeof BROKER_OPERATIONS)[number];

/** Origins are kept as `URL.origin` (scheme://host[:port]), the unit the Fetch standard scopes credentials to. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

const originSchema = z
  .string()
  .max(2048)
  .transform((value, ctx) => {
    const origin = normalizeOrigin(value);
    if (!origin) {
      ctx.addIssue({
        code: 'custom',
        message: `"${value.slice(0, 80)}" is not an http(s) origin (expected e.g. https://api.example.com)`,
      });
      return z.NEVER;
    }
    return origin;
  });

export const brokerPolicySchema = z.object({
  access: z.enum(BROKER_ACCESS).default('ask'),
  /** Where `call` (CLI and MCP) may send this credential's token; empty means nowhere. */
  allowedOrigins: z.array(originSchema).max(50).default([]),
  /** Scripts may receive the raw token (`oauth-desk token`, `exec`, git, kubectl). */
  handOutTokens: z.boolean().default(true),
  /** Agents (MCP `get_token`) may receive the raw token. Off by default: agents get `call_api`. */
  agentTokens: z.boolean().default(false),
});
export type BrokerPolicy = z.infer<typeof brokerPolicySchema>;
export const DEFAULT_BROKER_POLICY: BrokerPolicy = {
  access: 'ask',
  allowedOrigins: [],
  handOutTokens: true,
  agentTokens: false,
};

/**
 * Who is asking, as the client reports it. Node cannot read a Unix socket's peer credentials
 * (SO_PEERCRED), so everything here is claimed by the client; on Linux the broker checks the
 * claimed process ids against /proc and says whether they matched.
 */
export interface BrokerClientInfo {
  /** e.g. "oauth-desk token", "git credential helper", "MCP: Claude Desktop". */
  name: string;
  pid: number | null;
  parentPid: number | null;
  /** The program that started the CLI (the script's interpreter, git, kubectl, the MCP host). */
  parentExecutable: string | null;
  parentCommand: string | null;
  workingFolder: string | null;
  /** `checked`: the ids exist, run as this user, and the parent is the claimed one (Linux /proc). */
  identity: 'claimed' | 'checked';
}

/** Which of a credential's accounts a broker use is as: its id and shown name, nothing secret. */
export interface BrokerAccountRef {
  id: string;
  name: string;
}

export interface BrokerPrompt {
  id: string;
  credentialId: string;
  credentialName: string;
  client: BrokerClientInfo;
  operation: BrokerOperation;
  /** For calls: where the request goes. */
  origin: string | null;
  /** The credential's environment the token is of (QA, Production...). */
  environment?: EnvironmentMarker | undefined;
  /** The signed-in user whose token it is, when the credential holds more than one. */
  account?: BrokerAccountRef | undefined;
  createdAt: number;
  /** The caller stops waiting then; the prompt closes as denied. */
  expiresAt: number;
}

export interface BrokerApproval {
  id: string;
  credentialId: string;
  credentialName: string;
  clientKey: string;
  client: BrokerClientInfo;
  scope: 'session' | 'hour' | 'always';
  /**
   * Set when the approval was given for a production environment: it covers that environment
   * alone. Without it, the approval covers the credential's other (non-production) environments.
   */
  environment?: EnvironmentMarker;
  grantedAt: number;
  /** null: until revoked (always) or until the app stops (session). */
  expiresAt: number | null;
}

export const AUDIT_OUTCOMES = [
  'allowed',
  'denied',
  'paused',
  'forbidden',
  'failed',
  /** The client left (Ctrl-C, a killed process, an MCP cancellation) before its answer. */
  'cancelled',
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One use of the broker. Never holds a token, header value or body. */
export interface BrokerAuditEntry {
  id: string;
  at: number;
  credentialId: string | null;
  credentialName: string | null;
  clientName: string;
  clientKey: string;
  operation: BrokerOperation;
  origin: string | null;
  /** The credential's environment the use was of; absent in entries written before environments. */
  environment?: EnvironmentMarker | undefined;
  /** The signed-in user the use was as, when the credential holds more than one. */
  account?: BrokerAccountRef | undefined;
  outcome: AuditOutcome;
  /** An error code or the HTTP status of a call. */
  detail: string | null;
}

export interface BrokerState {
  /**
   * Grows with every change in main. Events and answers travel on different connections in
   * browser mode, so a copy is replaced only by a state at least as new (broker-store.ts).
   */
  revision: number;
  paused: boolean;
  /** Where the broker listens, or null when it could not start (`problem` says why). */
  endpoint: string | null;
  problem: string | null;
  prompts: BrokerPrompt[];
  approvals: BrokerApproval[];
  /** Per credential id; credentials without an entry use DEFAULT_BROKER_POLICY. */
  policies: Record<string, BrokerPolicy>;
}

/** Sent when a client needs an interactive sign-in the broker cannot do on its own. */
export interface BrokerSignInNeeded {
  credentialId: string;
  credentialName: string;
  clientName: string;
  message: string;
}

// --- Saved API tools ---------------------------------------------------------------------------

/** MCP tool names: letters, digits, `_` and `-` (the characters every MCP client accepts). */
export const TOOL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** `{{name}}` in the URL, header values and body template. */
export const TEMPLATE_PARAMETER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,63})\s*\}\}/g;

export const apiToolInputSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(
      TOOL_NAME_PATTERN,
      'Name must start with a letter and use only letters, digits, _ and - (at most 64)',
    ),
  description: z
    .string()
    .trim()
    .min(1, 'Description is required: say when an agent should use this tool')
    .max(2000),
  method: z.enum(HTTP_METHODS),
  urlTemplate: z.string().trim().min(1, 'URL is required').max(8192),
  headers: z
    .array(z.object({ name: z.string().trim().min(1).max(256), value: z.string().max(8192) }))
    .max(50)
    .default([]),
  bodyTemplate: z.string().max(100_000).default(''),
  credentialId: z.string().min(1, 'Choose the credential whose token the tool uses').max(128),
  /** What each `{{parameter}}` means, shown to agents in the tool's input schema. */
  parameterDescriptions: z.record(z.string().max(64), z.string().max(500)).default({}),
});
export type ApiToolInput = z.infer<typeof apiToolInputSchema>;
export type ApiToolDraft = z.input<typeof apiToolInputSchema>;

export interface ApiTool extends ApiToolInput {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** The parameters a tool's templates use, in order of first appearance. */
export function toolParameters(
  tool: Pick<ApiToolInput, 'urlTemplate' | 'headers' | 'bodyTemplate'>,
): string[] {
  const names: string[] = [];
  const texts = [tool.urlTemplate, ...tool.headers.map((h) => h.value), tool.bodyTemplate];
  for (const text of texts) {
    for (const match of text.matchAll(TEMPLATE_PARAMETER))
      if (!names.includes(match[1]!)) names.push(match[1]!);
  }
  return names;
}

export const brokerIpcSchemas = {
  answerPrompt: z.object({
    promptId: z.string().min(1).max(128),
    decision: z.enum(APPROVAL_DECISIONS),
  }),
  setPaused: z.object({ paused: z.boolean() }),
  setPolicy: z.object({ credentialId: z.string().min(1).max(128), policy: brokerPolicySchema }),
  revokeApproval: z.object({ approvalId: z.string().min(1).max(128) }),
  listAudit: z.object({ credentialId: z.string().min(1).max(128).nullable().default(null) }),
  saveTool: z.object({
    id: z.string().min(1).max(128).nullable().default(null),
    input: apiToolInputSchema,
  }),
  deleteTool: z.object({ id: z.string().min(1).max(128) }),
};
