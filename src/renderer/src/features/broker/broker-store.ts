// The Broker tab's state: a copy of main's broker state (prompts, approvals, policies, pause),
// the audit of the credential on screen, and the saved API tools. Main owns all of it; every
// change is a call to window.api, and main's events keep this copy current.
import { create } from 'zustand';
import type {
  ApiTool,
  ApiToolDraft,
  ApprovalDecision,
  BrokerAuditEntry,
  BrokerPolicy,
  BrokerSignInNeeded,
  BrokerState,
} from '../../../../shared/broker';
import type { AppErrorInfo } from '../../../../shared/errors';

export interface BrokerStore {
  state: BrokerState | null;
  audit: BrokerAuditEntry[];
  auditFor: string | null;
  tools: ApiTool[];
  signIns: BrokerSignInNeeded[];
  error: AppErrorInfo | null;
  load(): Promise<void>;
  loadAudit(credentialId: string | null): Promise<void>;
  answer(promptId: string, decision: ApprovalDecision): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
  setPolicy(credentialId: string, policy: BrokerPolicy): Promise<AppErrorInfo | null>;
  revoke(approvalId: string): Promise<void>;
  saveTool(id: string | null, input: ApiToolDraft): Promise<AppErrorInfo | null>;
  deleteTool(id: string): Promise<void>;
  dismissSignIn(credentialId: string): void;
}

/**
 * The newer of two copies of main's state. An answer to getBrokerState can be overtaken by a
 * later change's event (in browser mode they come on different connections): applying the older
 * one would bring back a prompt that is already gone.
 */
function newest(current: BrokerState | null, next: BrokerState): BrokerState {
  return current && current.revision > next.revision ? current : next;
}

export const useBrokerStore = create<BrokerStore>()((set, get) => ({
  state: null,
  audit: [],
  auditFor: null,
  tools: [],
  signIns: [],
  error: null,
  async load() {
    const [state, tools] = await Promise.all([
      window.api.getBrokerState(),
      window.api.listApiTools(),
    ]);
    set({
      ...(state.ok ? { state: newest(get().state, state.value) } : { error: state.error }),
      ...(tools.ok ? { tools: tools.value } : {}),
    });
  },
  async loadAudit(credentialId) {
    set({ auditFor: credentialId });
    const result = await window.api.listBrokerAudit({ credentialId });
    if (result.ok && get().auditFor === credentialId) set({ audit: result.value });
  },
  async answer(promptId, decision) {
    await window.api.answerBrokerPrompt({ promptId, decision });
  },
  async setPaused(paused) {
    // The switch follows the click at once (a controlled checkbox whose state waits for main
    // snaps back, and the click looks ignored); main's answer then replaces it, and a failure
    // puts back what was there.
    const before = get().state;
    if (before) set({ state: { ...before, paused } });
    const result = await window.api.setBrokerPaused({ paused });
    // The optimistic copy keeps its revision: main's answer is newer than it.
    set({ state: result.ok ? newest(get().state, result.value) : before });
  },
  async setPolicy(credentialId, policy) {
    const result = await window.api.setBrokerPolicy({ credentialId, policy });
    if (!result.ok) return result.error;
    set({ state: newest(get().state, result.value) });
    return null;
  },
  async revoke(approvalId) {
    await window.api.revokeBrokerApproval({ approvalId });
  },
  async saveTool(id, input) {
    const result = await window.api.saveApiTool({ id, input });
    if (!result.ok) return result.error;
    const tools = await window.api.listApiTools();
    if (tools.ok) set({ tools: tools.value });
    return null;
  },
  async deleteTool(id) {
    await window.api.deleteApiTool({ id });
    const tools = await window.api.listApiTools();
    if (tools.ok) set({ tools: tools.value });
  },
  dismissSignIn(credentialId) {
    set({ signIns: get().signIns.filter((s) => s.credentialId !== credentialId) });
  },
}));

/** Subscribes to main's broker events; returns the unsubscribe function. */
export function subscribeToBrokerEvents(): () => void {
  const store = useBrokerStore;
  const offs = [
    window.api.onBrokerChanged((state) =>
      store.setState((s) => ({ state: newest(s.state, state) })),
    ),
    window.api.onBrokerPrompt(() => void store.getState().load()),
    window.api.onBrokerSignInNeeded((notice) =>
      store.setState((s) => ({
        signIns: [...s.signIns.filter((n) => n.credentialId !== notice.credentialId), notice],
      })),
    ),
    window.api.onBrokerAudit((entry) => {
      const { auditFor } = store.getState();
      if (auditFor === null || auditFor === entry.credentialId)
        store.setState((s) => ({ audit: [entry, ...s.audit].slice(0, 500) }));
    }),
  ];
  void store.getState().load();
  return () => offs.forEach((off) => off());
}
