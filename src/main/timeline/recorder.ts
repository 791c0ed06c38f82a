// The timeline in memory: flows of steps, bounded, each already masked. The raw values behind the
// masks are kept beside the flows (never inside them), so a flow can be sent, exported or
// persisted as it is, and a value is revealed only when the user asks for that one value.
import { randomUUID } from 'node:crypto';
import type {
  TimelineError,
  TimelineFlow,
  TimelineFlowKind,
  TimelineOutcome,
  TimelineStep,
} from '../../shared/timeline';
import type { SecretKeeper } from './mask';

export const DEFAULT_MAX_FLOWS = 200;
/** A device-code sign-in polls every few seconds for up to 15 minutes: keep its start and end. */
export const DEFAULT_MAX_STEPS_PER_FLOW = 120;

export interface FlowStart {
  credentialId: string | null;
  kind: TimelineFlowKind;
  title: string;
}

export type StepInput = Omit<TimelineStep, 'id' | 'startedAt' | 'durationMs' | 'outcome'> &
  Partial<Pick<TimelineStep, 'startedAt' | 'durationMs' | 'outcome'>>;

export interface StepHandle {
  readonly id: string;
  /** Completes the step: the duration is measured from its start unless given. */
  finish(update: Partial<Omit<TimelineStep, 'id'>>): void;
}

export interface FlowHandle {
  readonly id: string;
  readonly keeper: SecretKeeper;
  readonly kind: TimelineFlowKind;
  addStep(step: StepInput): StepHandle;
  /** Renames the flow once it is clear what it was (an automatic lookup that refreshed). */
  retitle(kind: TimelineFlowKind, title: string): void;
  stepCount(): number;
  finish(outcome: Exclude<TimelineOutcome, 'running'>, error?: TimelineError): void;
}

/**
 * What changed. `flows` are the recorder's own flows, not copies: a flow changes several times a
 * call (each step added and finished, then the flow), and a copy at each change was the
 * recorder's largest cost per call. A listener that keeps one past the call copies it then (the
 * timeline service copies each once per batch of events).
 */
export interface TimelineChange {
  flows: readonly TimelineFlow[];
  removedIds: string[];
  /** Set when the user removed flows (Clear, a credential deleted), not when the oldest made room. */
  cleared?: true;
}

export interface TimelineRecorder {
  startFlow(start: FlowStart): FlowHandle;
  list(): TimelineFlow[];
  get(flowId: string): TimelineFlow | undefined;
  /** Removes the flows of one credential, or all when null. Returns how many went. */
  clear(credentialId: string | null): number;
  reveal(secretRef: string): string | undefined;
  /** Flows read back from disk: masked already, with nothing to reveal. */
  restore(flows: TimelineFlow[]): void;
  onChange(listener: (change: TimelineChange) => void): () => void;
}

export interface TimelineRecorderOptions {
  maxFlows?: number;
  maxStepsPerFlow?: number;
  now?: () => number;
}

export function createTimelineRecorder(options: TimelineRecorderOptions = {}): TimelineRecorder {
  const maxFlows = options.maxFlows ?? DEFAULT_MAX_FLOWS;
  const maxSteps = options.maxStepsPerFlow ?? DEFAULT_MAX_STEPS_PER_FLOW;
  const now = options.now ?? Date.now;
  /** Oldest first. */
  let flows: TimelineFlow[] = [];
  /** secretRef -> raw value, and the refs each flow holds (forgotten with it). */
  const secrets = new Map<string, string>();
  const refsByFlow = new Map<string, string[]>();
  const listeners = new Set<(change: TimelineChange) => void>();

  const emit = (change: TimelineChange) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure must not fail the flow being recorded.
      }
    }
  };
  const forget = (removed: TimelineFlow[]) => {
    for (const flow of removed) {
      for (const ref of refsByFlow.get(flow.id) ?? []) secrets.delete(ref);
      refsByFlow.delete(flow.id);
    }
  };
  const changed = (flow: TimelineFlow) => {
    if (!flows.includes(flow)) return;
    emit({ flows: [flow], removedIds: [] });
  };
  const insert = (flow: TimelineFlow) => {
    flows.push(flow);
    const evicted = flows.length > maxFlows ? flows.splice(0, flows.length - maxFlows) : [];
    forget(evicted);
    if (evicted.length) emit({ flows: [], removedIds: evicted.map((f) => f.id) });
  };

  function startFlow(start: FlowStart): FlowHandle {
    const flow: TimelineFlow = {
      id: randomUUID(),
      credentialId: start.credentialId,
      kind: start.kind,
      title: start.title,
      startedAt: now(),
      endedAt: null,
      outcome: 'running',
      steps: [],
      droppedSteps: 0,
      repeat: 1,
    };
    let inserted = false;
    const ensureInserted = () => {
      if (!inserted) insert(flow);
      inserted = true;
    };
    const byValue = new Map<string, string>();
    const keeper: SecretKeeper = {
      keep(value) {
        let ref = byValue.get(value);
        if (!ref) {
          ref = randomUUID();
          byValue.set(value, ref);
          secrets.set(ref, value);
          refsByFlow.set(flow.id, [...(refsByFlow.get(flow.id) ?? []), ref]);
        }
        return ref;
      },
    };
    return {
      id: flow.id,
      keeper,
      get kind() {
        return flow.kind;
      },
      addStep(input) {
        ensureInserted();
        const step: TimelineStep = {
          ...input,
          id: randomUUID(),
          startedAt: input.startedAt ?? now(),
          durationMs: input.durationMs ?? null,
          outcome: input.outcome ?? 'running',
        };
        if (flow.steps.length >= maxSteps) {
          // Keep the first steps (how it began) and the newest one (how it is going).
          flow.steps.splice(maxSteps - 1, 1);
          flow.droppedSteps += 1;
        }
        flow.steps.push(step);
        changed(flow);
        return {
          id: step.id,
          finish(update) {
            Object.assign(step, update);
            if (update.durationMs === undefined && step.durationMs === null)
              step.durationMs = Math.max(0, now() - step.startedAt);
            if (step.outcome === 'running') step.outcome = 'ok';
            changed(flow);
          },
        };
      },
      retitle(kind, title) {
        flow.kind = kind;
        flow.title = title;
      },
      stepCount: () => flow.steps.length + flow.droppedSteps,
      finish(outcome, error) {
        flow.endedAt = now();
        flow.outcome = outcome;
        if (error) flow.error = error;
        const previous = newestOtherThan(flows, flow);
        const folds =
          flow.kind === 'cached' &&
          outcome === 'ok' &&
          previous?.kind === 'cached' &&
          previous.outcome === 'ok' &&
          previous.credentialId === flow.credentialId;
        if (previous && folds) {
          // A run of lookups served from the cache is one entry, not hundreds.
          previous.repeat += 1;
          previous.endedAt = flow.endedAt;
          forget([flow]);
          if (flows.includes(flow)) {
            flows = flows.filter((f) => f !== flow);
            emit({ flows: [], removedIds: [flow.id] });
          }
          changed(previous);
          return;
        }
        ensureInserted();
        changed(flow);
      },
    };
  }

  return {
    startFlow,
    list: () => structuredClone(flows),
    get: (flowId) => {
      const flow = flows.find((f) => f.id === flowId);
      return flow ? structuredClone(flow) : undefined;
    },
    clear(credentialId) {
      const removed =
        credentialId === null ? flows : flows.filter((f) => f.credentialId === credentialId);
      flows = credentialId === null ? [] : flows.filter((f) => f.credentialId !== credentialId);
      forget(removed);
      // Even with none in memory: copies on disk may still hold some of them.
      emit({ flows: [], removedIds: removed.map((f) => f.id), cleared: true });
      return removed.length;
    },
    reveal: (secretRef) => secrets.get(secretRef),
    restore(restored) {
      const known = new Set(flows.map((f) => f.id));
      // Refs point at values of a previous run, which are gone: the masks stay, Reveal cannot.
      const stripped = restored.filter((f) => !known.has(f.id)).map(stripRefs);
      flows = [...stripped, ...flows].slice(-maxFlows);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The newest flow that is not `flow`, without copying the list (this runs once a call). */
function newestOtherThan(
  flows: readonly TimelineFlow[],
  flow: TimelineFlow,
): TimelineFlow | undefined {
  for (let i = flows.length - 1; i >= 0; i -= 1) if (flows[i] !== flow) return flows[i];
  return undefined;
}

/** A copy with no reference to a revealable value: what is written to disk. */
export function stripRefs(flow: TimelineFlow): TimelineFlow {
  const copy = structuredClone(flow);
  const strip = (values: Array<{ secretRef?: string }> | undefined) =>
    values?.forEach((v) => delete v.secretRef);
  for (const step of copy.steps) {
    strip(step.request?.query);
    strip(step.request?.headers);
    strip(step.request?.form);
    strip(step.response?.headers);
    strip(step.response?.fields);
  }
  return copy;
}
