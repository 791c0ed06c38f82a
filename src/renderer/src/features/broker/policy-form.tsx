// One credential's broker policy: ask / allow without asking / forbid, the API origins calls may
// go to, and whether scripts and agents may receive the raw token.
import { useState } from 'react';
import {
  BROKER_ACCESS,
  DEFAULT_BROKER_POLICY,
  type BrokerAccess,
  type BrokerPolicy,
} from '../../../../shared/broker';
import { useBrokerStore } from './broker-store';

const ACCESS_LABELS: Record<BrokerAccess, string> = {
  ask: 'Ask on first use by each new client',
  allow: 'Allow scripts without asking',
  forbid: 'Forbid broker use',
};

export function PolicyForm({ credentialId }: { credentialId: string }) {
  const stored = useBrokerStore((s) => s.state?.policies[credentialId]) ?? DEFAULT_BROKER_POLICY;
  const setPolicy = useBrokerStore((s) => s.setPolicy);
  const [access, setAccess] = useState<BrokerAccess>(stored.access);
  const [origins, setOrigins] = useState(stored.allowedOrigins.join('\n'));
  const [handOutTokens, setHandOut] = useState(stored.handOutTokens);
  const [agentTokens, setAgentTokens] = useState(stored.agentTokens);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const save = async () => {
    const policy: BrokerPolicy = {
      access,
      allowedOrigins: origins.split(/\s+/).filter(Boolean),
      handOutTokens,
      agentTokens,
    };
    const error = await setPolicy(credentialId, policy);
    setMessage(
      error
        ? { error: true, text: error.message }
        : { error: false, text: 'Broker settings saved.' },
    );
  };

  return (
    <form
      aria-label="Broker access"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        Broker access
        <select value={access} onChange={(e) => setAccess(e.target.value as BrokerAccess)}>
          {BROKER_ACCESS.map((a) => (
            <option key={a} value={a}>
              {ACCESS_LABELS[a]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Allowed API origins
        <textarea
          rows={3}
          value={origins}
          placeholder="https://api.example.com"
          onChange={(e) => setOrigins(e.target.value)}
        />
      </label>
      <p className="field-hint">
        One per line. call_api, saved tools and git may send the token only to these; empty means
        nowhere.
      </p>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={handOutTokens}
          onChange={(e) => setHandOut(e.target.checked)}
        />{' '}
        Scripts may receive the token (oauth-desk token, exec, git, kubectl)
      </label>
      <label className="inline-check">
        <input
          type="checkbox"
          checked={agentTokens}
          onChange={(e) => setAgentTokens(e.target.checked)}
        />{' '}
        Agents may receive the token (MCP get_token)
      </label>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save broker settings
        </button>
      </div>
      {message ? (
        <p
          role={message.error ? 'alert' : 'status'}
          className={message.error ? 'callout callout-error' : 'muted'}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
