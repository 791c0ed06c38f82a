// Timeline slice: a copy of main's (masked) timeline, kept in step by the timelineChanged event,
// with the user's filters and selection. Revealed values live only in the component that asked.
import type { TimelineFlow, TimelineFlowKind, TimelineSettings } from '../../../../shared/timeline';
import type { SliceCreator } from '../../store/slice';
import type { NotificationsSlice } from '../notifications/notifications-slice';

export interface TimelineFilter {
  credentialId: string | 'all';
  kind: TimelineFlowKind | 'all';
  outcome: 'all' | 'ok' | 'failed';
}

export interface TimelineSlice {
  timelineFlows: Record<string, TimelineFlow>;
  timelineLoaded: boolean;
  timelineSettings: TimelineSettings;
  timelineFilter: TimelineFilter;
  selectedFlowId: string | null;
  /** Flows ticked for export. */
  exportSelection: string[];
  loadTimeline(): Promise<void>;
  applyTimelineChange(change: { flows: TimelineFlow[]; removedIds: string[] }): void;
  setTimelineFilter(patch: Partial<TimelineFilter>): void;
  selectFlow(id: string | null): void;
  toggleExport(id: string): void;
  clearTimeline(credentialId: string | null): Promise<void>;
  setTimelinePersist(persist: boolean): Promise<void>;
  /** The HAR text and file name, or null after notifying the failure. */
  exportHar(flowIds: string[]): Promise<{ fileName: string; text: string } | null>;
  stepCurl(
    flowId: string,
    stepId: string,
  ): Promise<{ command: string; variables: string[] } | null>;
  revealTimelineValue(secretRef: string): Promise<string | null>;
}

export const createTimelineSlice: SliceCreator<
  TimelineSlice,
  Pick<NotificationsSlice, 'notify'>
> = (set, get) => ({
  timelineFlows: {},
  timelineLoaded: false,
  timelineSettings: { persist: false },
  timelineFilter: { credentialId: 'all', kind: 'all', outcome: 'all' },
  selectedFlowId: null,
  exportSelection: [],

  async loadTimeline() {
    const result = await window.api.listTimeline();
    if (!result.ok) {
      get().notify('error', result.error.message);
      return;
    }
    const flows: Record<string, TimelineFlow> = {};
    for (const flow of result.value.flows) flows[flow.id] = flow;
    set({ timelineFlows: flows, timelineLoaded: true, timelineSettings: result.value.settings });
  },

  applyTimelineChange({ flows, removedIds }) {
    set((state) => {
      const next = { ...state.timelineFlows };
      for (const flow of flows) next[flow.id] = flow;
      for (const id of removedIds) delete next[id];
      const removed = new Set(removedIds);
      return {
        timelineFlows: next,
        selectedFlowId:
          state.selectedFlowId && removed.has(state.selectedFlowId) ? null : state.selectedFlowId,
        exportSelection: state.exportSelection.filter((id) => !removed.has(id)),
      };
    });
  },

  setTimelineFilter(patch) {
    set((state) => ({ timelineFilter: { ...state.timelineFilter, ...patch } }));
  },

  selectFlow(selectedFlowId) {
    set({ selectedFlowId });
  },

  toggleExport(id) {
    set((state) => ({
      exportSelection: state.exportSelection.includes(id)
        ? state.exportSelection.filter((x) => x !== id)
        : [...state.exportSelection, id],
    }));
  },

  async clearTimeline(credentialId) {
    const result = await window.api.clearTimeline({ credentialId });
    if (!result.ok) {
      get().notify('error', result.error.message);
      return;
    }
    set((state) => {
      const next = Object.fromEntries(
        Object.entries(state.timelineFlows).filter(
          ([, f]) => credentialId !== null && f.credentialId !== credentialId,
        ),
      );
      return {
        timelineFlows: next,
        selectedFlowId:
          state.selectedFlowId && next[state.selectedFlowId] ? state.selectedFlowId : null,
        exportSelection: state.exportSelection.filter((id) => next[id]),
      };
    });
    get().notify(
      'success',
      `Cleared ${result.value.cleared} ${result.value.cleared === 1 ? 'flow' : 'flows'} from the timeline.`,
    );
  },

  async setTimelinePersist(persist) {
    const result = await window.api.setTimelineSettings({ persist });
    if (result.ok) set({ timelineSettings: result.value });
    else get().notify('error', result.error.message);
  },

  async exportHar(flowIds) {
    const result = await window.api.exportTimelineHar({ flowIds });
    if (result.ok) return result.value;
    get().notify('error', result.error.message);
    return null;
  },

  async stepCurl(flowId, stepId) {
    const result = await window.api.copyTimelineStepAsCurl({ flowId, stepId });
    if (result.ok) return result.value;
    get().notify('error', result.error.message);
    return null;
  },

  async revealTimelineValue(secretRef) {
    const result = await window.api.revealTimelineValue({ secretRef });
    if (result.ok) return result.value.value;
    get().notify('error', result.error.message);
    return null;
  },
});
