// Decides whether a client may use a credential through the broker: the pause switch, the
// credential's policy (ask / allow / forbid), remembered approvals, and otherwise a prompt in the
// app that the caller waits on. Nothing defaults to allow: an unanswered prompt is a denial.
import { randomUUID } from 'node:crypto';
import {
  brokerPolicySchema,
  DEFAULT_BROKER_POLICY,
  type ApprovalDecision,
  type BrokerAccountRef,
  type BrokerApproval,
  type BrokerClientInfo,
  type BrokerOperation,
  type BrokerPolicy,
  type BrokerPrompt,
} from '../../shared/broker';
import type { CredentialConfig } from '../../shared/credential';
import type { EnvironmentMarker } from '../../shared/environment';
import { brokerPaused, BrokerError, clientLeft } from './broker-errors';
import type { BrokerSettings } from './broker-store';

const HOUR_MS = 60 * 60 * 1000;

/**
 * What one approval covers within a credential: a production environment is approved on its own
 * (saying yes for QA must not hand out Production's token), the other environments share one.
 */
function approvalScope(environment: EnvironmentMarker | undefined): string | undefined {
  return environment?.production ? environment.id : undefined;
}

export interface AccessRequest {
  credential: CredentialConfig;
  client: BrokerClientInfo;
  clientKey: string;
  operation: BrokerOperation;
  origin: string | null;
  /** The credential's environment the use is of: the prompt names it. */
  environment?: EnvironmentMarker | undefined;
  /** The account the use is as, when the credential holds more than one: the prompt names it. */
  account?: BrokerAccountRef | undefined;
  /** How long the caller waits for an answer. */
  waitMs: number;
  /** Aborts when the caller leaves: it stops waiting, and a prompt no one waits for is withdrawn. */
  signal?: AbortSignal;
}

export interface AccessGateDeps {
  settings: () => BrokerSettings;
  saveSettings: (settings: BrokerSettings) => void;
  now?: () => number;
  /** The prompts or approvals changed: the app shows the new state. */
  changed: () => void;
  prompted: (prompt: BrokerPrompt) => void;
}

interface Pending {
  prompt: BrokerPrompt;
  clientKey: string;
  scope: string | undefined;
  waiters: Set<(decision: ApprovalDecision) => void>;
  timer: NodeJS.Timeout;
}

export interface AccessGate {
  /** Resolves when allowed; rejects with a BrokerError (paused, forbidden, denied) otherwise. */
  check(request: AccessRequest): Promise<void>;
  answer(promptId: string, decision: ApprovalDecision): boolean;
  revoke(approvalId: string): boolean;
  /** Drops every approval and policy of a deleted credential. */
  forgetCredential(credentialId: string): void;
  setPaused(paused: boolean): void;
  paused(): boolean;
  policy(credentialId: string): BrokerPolicy;
  policies(): Record<string, BrokerPolicy>;
  setPolicy(credentialId: string, policy: BrokerPolicy): void;
  prompts(): BrokerPrompt[];
  approvals(): BrokerApproval[];
  /** Denies every open prompt (on shutdown). */
  close(): void;
}

export function createAccessGate(deps: AccessGateDeps): AccessGate {
  const now = deps.now ?? Date.now;
  /** session and hour approvals: gone when the app stops. */
  let transient: BrokerApproval[] = [];
  const pending = new Map<string, Pending>();

  const persisted = () => deps.settings().approvals;
  const live = (approval: BrokerApproval) =>
    approval.expiresAt === null || approval.expiresAt > now();
  const allApprovals = () => [...persisted(), ...transient].filter(live);

  const policy = (credentialId: string): BrokerPolicy => {
    const stored = deps.settings().policies[credentialId];
    if (stored === undefined) return { ...DEFAULT_BROKER_POLICY };
    // A hand-edited or older file must not widen access: an invalid policy reads as the default.
    const parsed = brokerPolicySchema.safeParse(stored);
    return parsed.success ? parsed.data : { ...DEFAULT_BROKER_POLICY };
  };

  const remember = (request: AccessRequest, decision: 'session' | 'hour' | 'always') => {
    const approval: BrokerApproval = {
      id: randomUUID(),
      credentialId: request.credential.id,
      credentialName: request.credential.name,
      clientKey: request.clientKey,
      client: request.client,
      scope: decision,
      ...(request.environment?.production ? { environment: request.environment } : {}),
      grantedAt: now(),
      expiresAt: decision === 'hour' ? now() + HOUR_MS : null,
    };
    if (decision === 'always') {
      const settings = deps.settings();
      deps.saveSettings({ ...settings, approvals: [...settings.approvals, approval] });
    } else {
      transient = [...transient.filter(live), approval];
    }
    deps.changed();
  };

  const ask = (request: AccessRequest): Promise<ApprovalDecision | 'left'> => {
    // A caller that left already is not prompted for: nobody would take the answer.
    if (request.signal?.aborted) return Promise.resolve('left');
    // Concurrent requests of one client for what one approval covers share one prompt.
    const scope = approvalScope(request.environment);
    const existing = [...pending.values()].find(
      (p) =>
        p.prompt.credentialId === request.credential.id &&
        p.clientKey === request.clientKey &&
        p.scope === scope,
    );
    if (existing) return wait(existing, request.signal);
    const prompt: BrokerPrompt = {
      id: randomUUID(),
      credentialId: request.credential.id,
      credentialName: request.credential.name,
      client: request.client,
      operation: request.operation,
      origin: request.origin,
      ...(request.environment ? { environment: request.environment } : {}),
      ...(request.account ? { account: request.account } : {}),
      createdAt: now(),
      expiresAt: now() + request.waitMs,
    };
    const timer = setTimeout(() => settle(prompt.id, 'deny'), request.waitMs);
    timer.unref?.();
    const entry: Pending = {
      prompt,
      clientKey: request.clientKey,
      scope,
      waiters: new Set(),
      timer,
    };
    pending.set(prompt.id, entry);
    const answer = wait(entry, request.signal);
    deps.prompted(prompt);
    deps.changed();
    return answer;
  };

  /** One caller waiting on a prompt; when the last one leaves, the prompt is withdrawn unanswered. */
  const wait = (entry: Pending, signal?: AbortSignal): Promise<ApprovalDecision | 'left'> =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve('left');
      const waiter = (decision: ApprovalDecision) => {
        signal?.removeEventListener('abort', onLeave);
        resolve(decision);
      };
      const onLeave = () => {
        entry.waiters.delete(waiter);
        resolve('left');
        if (entry.waiters.size === 0 && pending.get(entry.prompt.id) === entry) {
          clearTimeout(entry.timer);
          pending.delete(entry.prompt.id);
          deps.changed();
        }
      };
      entry.waiters.add(waiter);
      signal?.addEventListener('abort', onLeave, { once: true });
    });

  const settle = (promptId: string, decision: ApprovalDecision): boolean => {
    const entry = pending.get(promptId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    pending.delete(promptId);
    for (const waiter of entry.waiters) waiter(decision);
    deps.changed();
    return true;
  };

  return {
    async check(request) {
      if (deps.settings().paused) {
        throw brokerPaused();
      }
      const rules = policy(request.credential.id);
      if (rules.access === 'forbid') {
        throw new BrokerError(
          'forbidden',
          `"${request.credential.name}" is not available to scripts: its broker access is set to Forbid in the app.`,
        );
      }
      if (rules.access === 'allow') return;
      const scope = approvalScope(request.environment);
      const approved = allApprovals().some(
        (a) =>
          a.credentialId === request.credential.id &&
          a.clientKey === request.clientKey &&
          approvalScope(a.environment) === scope,
      );
      if (approved) return;
      const decision = await ask(request);
      if (decision === 'left') throw clientLeft();
      if (decision === 'deny') {
        throw new BrokerError(
          'denied',
          `Access to "${request.credential.name}" was denied in OAuth Desk (or not answered in time). Ask again and choose Allow in the app.`,
        );
      }
      if (decision !== 'once') remember(request, decision);
    },
    answer: (promptId, decision) => settle(promptId, decision),
    revoke(approvalId) {
      const before = transient.length;
      transient = transient.filter((a) => a.id !== approvalId);
      const settings = deps.settings();
      const kept = settings.approvals.filter((a) => a.id !== approvalId);
      if (kept.length !== settings.approvals.length)
        deps.saveSettings({ ...settings, approvals: kept });
      const revoked = before !== transient.length || kept.length !== settings.approvals.length;
      if (revoked) deps.changed();
      return revoked;
    },
    forgetCredential(credentialId) {
      transient = transient.filter((a) => a.credentialId !== credentialId);
      const settings = deps.settings();
      const policies = { ...settings.policies };
      delete policies[credentialId];
      deps.saveSettings({
        ...settings,
        policies,
        approvals: settings.approvals.filter((a) => a.credentialId !== credentialId),
      });
      for (const [id, entry] of pending)
        if (entry.prompt.credentialId === credentialId) settle(id, 'deny');
      deps.changed();
    },
    setPaused(paused) {
      deps.saveSettings({ ...deps.settings(), paused });
      // Pausing answers every open prompt: nothing may slip through while paused.
      if (paused) for (const id of [...pending.keys()]) settle(id, 'deny');
      deps.changed();
    },
    paused: () => deps.settings().paused,
    policy,
    policies() {
      const result: Record<string, BrokerPolicy> = {};
      for (const id of Object.keys(deps.settings().policies)) result[id] = policy(id);
      return result;
    },
    setPolicy(credentialId, next) {
      const settings = deps.settings();
      deps.saveSettings({ ...settings, policies: { ...settings.policies, [credentialId]: next } });
      deps.changed();
    },
    prompts: () => [...pending.values()].map((p) => p.prompt),
    approvals: () => allApprovals(),
    close() {
      for (const id of [...pending.keys()]) settle(id, 'deny');
    },
  };
}
