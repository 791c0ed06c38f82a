// The credential form's extra parameters and headers: one table per stage the grant goes
// through (authorization, token, refresh, device authorization), each row sent as a query or body
// parameter or a header where that stage can carry it. Rows are kept in one list, as stored.
import {
  DEFAULT_PLACE,
  EXTRA_PLACE_LABELS,
  EXTRA_STAGE_LABELS,
  PLACES_FOR_STAGE,
  STAGES_FOR_GRANT,
  type ExtraPlace,
  type ExtraStage,
  type RequestExtra,
} from '../../../../shared/request-extras';
import type { FormValues } from './form-model';

interface Props {
  values: FormValues;
  error?: string | undefined;
  onChange: (patch: Partial<FormValues>) => void;
  onBlur: () => void;
}

export function RequestExtrasField({ values, error, onChange, onBlur }: Props) {
  const rows = values.requestExtras;
  const setRows = (next: RequestExtra[]) => onChange({ requestExtras: next });
  const update = (index: number, patch: Partial<RequestExtra>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="field">
      <span className="field-label">Extra parameters and headers</span>
      <p className="field-hint">
        Sent with each request of the sign-in as typed. state, PKCE, redirect_uri, grant_type and
        client authentication are set by OAuth Desk and cannot be replaced.
      </p>
      {STAGES_FOR_GRANT[values.grantType].map((stage) => (
        <StageTable
          key={stage}
          stage={stage}
          rows={rows}
          onUpdate={update}
          onRemove={(index) => setRows(rows.filter((_, i) => i !== index))}
          onAdd={() => setRows([...rows, { stage, in: DEFAULT_PLACE[stage], name: '', value: '' }])}
          onBlur={onBlur}
        />
      ))}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

interface StageTableProps {
  stage: ExtraStage;
  rows: RequestExtra[];
  onUpdate: (index: number, patch: Partial<RequestExtra>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
  onBlur: () => void;
}

function StageTable({ stage, rows, onUpdate, onRemove, onAdd, onBlur }: StageTableProps) {
  const label = EXTRA_STAGE_LABELS[stage];
  const places = PLACES_FOR_STAGE[stage];
  // Row numbers count within the stage, as the user sees them; indexes address the whole list.
  const own = rows.flatMap((row, index) => (row.stage === stage ? [{ row, index }] : []));
  return (
    <div className="pairs" role="group" aria-label={`${label} extras`}>
      <span className="field-label">{label}</span>
      {own.length > 0 && (
        <table className="pairs-table">
          <tbody>
            {own.map(({ row, index }, n) => (
              <tr key={index}>
                <td>
                  <select
                    aria-label={`${label} extra ${n + 1} sent as`}
                    value={row.in}
                    disabled={places.length === 1}
                    onChange={(e) => onUpdate(index, { in: e.target.value as ExtraPlace })}
                  >
                    {places.map((place) => (
                      <option key={place} value={place}>
                        {EXTRA_PLACE_LABELS[place]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`${label} extra ${n + 1} name`}
                    placeholder="name"
                    value={row.name}
                    onBlur={onBlur}
                    onChange={(e) => onUpdate(index, { name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${label} extra ${n + 1} value`}
                    placeholder="value"
                    value={row.value}
                    onBlur={onBlur}
                    onChange={(e) => onUpdate(index, { value: e.target.value })}
                  />
                </td>
                <td className="pairs-remove">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${label.toLowerCase()} extra ${n + 1}`}
                    onClick={() => onRemove(index)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="link-button" onClick={onAdd}>
        + Add to {label.toLowerCase()}
      </button>
    </div>
  );
}
