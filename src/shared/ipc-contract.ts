// The one IPC contract: every channel between the renderer and the main process, written once.
// Main-process handlers, the preload's named functions, the browser-mode bridge and the
// renderer's `window.api` type are all derived from this file.
import { z } from 'zod';
import { CLIENT_KEY_ALGS, type GeneratedClientKey } from './client-auth';
import { caBundleSchema } from './client-certificate';
import { credentialInputSchema } from './credential';
import { CREDENTIAL_PAGE_MAX, type CredentialPage } from './list-page';
import type { CredentialListItem } from './list-item';
import { INTROSPECTED_TOKENS } from './status';
import { requestSpecSchema } from './requests';
import { accountsInvokeContract } from './ipc-contract-accounts';
import { brokerEventContract, brokerInvokeContract } from './ipc-contract-broker';
import { environmentsInvokeContract } from './ipc-contract-environments';
import { byId, none, returns } from './ipc-contract-kit';
import type { AppErrorInfo, Result } from './errors';
import type {
  AppInfo,
  AuthorizationPlan,
  CredentialSummary,
  DeviceCodePrompt,
  DiscoveredEndpoints,
  IntrospectionOutcome,
  ProviderPreset,
  RevealedToken,
  RevokeOutcome,
  TestOutcome,
  TokenDetails,
  UserInfoOutcome,
} from './status';
import type { HistoryEntry, ResponseView } from './requests';
import {
  timelineRequestSchemas,
  type TimelineFlow,
  type TimelineSettings,
  type TimelineSnapshot,
} from './timeline';
import {
  exportRequestSchema,
  importApplyRequestSchema,
  importPreviewRequestSchema,
  provideSecretsRequestSchema,
  type AwaitingSecret,
  type ExportedFile,
  type ImportOutcome,
  type ImportPreview,
} from './share';

/** What a main-process copy did. */
export interface ClipboardCopy {
  copied: boolean;
  /** For a copied token: when it leaves the clipboard again (if nothing else was copied since). */
  clearsAfterSeconds: number | null;
}

/** name -> request schema + response type. The key is also the preload's function name. */
export const invokeContract = {
  getAppInfo: { channel: 'app:info', request: none, response: returns<AppInfo>() },

  listCredentials: {
    channel: 'credentials:list',
    request: none,
    response: returns<CredentialListItem[]>(),
  },
  listCredentialPage: {
    channel: 'credentials:list-page',
    request: z.object({
      offset: z.number().int().min(0).max(10_000_000),
      limit: z.number().int().min(1).max(CREDENTIAL_PAGE_MAX),
    }),
    response: returns<CredentialPage>(),
  },
  getCredential: {
    channel: 'credentials:get',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  createCredential: {
    channel: 'credentials:create',
    request: credentialInputSchema,
    response: returns<CredentialSummary>(),
  },
  updateCredential: {
    channel: 'credentials:update',
    request: z.object({ id: z.string().min(1).max(128), input: credentialInputSchema }),
    response: returns<CredentialSummary>(),
  },
  duplicateCredential: {
    channel: 'credentials:duplicate',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  // A credential's environments and the app's active one.
  ...environmentsInvokeContract,
  deleteCredential: {
    channel: 'credentials:delete',
    request: byId,
    response: returns<{ id: string }>(),
  },

  /** Says, before Authorize, whether it opens the provider's sign-in page. */
  planAuthorization: {
    channel: 'credentials:plan-authorization',
    request: byId,
    response: returns<AuthorizationPlan>(),
  },
  authorizeCredential: {
    channel: 'credentials:authorize',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  cancelAuthorization: {
    channel: 'credentials:cancel-authorization',
    request: byId,
    response: returns<{ cancelled: boolean }>(),
  },
  clearAuthSession: {
    channel: 'credentials:clear-session',
    request: byId,
    response: returns<{ cleared: boolean }>(),
  },
  testCredential: { channel: 'credentials:test', request: byId, response: returns<TestOutcome>() },
  /** Stops waiting for a running Test or Refresh now; the token request itself goes on. */
  cancelCredentialAction: {
    channel: 'credentials:cancel-action',
    request: byId,
    response: returns<{ cancelled: boolean }>(),
  },
  refreshCredential: {
    channel: 'credentials:refresh',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  invalidateToken: {
    channel: 'credentials:invalidate',
    request: byId,
    response: returns<CredentialSummary>(),
  },
  revokeCredential: {
    channel: 'credentials:revoke',
    request: byId,
    response: returns<RevokeOutcome>(),
  },
  // The signed-in users of a credential's environment.
  ...accountsInvokeContract,
  getTokenDetails: {
    channel: 'credentials:token-details',
    request: byId,
    response: returns<TokenDetails>(),
  },
  /** RFC 7662: asks the provider about the stored token; the answer never holds the token. */
  introspectToken: {
    channel: 'credentials:introspect',
    request: z.object({
      id: z.string().min(1).max(128),
      token: z.enum(INTROSPECTED_TOKENS).default('access_token'),
    }),
    response: returns<IntrospectionOutcome>(),
  },
  /** OIDC Core §5.3: the userinfo endpoint's claims for the stored access token. */
  getUserInfo: {
    channel: 'credentials:userinfo',
    request: byId,
    response: returns<UserInfoOutcome>(),
  },
  /**
   * private_key_jwt: the public half of the stored client key as a JWKS to register at the
   * provider (RFC 7591 §2 `jwks`). Never the private key.
   */
  getClientPublicJwks: {
    channel: 'credentials:client-jwks',
    request: byId,
    response: returns<{ keys: Record<string, unknown>[] }>(),
  },
  /**
   * private_key_jwt: a new key pair made in main (RFC 7523 §2.2). The private key goes to the
   * vault under the returned handle, which a create or update names (`kind: 'generated'`) to take
   * it; the answer carries the public JWKS only.
   */
  generateClientKey: {
    channel: 'credentials:generate-client-key',
    request: z.object({
      alg: z.enum(CLIENT_KEY_ALGS),
      kid: z.string().trim().min(1).max(256).optional(),
    }),
    response: returns<GeneratedClientKey>(),
  },
  /** The only call that returns a token value: made on an explicit reveal or copy. */
  revealToken: {
    channel: 'credentials:reveal-token',
    request: byId,
    response: returns<RevealedToken>(),
  },
  /** The last token response unmasked: made only on an explicit Reveal in the token viewer. */
  revealTokenResponse: {
    channel: 'credentials:reveal-token-response',
    request: byId,
    response: returns<{ text: string }>(),
  },

  listPresets: { channel: 'presets:list', request: none, response: returns<ProviderPreset[]>() },
  discoverIssuer: {
    channel: 'discovery:discover',
    request: z.object({
      issuer: z.string().trim().min(1, 'Issuer URL is required').max(2048),
      /** PEM CA certificates to trust for a private server (the form's CA bundle). */
      caBundle: caBundleSchema,
    }),
    response: returns<DiscoveredEndpoints>(),
  },

  sendRequest: {
    channel: 'requests:send',
    request: requestSpecSchema,
    response: returns<ResponseView>(),
  },
  cancelRequest: {
    channel: 'requests:cancel',
    request: z.object({ requestId: z.string().min(1).max(128) }),
    response: returns<{ cancelled: boolean }>(),
  },
  copyAsCurl: {
    channel: 'requests:curl',
    request: z.object({ spec: requestSpecSchema, includeToken: z.boolean().default(false) }),
    response: returns<{ command: string }>(),
  },
  /** Copies in the main process (Electron); `copied: false` means the page must copy (browser mode). */
  copyToClipboard: {
    channel: 'clipboard:write-text',
    request: z.object({ text: z.string().max(10_000_000) }),
    response: returns<ClipboardCopy>(),
  },
  /** Copies a credential's access token without it entering the page; wiped after `clearsAfterSeconds`. */
  copyTokenToClipboard: {
    channel: 'clipboard:copy-token',
    request: byId,
    response: returns<ClipboardCopy>(),
  },
  listHistory: { channel: 'history:list', request: none, response: returns<HistoryEntry[]>() },
  clearHistory: {
    channel: 'history:clear',
    request: none,
    response: returns<{ cleared: number }>(),
  },

  // The token broker (src/main/broker/): approvals, policies, audit and saved API tools.
  ...brokerInvokeContract,

  listTimeline: {
    channel: 'timeline:list',
    request: timelineRequestSchemas.list,
    response: returns<TimelineSnapshot>(),
  },
  clearTimeline: {
    channel: 'timeline:clear',
    request: timelineRequestSchemas.clear,
    response: returns<{ cleared: number }>(),
  },
  /** The one timeline call that returns a secret: made on an explicit Reveal of one value. */
  revealTimelineValue: {
    channel: 'timeline:reveal',
    request: timelineRequestSchemas.reveal,
    response: returns<{ value: string }>(),
  },
  exportTimelineHar: {
    channel: 'timeline:export-har',
    request: timelineRequestSchemas.exportHar,
    response: returns<{ fileName: string; text: string }>(),
  },
  copyTimelineStepAsCurl: {
    channel: 'timeline:curl',
    request: timelineRequestSchemas.curl,
    response: returns<{ command: string; variables: string[] }>(),
  },
  setTimelineSettings: {
    channel: 'timeline:settings',
    request: timelineRequestSchemas.settings,
    response: returns<TimelineSettings>(),
  },
  /** Configurations only: a share file never holds a secret or token. */
  exportCredentials: {
    channel: 'share:export',
    request: exportRequestSchema,
    response: returns<{ files: ExportedFile[] }>(),
  },
  previewImport: {
    channel: 'share:preview-import',
    request: importPreviewRequestSchema,
    response: returns<ImportPreview>(),
  },
  applyImport: {
    channel: 'share:apply-import',
    request: importApplyRequestSchema,
    response: returns<ImportOutcome>(),
  },
  listAwaitingSecrets: {
    channel: 'share:awaiting-secrets',
    request: none,
    response: returns<AwaitingSecret[]>(),
  },
  provideSecrets: {
    channel: 'share:provide-secrets',
    request: provideSecretsRequestSchema,
    response: returns<CredentialSummary>(),
  },
} as const;

/** Main -> renderer notifications. The key is the preload's `on<Key>` subscription. */
export const eventContract = {
  credentialChanged: { channel: 'event:credential-changed', payload: returns<CredentialSummary>() },
  credentialRemoved: { channel: 'event:credential-removed', payload: returns<{ id: string }>() },
  deviceCode: { channel: 'event:device-code', payload: returns<DeviceCodePrompt>() },
  /** Browser mode only: the page opens this URL in the popup it prepared. */
  authorizationUrl: {
    channel: 'event:authorization-url',
    payload: returns<{ credentialId: string; url: string }>(),
  },
  ...brokerEventContract,
  /** Flows recorded or changed since the last event, and flows removed (cleared, evicted). */
  timelineChanged: {
    channel: 'event:timeline-changed',
    payload: returns<{ flows: TimelineFlow[]; removedIds: string[] }>(),
  },
} as const;

export type InvokeContract = typeof invokeContract;
export type InvokeName = keyof InvokeContract;
export type EventContract = typeof eventContract;
export type EventName = keyof EventContract;

export type RequestOf<K extends InvokeName> = z.input<InvokeContract[K]['request']>;
export type ParsedRequestOf<K extends InvokeName> = z.output<InvokeContract[K]['request']>;
export type ResponseOf<K extends InvokeName> = InvokeContract[K]['response'];
export type PayloadOf<E extends EventName> = EventContract[E]['payload'];

/** Main-process side: one handler per channel, given the already-validated request. */
export type InvokeHandlers = {
  [K in InvokeName]: (request: ParsedRequestOf<K>) => Promise<ResponseOf<K>>;
};

/** Renderer side: `window.api`. Every call resolves to a Result; it never rejects for a handled failure. */
export type RendererApi = {
  [K in InvokeName]: RequestOf<K> extends undefined
    ? () => Promise<Result<ResponseOf<K>>>
    : (request: RequestOf<K>) => Promise<Result<ResponseOf<K>>>;
} & {
  [E in EventName as `on${Capitalize<E & string>}`]: (
    listener: (payload: PayloadOf<E>) => void,
  ) => () => void;
};

/** Sends an event from main to the renderer; implemented by the Electron window and the browser bridge. */
export type EventEmitterPort = <E extends EventName>(name: E, payload: PayloadOf<E>) => void;

export const invokeNames = Object.keys(invokeContract) as InvokeName[];
export const eventNames = Object.keys(eventContract) as EventName[];

/** Parses a request with the channel's schema; failures become a `validation` error naming the fields. */
export function parseRequest<K extends InvokeName>(
  name: K,
  raw: unknown,
): Result<ParsedRequestOf<K>> {
  const parsed = invokeContract[name].request.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data as ParsedRequestOf<K> };
  return { ok: false, error: validationError(parsed.error) };
}

/** Turns a zod error into our validation error: "clientId: Client ID is required". */
export function validationError(error: z.ZodError): AppErrorInfo {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key =
      issue.path.filter((p) => typeof p === 'string' || typeof p === 'number').join('.') ||
      'request';
    // The field name without the `fields.` wrapper reads better in the form.
    const field = key.replace(/^(input\.)?fields\./, '');
    fields[field] ??= issue.message;
  }
  const list = Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');
  return { code: 'validation', message: `Please fix: ${list}`, fields };
}

declare global {
  interface Window {
    api: RendererApi;
  }
}
