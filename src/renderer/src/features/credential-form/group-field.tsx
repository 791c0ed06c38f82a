// The credential's group (a collection, as in other API clients): free text, with the groups
// already in use offered as suggestions so that one typo does not make a second group.
import { useId, useMemo } from 'react';
import { useAppStore } from '../../store/app-store';
import { Field } from '../../ui/field';
import { groupsOf } from '../credentials/credential-groups';

interface GroupFieldProps {
  value: string;
  error: string | undefined;
  onChange: (group: string) => void;
  onBlur: () => void;
}

export function GroupField({ value, error, onChange, onBlur }: GroupFieldProps) {
  const credentials = useAppStore((s) => s.credentials);
  const groups = useMemo(
    () => groupsOf(Object.values(credentials)).map((g) => g.name),
    [credentials],
  );
  const listId = useId();
  return (
    <Field
      label="Group"
      error={error}
      hint="Optional: files the credential under a collection in the list, e.g. Staging."
    >
      {(c) => (
        <>
          <input
            {...c}
            list={listId}
            autoComplete="off"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            onBlur={onBlur}
          />
          <datalist id={listId}>
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
