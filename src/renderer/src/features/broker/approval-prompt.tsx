// The approval prompt: a script or agent waits for the user's answer. Focus starts on Deny and
// Escape denies, so nothing is allowed by a stray Enter; every choice is a button reachable by Tab.
import type { ApprovalDecision, BrokerPrompt } from '../../../../shared/broker';
import { Dialog } from '../../ui/dialog';
import { useBrokerStore } from './broker-store';

const CHOICES: Array<{ decision: ApprovalDecision; label: string }> = [
  { decision: 'once', label: 'Allow once' },
  { decision: 'session', label: 'Allow this session' },
  { decision: 'hour', label: 'Allow for an hour' },
  { decision: 'always', label: 'Always allow' },
];

const OPERATIONS: Record<BrokerPrompt['operation'], string> = {
  token: 'receive its access token',
  get_token: 'receive its access token (agent)',
  call: 'call an API with it',
  tool: 'run a saved API tool with it',
  status: 'read its status',
};

export function ApprovalPrompt() {
  const prompt = useBrokerStore((s) => s.state?.prompts[0]);
  const answer = useBrokerStore((s) => s.answer);
  if (!prompt) return null;
  const { client } = prompt;
  const deny = () => void answer(prompt.id, 'deny');
  return (
    <Dialog
      key={prompt.id}
      title={`${client.name} wants to use ${prompt.credentialName}`}
      role="alertdialog"
      onClose={deny}
    >
      <p>
        <strong>{client.name}</strong> asks to {OPERATIONS[prompt.operation]}
        {prompt.origin ? ` at ${prompt.origin}` : ''}
        {prompt.environment ? ` in the ${prompt.environment.name} environment` : ''}
        {prompt.account ? `, as ${prompt.account.name}` : ''}.
      </p>
      {prompt.environment?.production ? (
        <p className="field-hint">
          {prompt.environment.name} is a production environment: an approval given here covers it
          alone, and approvals for the other environments do not reach it.
        </p>
      ) : null}
      <dl className="kv-list">
        <dt>Started by</dt>
        <dd>
          {client.parentExecutable ?? client.parentCommand ?? 'unknown'}
          {client.parentPid !== null ? ` (pid ${client.parentPid})` : ''}
        </dd>
        <dt>Working folder</dt>
        <dd>{client.workingFolder ?? 'unknown'}</dd>
        <dt>Process</dt>
        <dd>{client.pid ?? 'unknown'}</dd>
      </dl>
      <p className="field-hint">
        {client.identity === 'checked'
          ? 'The process ids were checked with the operating system; the name is what the program says about itself.'
          : 'What the program says about itself: the operating system could not confirm it.'}
      </p>
      <div className="form-actions">
        <button type="button" className="danger" autoFocus onClick={deny}>
          Deny
        </button>
        {CHOICES.map((choice) => (
          <button
            key={choice.decision}
            type="button"
            onClick={() => void answer(prompt.id, choice.decision)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
