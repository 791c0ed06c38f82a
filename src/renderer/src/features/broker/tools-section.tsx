// Saved API tools of a credential: a request saved under a name with a description of when to
// use it, offered to agents by `oauth-desk mcp`. {{name}} in the URL, headers or body is a parameter.
import { useState } from 'react';
import { toolParameters } from '../../../../shared/broker';
import { useBrokerStore } from './broker-store';
import { ToolFields, type ToolFieldValues } from './tool-fields';

const EMPTY_FIELDS: ToolFieldValues = {
  name: '',
  description: '',
  method: 'GET',
  urlTemplate: '',
  bodyTemplate: '',
};

export function ToolsSection({ credentialId }: { credentialId: string }) {
  const allTools = useBrokerStore((s) => s.tools);
  const tools = allTools.filter((t) => t.credentialId === credentialId);
  const saveTool = useBrokerStore((s) => s.saveTool);
  const deleteTool = useBrokerStore((s) => s.deleteTool);
  const [editing, setEditing] = useState<string | null>(null);
  const [fields, setFields] = useState<ToolFieldValues>(EMPTY_FIELDS);
  const [error, setError] = useState<string | null>(null);

  const reset = () => {
    setEditing(null);
    setFields(EMPTY_FIELDS);
  };
  const save = async () => {
    // This form edits only the shared fields: an edited tool keeps the header templates and
    // parameter descriptions it was saved with (the tester's form sets them).
    const edited = editing ? tools.find((t) => t.id === editing) : undefined;
    const problem = await saveTool(editing, {
      ...fields,
      headers: edited?.headers ?? [],
      credentialId,
      parameterDescriptions: edited?.parameterDescriptions ?? {},
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
                const { name, description, method, urlTemplate, bodyTemplate } = tool;
                setFields({ name, description, method, urlTemplate, bodyTemplate });
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
        <ToolFields value={fields} onChange={(patch) => setFields((f) => ({ ...f, ...patch }))} />
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
