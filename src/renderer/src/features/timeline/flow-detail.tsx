// One flow: what failed and why, a waterfall of its steps (each bar placed at its start and as
// long as it took), and the chosen step in full.
import { useState } from 'react';
import type { TimelineFlow } from '../../../../shared/timeline';
import { useAppStore } from '../../store/app-store';
import { flowSpanMs, formatMs } from './filter-flows';
import { saveTextFile } from '../../ui/save-text-file';
import { StepDetail } from './step-detail';

export function FlowDetail({ flow }: { flow: TimelineFlow }) {
  const exportHar = useAppStore((s) => s.exportHar);
  const [stepId, setStepId] = useState<string | null>(null);
  const failed = flow.steps.find((s) => s.outcome === 'failed');
  const chosen = flow.steps.find((s) => s.id === stepId) ?? failed ?? flow.steps[0];
  const span = flowSpanMs(flow);

  const saveHar = async () => {
    const har = await exportHar([flow.id]);
    if (har) saveTextFile(har.fileName, har.text, 'application/json');
  };

  return (
    <section className="tl-flow-detail" aria-label={`Flow ${flow.title}`}>
      <header className="tl-flow-head">
        <h3>{flow.title}</h3>
        <span className="muted">
          {new Date(flow.startedAt).toLocaleTimeString()} ·{' '}
          {formatMs(flow.endedAt === null ? null : flow.endedAt - flow.startedAt)}
          {flow.repeat > 1 ? ` · ${flow.repeat} times in a row` : ''}
        </span>
        <button type="button" onClick={() => void saveHar()}>
          Export flow as HAR
        </button>
      </header>
      {flow.error ? (
        <p className="tl-error" role="note" aria-label="Flow error">
          {flow.error.message}
        </p>
      ) : null}
      <ol className="tl-waterfall" aria-label="Waterfall">
        {flow.steps.map((step) => {
          const offset = ((step.startedAt - flow.startedAt) / span) * 100;
          const width = Math.max(
            0.5,
            ((step.durationMs ?? span - (step.startedAt - flow.startedAt)) / span) * 100,
          );
          return (
            <li
              key={step.id}
              className={`tl-row tl-${step.outcome}${chosen?.id === step.id ? ' selected' : ''}`}
            >
              <button
                type="button"
                className="tl-row-button"
                aria-pressed={chosen?.id === step.id}
                onClick={() => setStepId(step.id)}
              >
                <span className="tl-row-title">
                  {step.outcome === 'failed' ? '✕ ' : ''}
                  {step.title}
                  {step.response ? ` · ${step.response.status}` : ''}
                </span>
                <span className="tl-track" aria-hidden="true">
                  <span
                    className={`tl-bar tl-bar-${step.kind === 'decision' ? 'decision' : step.outcome}`}
                    style={{
                      marginLeft: `${Math.min(offset, 99.5)}%`,
                      width: `${Math.min(width, 100 - Math.min(offset, 99.5))}%`,
                    }}
                  />
                </span>
                <span className="tl-row-time">
                  {step.kind === 'decision' ? '' : formatMs(step.durationMs)}
                </span>
              </button>
              {step.error && chosen?.id !== step.id ? (
                <span className="tl-row-error">{step.error.message}</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {flow.droppedSteps > 0 ? (
        <p className="muted">
          {flow.droppedSteps} steps in the middle were not kept (the flow has more than the timeline
          keeps).
        </p>
      ) : null}
      {chosen ? (
        <StepDetail key={chosen.id} flowId={flow.id} step={chosen} />
      ) : (
        <p className="muted">No request was needed.</p>
      )}
    </section>
  );
}
