// The channel names of the IPC contract as a plain list, without zod: the sandboxed preload
// bundles everything it imports and only needs the names. The compiler keeps this list equal to
// ipc-contract.ts (the `satisfies` below: every name, its exact channel, nothing extra), and the
// import from there is type-only, so none of the contract's schemas reach the preload.
import type { EventContract, EventName, InvokeContract, InvokeName } from './ipc-contract';

export const invokeChannels = {
  getAppInfo: 'app:info',
  listCredentials: 'credentials:list',
  listCredentialPage: 'credentials:list-page',
  getCredential: 'credentials:get',
  createCredential: 'credentials:create',
  updateCredential: 'credentials:update',
  duplicateCredential: 'credentials:duplicate',
  saveEnvironment: 'environments:save',
  removeEnvironment: 'environments:remove',
  getActiveEnvironment: 'environments:active',
  setActiveEnvironment: 'environments:set-active',
  deleteCredential: 'credentials:delete',
  planAuthorization: 'credentials:plan-authorization',
  authorizeCredential: 'credentials:authorize',
  cancelAuthorization: 'credentials:cancel-authorization',
  clearAuthSession: 'credentials:clear-session',
  testCredential: 'credentials:test',
  cancelCredentialAction: 'credentials:cancel-action',
  refreshCredential: 'credentials:refresh',
  invalidateToken: 'credentials:invalidate',
  revokeCredential: 'credentials:revoke',
  addAccount: 'accounts:add',
  addPasswordAccount: 'accounts:add-password',
  signOutAccount: 'accounts:sign-out',
  setDefaultAccount: 'accounts:set-default',
  renameAccount: 'accounts:rename',
  getTokenDetails: 'credentials:token-details',
  introspectToken: 'credentials:introspect',
  getUserInfo: 'credentials:userinfo',
  getClientPublicJwks: 'credentials:client-jwks',
  generateClientKey: 'credentials:generate-client-key',
  revealToken: 'credentials:reveal-token',
  revealTokenResponse: 'credentials:reveal-token-response',
  listPresets: 'presets:list',
  discoverIssuer: 'discovery:discover',
  sendRequest: 'requests:send',
  cancelRequest: 'requests:cancel',
  copyAsCurl: 'requests:curl',
  copyToClipboard: 'clipboard:write-text',
  copyTokenToClipboard: 'clipboard:copy-token',
  listHistory: 'history:list',
  clearHistory: 'history:clear',
  getBrokerState: 'broker:state',
  answerBrokerPrompt: 'broker:answer',
  setBrokerPaused: 'broker:pause',
  setBrokerPolicy: 'broker:policy',
  revokeBrokerApproval: 'broker:revoke-approval',
  listBrokerAudit: 'broker:audit',
  listApiTools: 'tools:list',
  saveApiTool: 'tools:save',
  deleteApiTool: 'tools:delete',
  listTimeline: 'timeline:list',
  clearTimeline: 'timeline:clear',
  revealTimelineValue: 'timeline:reveal',
  exportTimelineHar: 'timeline:export-har',
  copyTimelineStepAsCurl: 'timeline:curl',
  setTimelineSettings: 'timeline:settings',
  exportCredentials: 'share:export',
  previewImport: 'share:preview-import',
  applyImport: 'share:apply-import',
  listAwaitingSecrets: 'share:awaiting-secrets',
  provideSecrets: 'share:provide-secrets',
} as const satisfies { readonly [K in InvokeName]: InvokeContract[K]['channel'] };

export const eventChannels = {
  credentialChanged: 'event:credential-changed',
  credentialRemoved: 'event:credential-removed',
  deviceCode: 'event:device-code',
  authorizationUrl: 'event:authorization-url',
  brokerChanged: 'event:broker-changed',
  brokerPrompt: 'event:broker-prompt',
  brokerSignInNeeded: 'event:broker-sign-in',
  brokerAudit: 'event:broker-audit',
  timelineChanged: 'event:timeline-changed',
} as const satisfies { readonly [E in EventName]: EventContract[E]['channel'] };

export const invokeChannelNames = Object.keys(invokeChannels) as InvokeName[];
export const eventChannelNames = Object.keys(eventChannels) as EventName[];

/** `credentialChanged` -> `onCredentialChanged` */
export function listenerName(name: EventName): `on${Capitalize<EventName>}` {
  return `on${name[0]!.toUpperCase()}${name.slice(1)}` as `on${Capitalize<EventName>}`;
}
