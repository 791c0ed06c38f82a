// Decoded JWT header and claims (signature not verified: this is for reading, not trusting).
import { formatNumericDate } from '../../ui/format';

/** RFC 7519 §4.1: these registered claims are NumericDates (seconds since the epoch). */
const DATE_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

function renderValue(name: string, value: unknown): string {
  if (DATE_CLAIMS.has(name) && typeof value === 'number')
    return `${formatNumericDate(value)} (${value})`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function ClaimsTable({ title, claims }: { title: string; claims: Record<string, unknown> }) {
  return (
    <table className="kv-table" aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {Object.entries(claims).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{renderValue(name, value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
