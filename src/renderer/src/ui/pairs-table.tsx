// An editable table of name/value rows (query parameters, headers, form fields, extra OAuth params).
export interface EditablePair {
  name: string;
  value: string;
  enabled?: boolean;
}

interface PairsTableProps<P extends EditablePair> {
  /** Names the table and its controls: "Query parameters" -> "Query parameters name 1". */
  label: string;
  rows: P[];
  onChange: (rows: P[]) => void;
  newRow: () => P;
  /** Shows an on/off checkbox per row when the rows carry `enabled`. */
  toggleable?: boolean;
  namePlaceholder?: string;
}

export function PairsTable<P extends EditablePair>({
  label,
  rows,
  onChange,
  newRow,
  toggleable,
  namePlaceholder = 'name',
}: PairsTableProps<P>) {
  const update = (index: number, patch: Partial<P>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div className="pairs" role="group" aria-label={label}>
      {rows.length > 0 && (
        <table className="pairs-table">
          <tbody>
            {rows.map((row, index) => (
              <tr key={index}>
                {toggleable && (
                  <td className="pairs-toggle">
                    <input
                      type="checkbox"
                      aria-label={`${label} enabled ${index + 1}`}
                      checked={row.enabled !== false}
                      onChange={(e) => update(index, { enabled: e.target.checked } as Partial<P>)}
                    />
                  </td>
                )}
                <td>
                  <input
                    aria-label={`${label} name ${index + 1}`}
                    placeholder={namePlaceholder}
                    value={row.name}
                    onChange={(e) => update(index, { name: e.target.value } as Partial<P>)}
                  />
                </td>
                <td>
                  <input
                    aria-label={`${label} value ${index + 1}`}
                    placeholder="value"
                    value={row.value}
                    onChange={(e) => update(index, { value: e.target.value } as Partial<P>)}
                  />
                </td>
                <td className="pairs-remove">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${label} row ${index + 1}`}
                    onClick={() => onChange(rows.filter((_, i) => i !== index))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="link-button" onClick={() => onChange([...rows, newRow()])}>
        + Add {label.toLowerCase().replace(/s$/, '')}
      </button>
    </div>
  );
}
