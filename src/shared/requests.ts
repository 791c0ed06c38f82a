// The API request tester's vocabulary.
import { z } from 'zod';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const pair = z.object({
  name: z.string().max(1024),
  value: z.string().max(65536),
  enabled: z.boolean().default(true),
});

export const requestBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string().max(5_000_000) }),
  z.object({ kind: z.literal('form'), fields: z.array(pair).max(500) }),
  z.object({
    kind: z.literal('raw'),
    text: z.string().max(5_000_000),
    contentType: z.string().max(256).default('text/plain'),
  }),
]);
export type RequestBody = z.infer<typeof requestBodySchema>;

export const requestSpecSchema = z.object({
  /** Chosen by the renderer so that the request can be cancelled while in flight. */
  requestId: z.string().min(1).max(128),
  method: z.enum(HTTP_METHODS),
  url: z.string().trim().min(1, 'URL is required').max(16_384),
  query: z.array(pair).max(500).default([]),
  headers: z.array(pair).max(500).default([]),
  body: requestBodySchema.default({ kind: 'none' }),
  /** The credential whose token is attached, or null for none. */
  credentialId: z.string().max(128).nullable().default(null),
  /**
   * Which of the credential's environments gives the token and the `{{name}}` variables, by name
   * (any case) or id. Unset: the app's active environment.
   */
  environment: z.string().trim().max(64).optional(),
  /**
   * Which signed-in account of that environment gives the token, by name (any case), username or
   * id (accounts.ts). Unset: the environment's default account.
   */
  account: z.string().trim().max(200).optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
});
export type RequestSpec = z.infer<typeof requestSpecSchema>;
export type RequestSpecInput = z.input<typeof requestSpecSchema>;

export interface ResponseView {
  status: number;
  statusText: string;
  headers: Array<{ name: string; value: string }>;
  /** Body as text, cut at the size cap. */
  body: string;
  bodyTruncated: boolean;
  sizeBytes: number;
  durationMs: number;
  /** The final URL (after query parameters). */
  url: string;
  /** True when a 401 made us refresh the token and send the request again. */
  retriedAfterRefresh: boolean;
  /** Notes for the user, e.g. "Got 401: refreshed the token and retried once". */
  notes: string[];
}

/** A request as kept in history: never holds a token or an Authorization header we added. */
export interface HistoryEntry {
  id: string;
  at: number;
  spec: Omit<RequestSpec, 'requestId'>;
  status: number | null;
  durationMs: number | null;
}
