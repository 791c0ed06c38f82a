// The token broker, assembled: its store, access gate, service and socket, and the IPC handlers
// the app's Broker tab and approval prompt call. `createAppServices` builds one for the Electron
// app and browser mode alike.
import type { BrokerSignInNeeded, BrokerState } from '../../shared/broker';
import {
  validationError,
  type EventEmitterPort,
  type InvokeHandlers,
} from '../../shared/ipc-contract';
import { parseTargetId } from '../../shared/environment';
import type { CredentialSummary } from '../../shared/status';
import type { FetchLike, Logger, OAuthEngine } from '../oauth/ports';
import { createRequestRunner } from '../services/request-runner';
import { createAccessGate } from './access-gate';
import { checkToolForCredential, createApiTools, renderToolCall, toolView } from './api-tools';
import { brokerPaused, BrokerError } from './broker-errors';
import { brokerTarget } from './broker-environment';
import { brokerRequestSchema } from './broker-protocol';
import { createBrokerService } from './broker-service';
import { openBrokerStore } from './broker-store';
import { identifyClient } from './client-identity';
import { startBrokerSocket, type BrokerSocketServer } from './socket-server';
import { createTokenLedger } from './token-ledger';

export type BrokerHandlerName =
  | 'getBrokerState'
  | 'answerBrokerPrompt'
  | 'setBrokerPaused'
  | 'setBrokerPolicy'
  | 'revokeBrokerApproval'
  | 'listBrokerAudit'
  | 'listApiTools'
  | 'saveApiTool'
  | 'deleteApiTool';

export interface BrokerOptions {
  dataDir: string;
  engine: OAuthEngine;
  emit: EventEmitterPort;
  fetch?: FetchLike;
  logger?: Logger;
  now?: () => number;
}

export interface Broker {
  handlers: Pick<InvokeHandlers, BrokerHandlerName>;
  /** Handles one decoded request line from the socket; `left` aborts when its client leaves. */
  handleFrame(raw: unknown, left?: AbortSignal): Promise<unknown>;
  /** Starts listening; a failure is reported in the state and returned, never thrown. */
  listen(): Promise<string | null>;
  credentialChanged(summary: CredentialSummary): void;
  credentialRemoved(id: string): void;
  warnings: string[];
  close(): Promise<void>;
}

export async function createBroker(options: BrokerOptions): Promise<Broker> {
  const store = await openBrokerStore({ dataDir: options.dataDir });
  const ledger = createTokenLedger();
  let socket: BrokerSocketServer | null = null;
  let problem: string | null = null;
  const signInWaiters = new Map<string, Set<() => void>>();

  let revision = 0;
  const state = (): BrokerState => ({
    revision,
    paused: gate.paused(),
    endpoint: socket?.endpoint ?? null,
    problem,
    prompts: gate.prompts(),
    approvals: gate.approvals(),
    policies: gate.policies(),
  });
  const changed = () => {
    revision += 1;
    options.emit('brokerChanged', state());
  };
  const gate = createAccessGate({
    settings: store.settings,
    saveSettings: store.saveSettings,
    changed,
    prompted: (prompt) => options.emit('brokerPrompt', prompt),
    ...(options.now ? { now: options.now } : {}),
  });
  const tools = createApiTools({
    load: store.tools,
    save: store.saveTools,
    ...(options.now ? { now: options.now } : {}),
  });

  // The broker's own runner records which tokens it used, so that answers can have them cut out.
  const recordingEngine = {
    getAccessToken: async (id: string, o?: { forceRefresh?: boolean }) => {
      const token = await options.engine.getAccessToken(id, o);
      // Kept per credential whichever environment issued it: answers are scrubbed by credential.
      ledger.remember(parseTargetId(id).credentialId, token.accessToken);
      return token;
    },
    get: (id: string) => options.engine.get(id),
    // RFC 9449 §7: a DPoP-bound token goes to the API with proofs signed by the credential's key.
    dpopHandle: (id: string) => options.engine.dpopHandle(id),
    // RFC 8705 §3: a certificate-bound token goes with the credential's client certificate.
    apiTransport: (id: string) => options.engine.apiTransport(id),
  };
  const runner = createRequestRunner({
    engine: recordingEngine,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const service = createBrokerService({
    engine: options.engine,
    runner,
    gate,
    ledger,
    audit: (entry) => {
      store.appendAudit(entry);
      options.emit('brokerAudit', entry);
    },
    signInNeeded: (notice: BrokerSignInNeeded) => options.emit('brokerSignInNeeded', notice),
    waitForSignIn: (credentialId, ms, signal) =>
      new Promise<boolean>((resolve) => {
        const waiters = signInWaiters.get(credentialId) ?? new Set<() => void>();
        signInWaiters.set(credentialId, waiters);
        const done = (connected: boolean) => {
          clearTimeout(timer);
          waiters.delete(onConnected);
          signal?.removeEventListener('abort', onLeft);
          resolve(connected);
        };
        const onConnected = () => done(true);
        const onLeft = () => done(false);
        const timer = setTimeout(() => done(false), Math.max(0, ms));
        timer.unref?.();
        waiters.add(onConnected);
        if (signal?.aborted) done(false);
        else signal?.addEventListener('abort', onLeft, { once: true });
      }),
    ...(options.now ? { now: options.now } : {}),
  });

  async function handleFrame(raw: unknown, left?: AbortSignal): Promise<unknown> {
    const parsed = brokerRequestSchema.safeParse(raw);
    if (!parsed.success) throw new BrokerError('validation', validationError(parsed.error).message);
    const request = parsed.data;
    const client = identifyClient(request.client);
    if (request.op === 'tools') {
      if (gate.paused()) throw brokerPaused();
      const names = new Map((await options.engine.list()).map((s) => [s.config.id, s.config.name]));
      return tools.list().map((tool) => toolView(tool, names.get(tool.credentialId) ?? null));
    }
    if (request.op === 'tool') {
      const tool = tools.find(request.tool);
      if (!tool)
        throw new BrokerError(
          'not_found',
          `No saved API tool named "${request.tool}". Save one from the request tester in OAuth Desk.`,
        );
      const summary = await service.findCredential(tool.credentialId);
      const call = renderToolCall(tool, request.arguments);
      const origin = new URL(call.url).origin;
      const { environment, account } = await brokerTarget(
        options,
        summary,
        request.environment,
        request.account,
      );
      return service.audited(
        client,
        { credential: summary.config, operation: 'tool', origin, environment, account },
        request.waitMs,
        async () => {
          service.checkOrigin(summary.config, call.url);
          return service.call(summary.config, call, left, environment?.id);
        },
        left,
      );
    }
    return service.handle(request, client, left);
  }

  const handlers: Broker['handlers'] = {
    getBrokerState: async () => state(),
    answerBrokerPrompt: async ({ promptId, decision }) => ({
      answered: gate.answer(promptId, decision),
    }),
    setBrokerPaused: async ({ paused }) => {
      gate.setPaused(paused);
      return state();
    },
    setBrokerPolicy: async ({ credentialId, policy }) => {
      await options.engine.get(credentialId); // not_found for an unknown id
      gate.setPolicy(credentialId, policy);
      return state();
    },
    revokeBrokerApproval: async ({ approvalId }) => ({ revoked: gate.revoke(approvalId) }),
    listBrokerAudit: async ({ credentialId }) =>
      store.audit().filter((e) => credentialId === null || e.credentialId === credentialId),
    listApiTools: async () => tools.list(),
    saveApiTool: async ({ id, input }) => {
      const credential = await options.engine.get(input.credentialId);
      checkToolForCredential(
        input,
        credential.config.name,
        gate.policy(credential.config.id).allowedOrigins,
      );
      return tools.save(id, input);
    },
    deleteApiTool: async ({ id }) => tools.delete(id),
  };

  return {
    handlers,
    handleFrame,
    warnings: store.warnings,
    async listen() {
      try {
        socket = await startBrokerSocket({ dataDir: options.dataDir, handle: handleFrame });
        problem = null;
        return null;
      } catch (error) {
        problem = `The token broker could not start, so scripts cannot get tokens: ${error instanceof Error ? error.message : String(error)}`;
        options.logger?.warn('Token broker could not start', {
          reason: error instanceof Error ? error.message : 'unknown',
        });
        return problem;
      }
    },
    credentialChanged(summary) {
      if (summary.status.state !== 'connected') return;
      for (const wake of [...(signInWaiters.get(summary.config.id) ?? [])]) wake();
    },
    credentialRemoved(id) {
      ledger.forget(id);
      gate.forgetCredential(id);
    },
    async close() {
      gate.close();
      runner.cancelAll();
      await socket?.close();
      socket = null;
      await store.close();
    },
  };
}
