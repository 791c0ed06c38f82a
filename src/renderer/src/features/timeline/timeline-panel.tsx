// The timeline tab: every flow the app ran (sign-ins, refreshes, tests, API calls), masked,
// filterable by credential, kind and outcome, with HAR export of a flow or a selection.
import { useEffect, useMemo } from 'react';
import { TIMELINE_FLOW_KINDS, type TimelineFlow } from '../../../../shared/timeline';
import { useAppStore } from '../../store/app-store';
import { FLOW_KIND_LABELS, filterFlows, formatMs } from './filter-flows';
import { FlowDetail } from './flow-detail';
import { saveTextFile } from '../../ui/save-text-file';
import type { TimelineFilter } from './timeline-slice';
import './timeline.css';

export function TimelinePanel() {
  const flows = useAppStore((s) => s.timelineFlows);
  const loaded = useAppStore((s) => s.timelineLoaded);
  const filter = useAppStore((s) => s.timelineFilter);
  const settings = useAppStore((s) => s.timelineSettings);
  const selectedId = useAppStore((s) => s.selectedFlowId);
  const selection = useAppStore((s) => s.exportSelection);
  const credentials = useAppStore((s) => s.credentials);
  const {
    loadTimeline,
    setTimelineFilter,
    selectFlow,
    toggleExport,
    clearTimeline,
    setTimelinePersist,
    exportHar,
  } = useAppStore.getState();

  useEffect(() => {
    void loadTimeline();
  }, [loadTimeline]);

  const shown = useMemo(() => filterFlows(flows, filter), [flows, filter]);
  const selected = selectedId ? flows[selectedId] : shown[0];
  const nameOf = (flow: TimelineFlow) =>
    flow.credentialId
      ? (credentials[flow.credentialId]?.config.name ?? 'Deleted credential')
      : 'No credential';

  const exportSelection = async () => {
    const har = await exportHar(selection);
    if (har) saveTextFile(har.fileName, har.text, 'application/json');
  };

  return (
    <section className="timeline" aria-label="Timeline">
      <div className="tl-toolbar" role="toolbar" aria-label="Timeline actions">
        <label>
          Filter by credential
          <select
            value={filter.credentialId}
            onChange={(e) => setTimelineFilter({ credentialId: e.target.value })}
          >
            <option value="all">All credentials</option>
            {Object.values(credentials).map((c) => (
              <option key={c.config.id} value={c.config.id}>
                {c.config.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Filter by kind
          <select
            value={filter.kind}
            onChange={(e) => setTimelineFilter({ kind: e.target.value as TimelineFilter['kind'] })}
          >
            <option value="all">All kinds</option>
            {TIMELINE_FLOW_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {FLOW_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Filter by outcome
          <select
            value={filter.outcome}
            onChange={(e) =>
              setTimelineFilter({ outcome: e.target.value as TimelineFilter['outcome'] })
            }
          >
            <option value="all">Any outcome</option>
            <option value="ok">Succeeded</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <button
          type="button"
          disabled={selection.length === 0}
          onClick={() => void exportSelection()}
        >
          Export selected as HAR{selection.length ? ` (${selection.length})` : ''}
        </button>
        <button
          type="button"
          className="danger"
          disabled={shown.length === 0}
          onClick={() =>
            void clearTimeline(filter.credentialId === 'all' ? null : filter.credentialId)
          }
        >
          {filter.credentialId === 'all' ? 'Clear timeline' : 'Clear this credential’s flows'}
        </button>
        <label className="tl-persist">
          <input
            type="checkbox"
            checked={settings.persist}
            onChange={(e) => void setTimelinePersist(e.target.checked)}
          />
          Keep across restarts (masked, no secrets)
        </label>
      </div>
      {loaded && shown.length === 0 ? (
        <div className="empty-state">
          <p className="empty-title">
            {Object.keys(flows).length ? 'No flow matches the filters' : 'Nothing recorded yet'}
          </p>
          <p>
            Every sign-in, token request, refresh, revocation and request tester call made with a
            credential shows here, with secrets masked.
          </p>
        </div>
      ) : (
        <div className="tl-panes">
          <ul className="tl-flows" aria-label="Flows">
            {shown.map((flow) => (
              <li
                key={flow.id}
                className={`tl-flow tl-${flow.outcome}${selected?.id === flow.id ? ' selected' : ''}`}
              >
                <input
                  type="checkbox"
                  aria-label={`Select ${flow.title} for export`}
                  checked={selection.includes(flow.id)}
                  onChange={() => toggleExport(flow.id)}
                />
                <button
                  type="button"
                  className="tl-flow-button"
                  aria-pressed={selected?.id === flow.id}
                  onClick={() => selectFlow(flow.id)}
                >
                  <span className="tl-flow-title">
                    {flow.outcome === 'failed' ? '✕ ' : ''}
                    {flow.title}
                    {flow.repeat > 1 ? ` ×${flow.repeat}` : ''}
                  </span>
                  <span className="muted">
                    {nameOf(flow)} · {new Date(flow.startedAt).toLocaleTimeString()} ·{' '}
                    {flow.steps.length} {flow.steps.length === 1 ? 'step' : 'steps'} ·{' '}
                    {formatMs(flow.endedAt === null ? null : flow.endedAt - flow.startedAt)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {selected ? <FlowDetail key={selected.id} flow={selected} /> : null}
        </div>
      )}
    </section>
  );
}
