// Saved API tools of a credential: a request saved under a name with a description of when to
// use it, offered to agents by `oauth-desk mcp`. {{name}} in the URL, headers or body is a parameter.
import { useState } from 'react';
import { toolParameters } from '../../../../shared/broker';
import { HTTP_METHODS } from '../../../../shared/requests';
import { useBrokerStore } from './broker-store';

export function ToolsSection({ credentialId }: { credentialId: string }) {
  const allTools = useBrokerStore((s) => s.tools);
  const tools = allTools.filter((t) => t.credentialId === credentialId);
  const saveTool = useBrokerStore((s) => s.saveTool);
  const deleteTool = useBrokerStore((s) => s.deleteTool);
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [method, setMethod] = useState<(typeof HTTP_METHODS)[number]>('GET');
  const [urlTemplate, setUrl] = useState('');
  const [bodyTemplate, setBody] = useState('');
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setEditing(null);
    setName('');
    setDescription('');
    setMethod('GET');
    setUrl('');
    setBody('');
  };
  const save = async () => {
    const problem = await saveTool(editing, {
      name,
      description,
      method,
      urlTemplate,
      bodyTemplate,
      headers: [],
      credentialId,
      parameterDescriptions: {},
    });
    setError(problem?.message ?? null);
    if (!problem) reset();
  };

  return (
    <section aria-label="Saved API tools">
      <h3>Saved API tools</h3>
      {tools.length === 0 ? <p className="muted">No saved tools for this credential.</p> : null}
      <ul>
        {tools.map((tool) => (
          <li key={tool.id}>
            <strong>{tool.name}</strong> {tool.method} {tool.urlTemplate}
            {toolParameters(tool).length > 0
              ? ` (parameters: ${toolParameters(tool).join(', ')})`
              : ''}{' '}
            — {tool.description}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setEditing(tool.id);
                setName(tool.name);
                setDescription(tool.description);
                setMethod(tool.method);
                setUrl(tool.urlTemplate);
                setBody(tool.bodyTemplate);
              }}
            >
              Edit {tool.name}
            </button>{' '}
            <button type="button" className="link-button" onClick={() => void deleteTool(tool.id)}>
              Delete {tool.name}
            </button>
          </li>
        ))}
      </ul>
      <form
        aria-label={editing ? 'Edit saved tool' : 'New saved tool'}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label>
          Tool name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="list_appointments"
          />
        </label>
        <label>
          When to use it
          <input
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="Use this when the caller asks about upcoming appointments"
          />
        </label>
        <label>
          Tool method
          <select
            value={method}
            onChange={(e) => setMethod(e.target.value as (typeof HTTP_METHODS)[number])}
          >
            {HTTP_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          URL template
          <input
            value={urlTemplate}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://api.example.com/items/{{id}}"
          />
        </label>
        <label>
          Body template
          <textarea rows={2} value={bodyTemplate} onChange={(e) => setBody(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary">
            {editing ? 'Save tool' : 'Add tool'}
          </button>
          {editing ? (
            <button type="button" onClick={reset}>
              Cancel
            </button>
          ) : null}
        </div>
        {error ? (
          <p role="alert" className="callout callout-error">
            {error}
          </p>
        ) : null}
      </form>
    </section>
  );
}
