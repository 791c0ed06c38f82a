// The broker socket's contract, in the style of the IPC contract: one zod schema per operation,
// written once. A frame is one JSON object on one line (newline-delimited JSON), at most
// MAX_FRAME_BYTES; the answer is one line too: `{ ok: true, value }` or `{ ok: false, error }`.
import { z } from 'zod';
import { HTTP_METHODS } from '../../shared/requests';

export const BROKER_PROTOCOL_VERSION = 1;
/** A request line larger than this is refused before it is parsed. */
export const MAX_FRAME_BYTES = 1024 * 1024;

const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => z.string().max(max).nullable().default(null);
const pid = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31)
  .nullable()
  .default(null);

export const claimedClientSchema = z.object({
  name: z.string().trim().min(1).max(200),
  pid,
  parentPid: pid,
  parentExecutable: nullableText(4096),
  parentCommand: nullableText(4096),
  workingFolder: nullableText(4096),
});

const credentialRef = z.string().trim().min(1, 'Name the credential').max(200);
/** One of the credential's environments, by name (any case) or id; null: the app's active one. */
const environmentRef = z.string().trim().min(1).max(64).nullable().default(null);
/** One signed-in account of that environment, by name, username or id; null: its default one. */
const accountRef = z.string().trim().min(1).max(200).nullable().default(null);
/** How long the caller waits for an approval or a sign-in. */
const waitMs = z.number().int().min(0).max(600_000).default(120_000);

const header = z.object({
  name: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Header names are tokens (RFC 9110 §5.1)'),
  value: text(16_384).refine(
    (v) => !/[\r\n\0]/.test(v),
    'Header values cannot contain line breaks',
  ),
});

export const apiCallSchema = z.object({
  method: z.enum(HTTP_METHODS).default('GET'),
  url: z.string().trim().min(1, 'URL is required').max(16_384),
  headers: z.array(header).max(100).default([]),
  body: z.string().max(900_000).nullable().default(null),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
});
export type ApiCall = z.infer<typeof apiCallSchema>;

export const TOKEN_PURPOSES = ['token', 'header', 'exec', 'curl', 'git', 'kube', 'mcp'] as const;

const base = { v: z.literal(BROKER_PROTOCOL_VERSION), client: claimedClientSchema };

export const brokerRequestSchema = z.discriminatedUnion('op', [
  z.object({ ...base, op: z.literal('list') }),
  z.object({
    ...base,
    op: z.literal('status'),
    credential: credentialRef,
    environment: environmentRef,
    account: accountRef,
  }),
  z.object({
    ...base,
    op: z.literal('token'),
    /** By name (case-insensitive) or id. Absent: the one credential whose allowed origins hold `forOrigin`. */
    credential: credentialRef.nullable().default(null),
    environment: environmentRef,
    account: accountRef,
    /** git: the origin the token is for; it must be one of the credential's allowed API origins. */
    forOrigin: nullableText(2048),
    minValidSeconds: z.number().int().min(0).max(86_400).default(60),
    purpose: z.enum(TOKEN_PURPOSES).default('token'),
    waitMs,
  }),
  z.object({
    ...base,
    op: z.literal('call'),
    credential: credentialRef,
    environment: environmentRef,
    account: accountRef,
    request: apiCallSchema,
    waitMs,
  }),
  z.object({ ...base, op: z.literal('tools') }),
  z.object({
    ...base,
    op: z.literal('tool'),
    tool: z.string().trim().min(1).max(64),
    /** The environment and account the tool's credential acts as, like `call`; absent: the active and default ones. */
    environment: environmentRef,
    account: accountRef,
    arguments: z
      .record(z.string().max(64), z.union([z.string().max(100_000), z.number(), z.boolean()]))
      .default({}),
    waitMs,
  }),
]);
export type BrokerRequest = z.infer<typeof brokerRequestSchema>;
export type BrokerRequestInput = z.input<typeof brokerRequestSchema>;

/** What `list` and `status` say about a credential. */
export interface BrokerCredentialView {
  id: string;
  name: string;
  grantType: string;
  state: string;
  expiresAt: number | null;
  access: 'ask' | 'allow' | 'forbid';
  allowedOrigins: string[];
  /** The environment `state` is of: the one asked for, else the app's active one. */
  environment: string | null;
}

export interface BrokerTokenView {
  credential: { id: string; name: string };
  /** The environment that issued the token. */
  environment: { id: string; name: string; production: boolean } | null;
  accessToken: string;
  tokenType: string | null;
  headerValue: string;
  /** Where the credential's API calls carry the token (its token placement): `header` and `curl` follow it. */
  placement: { in: 'header' | 'query'; name: string };
  /** Epoch ms, or null when the provider gave no lifetime. */
  expiresAt: number | null;
}

export interface BrokerCallView {
  status: number;
  statusText: string;
  headers: Array<{ name: string; value: string }>;
  body: string;
  bodyTruncated: boolean;
  url: string;
  retriedAfterRefresh: boolean;
  notes: string[];
}

export interface BrokerToolView {
  name: string;
  description: string;
  method: string;
  parameters: Array<{ name: string; description: string }>;
  credentialName: string | null;
}
