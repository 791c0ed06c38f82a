// The fields every saved API tool form shows: its name, when to use it, and the request it makes.
// The Broker tab's new/edit form and the tester's "Save as API tool" both render these, so a
// tool's fields, labels and hints are worded in one place; each form keeps its own state,
// validation, submit and cancel, and adds the fields only it has through `afterUrl`.
import { useId, type ReactNode, type Ref } from 'react';
import type { ApiToolDraft } from '../../../../shared/broker';
import { HTTP_METHODS } from '../../../../shared/requests';

export type ToolFieldValues = Pick<
  ApiToolDraft,
  'name' | 'description' | 'method' | 'urlTemplate' | 'bodyTemplate'
>;

type Method = (typeof HTTP_METHODS)[number];

export function ToolFields({
  value,
  onChange,
  nameRef,
  afterUrl,
}: {
  value: ToolFieldValues;
  onChange: (patch: Partial<ToolFieldValues>) => void;
  /** The name field, for a form that moves focus there when it opens. */
  nameRef?: Ref<HTMLInputElement>;
  /** Fields of one form only, shown between the URL and the body. */
  afterUrl?: ReactNode;
}) {
  const ids = { name: useId(), description: useId() };
  return (
    <>
      <label htmlFor={ids.name}>Tool name</label>
      <input
        id={ids.name}
        ref={nameRef}
        value={value.name}
        placeholder="list_appointments"
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <label htmlFor={ids.description}>When to use it</label>
      <input
        id={ids.description}
        value={value.description}
        placeholder="Use this when the caller asks about upcoming appointments"
        onChange={(e) => onChange({ description: e.target.value })}
      />
      <label>
        Tool method
        <select
          value={value.method}
          onChange={(e) => onChange({ method: e.target.value as Method })}
        >
          {HTTP_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        URL template
        <input
          value={value.urlTemplate}
          placeholder="https://api.example.com/items/{{id}}"
          onChange={(e) => onChange({ urlTemplate: e.target.value })}
        />
      </label>
      <p className="field-hint">Write {'{{name}}'} where a caller fills in a value.</p>
      {afterUrl}
      <label>
        Body template
        <textarea
          rows={3}
          value={value.bodyTemplate}
          onChange={(e) => onChange({ bodyTemplate: e.target.value })}
        />
      </label>
    </>
  );
}
