// The timeline's vocabulary, shared by main (which records) and the renderer (which shows).
// Everything in these shapes is already masked: a secret appears only as a `MaskedValue` text
// with a `secretRef` that main can resolve on an explicit Reveal.
import { z } from 'zod';

/** One user-visible operation: a sign-in, a refresh, a test, an API call... */
export const TIMELINE_FLOW_KINDS = [
  'sign_in',
  'token',
  'refresh',
  'test',
  'revoke',
  'discovery',
  'api_call',
  'cached',
] as const;
export type TimelineFlowKind = (typeof TIMELINE_FLOW_KINDS)[number];

export const TIMELINE_STEP_KINDS = [
  'authorization_request',
  'redirect',
  'callback',
  'token_request',
  'refresh',
  'revocation',
  'device_authorization',
  'device_poll',
  'discovery',
  'introspection',
  'api_call',
  'http',
  'decision',
] as const;
export type TimelineStepKind = (typeof TIMELINE_STEP_KINDS)[number];

export type TimelineOutcome = 'ok' | 'failed' | 'running';

/** A name/value pair; `secretRef` is set when `value` is a mask standing for a secret. */
export interface TimelineValue {
  name: string;
  value: string;
  secretRef?: string;
  /** A JWT's decoded header and claims (not secret: the token viewer shows the same). */
  jwt?: { header: Record<string, unknown>; claims: Record<string, unknown> };
}

export interface TimelineRequest {
  method: string;
  /** The URL with secret query parameters masked. */
  url: string;
  query: TimelineValue[];
  headers: TimelineValue[];
  /** application/x-www-form-urlencoded bodies as a table. */
  form?: TimelineValue[];
  /** Any other body, masked. */
  body?: string;
  mimeType?: string;
}

export interface TimelineResponse {
  status: number;
  statusText: string;
  headers: TimelineValue[];
  mimeType: string;
  /** The body, masked (JSON re-serialized with masked values). */
  body: string;
  /** Top-level fields of a JSON (or form) body. */
  fields?: TimelineValue[];
  sizeBytes: number;
  /** True when only the first part of a long body was kept. */
  truncated: boolean;
}

export interface TimelineError {
  code?: string;
  message: string;
}

export interface TimelineStep {
  id: string;
  kind: TimelineStepKind;
  title: string;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number | null;
  outcome: TimelineOutcome;
  request?: TimelineRequest;
  response?: TimelineResponse;
  error?: TimelineError;
  /** For decisions and navigations: what happened, in words. */
  detail?: string;
}

export interface TimelineFlow {
  id: string;
  credentialId: string | null;
  kind: TimelineFlowKind;
  title: string;
  startedAt: number;
  endedAt: number | null;
  outcome: TimelineOutcome;
  error?: TimelineError;
  steps: TimelineStep[];
  /** Steps left out because the flow reached its cap (a long device-code poll). */
  droppedSteps: number;
  /** How many times this flow happened in a row (cached-token lookups are folded into one). */
  repeat: number;
}

export interface TimelineSettings {
  /** Keep the (masked) timeline across restarts. Off by default. */
  persist: boolean;
}

export interface TimelineSnapshot {
  flows: TimelineFlow[];
  settings: TimelineSettings;
}

const id = z.string().min(1).max(128);

export const timelineRequestSchemas = {
  list: z.undefined(),
  clear: z.object({ credentialId: id.nullable() }),
  reveal: z.object({ secretRef: id }),
  exportHar: z.object({
    flowIds: z.array(id).min(1, 'Choose at least one flow to export').max(1000),
  }),
  curl: z.object({ flowId: id, stepId: id }),
  settings: z.object({ persist: z.boolean() }),
};
