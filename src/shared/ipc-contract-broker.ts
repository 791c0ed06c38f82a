// The token broker's section of the IPC contract (src/main/broker/): approvals, policies, audit
// and saved API tools. Spread into `invokeContract` and `eventContract` in ipc-contract.ts, which
// derives everything else (handlers, preload, bridge, `window.api`) from the combined map.
import {
  brokerIpcSchemas,
  type ApiTool,
  type BrokerAuditEntry,
  type BrokerPrompt,
  type BrokerSignInNeeded,
  type BrokerState,
} from './broker';
import { none, returns } from './ipc-contract-kit';

/** name -> request schema + response type, as in `invokeContract`. */
export const brokerInvokeContract = {
  getBrokerState: { channel: 'broker:state', request: none, response: returns<BrokerState>() },
  answerBrokerPrompt: {
    channel: 'broker:answer',
    request: brokerIpcSchemas.answerPrompt,
    response: returns<{ answered: boolean }>(),
  },
  setBrokerPaused: {
    channel: 'broker:pause',
    request: brokerIpcSchemas.setPaused,
    response: returns<BrokerState>(),
  },
  setBrokerPolicy: {
    channel: 'broker:policy',
    request: brokerIpcSchemas.setPolicy,
    response: returns<BrokerState>(),
  },
  revokeBrokerApproval: {
    channel: 'broker:revoke-approval',
    request: brokerIpcSchemas.revokeApproval,
    response: returns<{ revoked: boolean }>(),
  },
  listBrokerAudit: {
    channel: 'broker:audit',
    request: brokerIpcSchemas.listAudit,
    response: returns<BrokerAuditEntry[]>(),
  },
  listApiTools: { channel: 'tools:list', request: none, response: returns<ApiTool[]>() },
  saveApiTool: {
    channel: 'tools:save',
    request: brokerIpcSchemas.saveTool,
    response: returns<ApiTool>(),
  },
  deleteApiTool: {
    channel: 'tools:delete',
    request: brokerIpcSchemas.deleteTool,
    response: returns<{ id: string }>(),
  },
} as const;

/** Main -> renderer notifications of the broker, as in `eventContract`. */
export const brokerEventContract = {
  brokerChanged: { channel: 'event:broker-changed', payload: returns<BrokerState>() },
  /** A client waits for the user's answer. */
  brokerPrompt: { channel: 'event:broker-prompt', payload: returns<BrokerPrompt>() },
  brokerSignInNeeded: { channel: 'event:broker-sign-in', payload: returns<BrokerSignInNeeded>() },
  brokerAudit: { channel: 'event:broker-audit', payload: returns<BrokerAuditEntry>() },
} as const;
