// The decoded JWT as JSON in the read-only code editor (folding, search, copy a claim), opened on
// demand so the editor loads only when someone wants it.
import { useState } from 'react';
import { CodeEditor } from '../../ui/code-editor/code-editor';

export function JwtJson({ header, claims }: { header: unknown; claims: unknown }) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="jwt-json"
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>Header and claims as JSON</summary>
      {open && (
        <CodeEditor
          label="Decoded JWT as JSON"
          language="json"
          value={JSON.stringify({ header, claims }, null, 2)}
          minLines={4}
        />
      )}
    </details>
  );
}
