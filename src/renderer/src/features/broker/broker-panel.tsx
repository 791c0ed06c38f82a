// The Broker tab: the pause switch, sign-in requests from waiting clients, and for the selected
// credential its broker policy, its approvals (revocable), its saved API tools and its audit.
import { useEffect } from 'react';
import { useAppStore } from '../../store/app-store';
import { useBrokerStore } from './broker-store';
import { PolicyForm } from './policy-form';
import { ToolsSection } from './tools-section';

const time = (ms: number) => new Date(ms).toLocaleString();

export function BrokerPanel() {
  const state = useBrokerStore((s) => s.state);
  const setPaused = useBrokerStore((s) => s.setPaused);
  const signIns = useBrokerStore((s) => s.signIns);
  const dismissSignIn = useBrokerStore((s) => s.dismissSignIn);
  const revoke = useBrokerStore((s) => s.revoke);
  const audit = useBrokerStore((s) => s.audit);
  const loadAudit = useBrokerStore((s) => s.loadAudit);
  const selected = useAppStore((s) => (s.selectedId ? s.credentials[s.selectedId] : undefined));
  const run = useAppStore((s) => s.runCredentialAction);
  const selectedId = selected?.config.id ?? null;

  useEffect(() => {
    void loadAudit(selectedId);
  }, [selectedId, loadAudit]);

  if (!state) return <p className="muted">Loading the broker…</p>;
  const approvals = state.approvals.filter((a) => a.credentialId === selectedId);
  return (
    <div className="broker-panel">
      <label className="inline-check">
        <input
          type="checkbox"
          checked={state.paused}
          onChange={(e) => void setPaused(e.target.checked)}
        />{' '}
        Pause the broker (scripts and agents get nothing)
      </label>
      <p className="field-hint">
        {state.endpoint
          ? `Scripts reach OAuth Desk at ${state.endpoint} (only your user can open it).`
          : (state.problem ?? 'The broker is not listening.')}
      </p>
      {signIns.map((notice) => (
        <div key={notice.credentialId} role="alert" className="callout">
          {notice.message}{' '}
          <button
            type="button"
            onClick={() => {
              dismissSignIn(notice.credentialId);
              void run(notice.credentialId, 'authorize');
            }}
          >
            Sign in to {notice.credentialName}
          </button>
        </div>
      ))}
      {!selected ? (
        <p className="muted">
          Choose a credential on the left to set its broker access, see its approvals and its audit.
        </p>
      ) : (
        <>
          <h3>{selected.config.name}</h3>
          <PolicyForm key={selected.config.id} credentialId={selected.config.id} />
          <section aria-label="Approvals">
            <h3>Approvals</h3>
            {approvals.length === 0 ? (
              <p className="muted">No client is approved for this credential.</p>
            ) : null}
            <ul>
              {approvals.map((a) => (
                <li key={a.id}>
                  {a.client.name} from {a.client.workingFolder ?? 'an unknown folder'} —{' '}
                  {a.scope === 'always'
                    ? 'always'
                    : a.scope === 'hour'
                      ? `until ${time(a.expiresAt ?? 0)}`
                      : 'this session'}
                  {a.environment ? `, ${a.environment.name} (production) only` : ''}{' '}
                  <button type="button" className="link-button" onClick={() => void revoke(a.id)}>
                    Revoke {a.client.name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <ToolsSection credentialId={selected.config.id} />
          <section aria-label="Broker audit">
            <h3>Audit</h3>
            {audit.length === 0 ? (
              <p className="muted">No script or agent has used this credential yet.</p>
            ) : null}
            <table className="kv-table">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Client</th>
                  <th>Operation</th>
                  <th>Origin</th>
                  <th>Outcome</th>
                </tr>
              </thead>
              <tbody>
                {audit.slice(0, 200).map((e) => (
                  <tr key={e.id}>
                    <td>{time(e.at)}</td>
                    <td>{e.clientName}</td>
                    <td>
                      {e.operation}
                      {e.environment ? ` (${e.environment.name})` : ''}
                      {e.account ? `, as ${e.account.name}` : ''}
                    </td>
                    <td>{e.origin ?? ''}</td>
                    <td>
                      {e.outcome}
                      {e.detail ? ` (${e.detail})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
