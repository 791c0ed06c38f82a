// One step in full: the request (URL parameters, headers, form fields as tables), the response
// (status, headers, fields, body), decoded JWTs, the error explained, and Copy as curl.
import { displayEndpoint } from '../../../../shared/display-host';
import type { TimelineStep, TimelineValue } from '../../../../shared/timeline';
import { useAppStore } from '../../store/app-store';
import { copyText } from '../../ui/clipboard';
import { ClaimsTable } from '../credentials/jwt-claims';
import { ValuesTable } from './masked-value';
import { formatMs } from './filter-flows';

const URL_STEPS = new Set<TimelineStep['kind']>(['authorization_request', 'callback', 'redirect']);

function DecodedJwts({ values }: { values: TimelineValue[] }) {
  return (
    <>
      {values
        .filter((v) => v.jwt)
        .map((v, i) => (
          <div key={`${v.name}-${i}`} className="tl-jwt">
            <ClaimsTable title={`${v.name}: JWT header`} claims={v.jwt!.header} />
            <ClaimsTable title={`${v.name}: JWT claims`} claims={v.jwt!.claims} />
          </div>
        ))}
    </>
  );
}

export function StepDetail({ flowId, step }: { flowId: string; step: TimelineStep }) {
  const stepCurl = useAppStore((s) => s.stepCurl);
  const notify = useAppStore((s) => s.notify);
  const { request, response } = step;

  const copyCurl = async () => {
    const result = await stepCurl(flowId, step.id);
    if (!result) return;
    const copied = await copyText(result.command);
    const vars = result.variables.length
      ? ` Set ${result.variables.map((v) => `$${v}`).join(', ')} before running it.`
      : '';
    notify(
      copied ? 'success' : 'error',
      copied ? `curl command copied.${vars}` : 'Could not write to the clipboard.',
    );
  };

  return (
    <section className="tl-step-detail" aria-label={`Step ${step.title}`}>
      <header className="tl-step-head">
        <h4>{step.title}</h4>
        <span className={`tl-outcome tl-${step.outcome}`}>
          {step.outcome === 'failed' ? 'Failed' : step.outcome === 'running' ? 'Running' : 'OK'}
        </span>
        <span className="muted">{formatMs(step.durationMs)}</span>
        {request && step.kind !== 'decision' ? (
          <button type="button" onClick={() => void copyCurl()}>
            Copy step as curl
          </button>
        ) : null}
      </header>
      {step.error ? (
        <p className="tl-error" role="note" aria-label="Step error">
          {step.error.message}
        </p>
      ) : null}
      {step.detail ? <p className="tl-detail">{step.detail}</p> : null}
      {request ? (
        <div className="tl-request">
          <p className="tl-url">
            <span className="tl-method">{request.method}</span>{' '}
            <span aria-label="Request URL">{displayEndpoint(request.url)}</span>
          </p>
          <ValuesTable
            title={
              URL_STEPS.has(step.kind)
                ? step.kind === 'authorization_request'
                  ? 'Authorization request parameters'
                  : 'Callback parameters'
                : 'Query parameters'
            }
            values={request.query}
          />
          <ValuesTable title="Request headers" values={request.headers} />
          {request.form ? <ValuesTable title="Form body" values={request.form} /> : null}
          {request.form ? <DecodedJwts values={request.form} /> : null}
          {request.body !== undefined ? (
            <pre className="tl-body" aria-label="Request body">
              {request.body}
            </pre>
          ) : null}
        </div>
      ) : null}
      {response ? (
        <div className="tl-response">
          <p aria-label="Response status">
            {response.status} {response.statusText}
          </p>
          <ValuesTable title="Response headers" values={response.headers} />
          {response.fields ? (
            <ValuesTable title="Response fields" values={response.fields} />
          ) : null}
          {response.fields ? <DecodedJwts values={response.fields} /> : null}
          {response.body ? (
            <pre className="tl-body" aria-label="Response body">
              {response.body}
            </pre>
          ) : null}
          {response.truncated ? (
            <p className="muted">Only the first 64 kB of the body were kept.</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
