// The one resolver of `{{name}}` variables: the first source with a name wins, values are not
// expanded again, and an unknown name says which names are known and where they come from.
import { describe, expect, it } from 'vitest';
import {
  hasVariables,
  resolveVariables,
  type VariableSource,
} from '../../../src/shared/request-variables';

const url = { label: 'URL', field: 'url' };
const sources: VariableSource[] = [
  { label: 'from the environment', values: { host: 'https://env.example' } },
  {
    label: "from the credential's token response",
    values: { host: 'https://tok.example', id: '{{host}}' },
  },
];

describe('request variables', () => {
  it('takes the first source that has the name, with or without spaces inside the braces', () => {
    expect(resolveVariables('{{host}}/a/{{ host }}', sources, url)).toBe(
      'https://env.example/a/https://env.example',
    );
  });

  it('inserts a value as it is, without expanding variables inside it', () => {
    expect(resolveVariables('{{id}}', sources, url)).toBe('{{host}}');
  });

  it('names an unknown variable, the field, and the known names per source', () => {
    expect(() => resolveVariables('{{hots}}/x', sources, url)).toThrow(
      "{{hots}} in the URL is not a known variable. Known here: host (from the environment); host, id (from the credential's token response). Check the spelling.",
    );
  });

  it('leaves text without variables alone, braces that are not a name included', () => {
    expect(hasVariables('{"a": {"b": 1}}')).toBe(false);
    expect(resolveVariables('{{ }} {x}', [], url)).toBe('{{ }} {x}');
    expect(hasVariables('{{instance_url}}/services')).toBe(true);
  });
});
