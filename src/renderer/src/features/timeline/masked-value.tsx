// A value as the timeline shows it: masked secrets carry Reveal, an explicit action that asks main
// for that one value; Hide forgets it again.
import { useState } from 'react';
import type { TimelineValue } from '../../../../shared/timeline';
import { useAppStore } from '../../store/app-store';

export function MaskedValue({ value }: { value: TimelineValue }) {
  const reveal = useAppStore((s) => s.revealTimelineValue);
  const [revealed, setRevealed] = useState<string | null>(null);
  if (!value.secretRef) return <span className="tl-value">{value.value}</span>;
  const ref = value.secretRef;
  return (
    <span className="tl-value tl-secret">
      <span aria-label={`${value.name} value`}>{revealed ?? value.value}</span>{' '}
      {revealed === null ? (
        <button
          type="button"
          className="link-button"
          aria-label={`Reveal ${value.name}`}
          onClick={() => void reveal(ref).then((v) => v !== null && setRevealed(v))}
        >
          Reveal
        </button>
      ) : (
        <button
          type="button"
          className="link-button"
          aria-label={`Hide ${value.name}`}
          onClick={() => setRevealed(null)}
        >
          Hide
        </button>
      )}
    </span>
  );
}

export function ValuesTable({ title, values }: { title: string; values: TimelineValue[] }) {
  if (!values.length) return null;
  return (
    <table className="kv-table" aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {values.map((value, index) => (
          <tr key={`${value.name}-${index}`}>
            <th scope="row">{value.name}</th>
            <td>
              <MaskedValue value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
