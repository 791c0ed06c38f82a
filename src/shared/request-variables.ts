// `{{name}}` variables in the request tester's URL, query and headers: the one place they are
// found and replaced. Values come from an ordered list of sources (the chosen environment's
// variables, then the credential's provider fields such as Salesforce's `instance_url`); the first
// source that has a name wins. An unknown name is an error that says which names are known.
import { AppError } from './errors';

/** Where values come from, in the order they are consulted. */
export interface VariableSource {
  /** Said in messages: "the credential's token response". */
  label: string;
  values: Readonly<Record<string, string>>;
}

/** `{{instance_url}}`, `{{ team.id }}`: a name of letters, digits, `_`, `.` and `-`. */
const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

export function hasVariables(text: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(text);
}

/** The names a text uses, in order, each once. */
export function variableNames(text: string): string[] {
  if (!text.includes('{{')) return [];
  return [...new Set(Array.from(text.matchAll(VARIABLE), (match) => match[1]!))];
}

/** The value of `name`, from the first source that has it; undefined when none does. */
export function lookupVariable(
  name: string,
  sources: readonly VariableSource[],
): string | undefined {
  for (const source of sources) {
    if (Object.hasOwn(source.values, name)) return source.values[name];
  }
  return undefined;
}

/** Where a text is, for the message ("URL", "header X-Org") and the form field it marks. */
export interface VariablePlace {
  label: string;
  field: string;
}

/** Said when no source knows any name: where names could come from for this request. */
export const NO_VARIABLES_HINT =
  'No variables are known for this request: choose a credential whose provider sends fields such as instance_url, and sign in.';

/**
 * Replaces every `{{name}}` in `text`. A value is inserted as it is: it is not itself searched
 * for variables, so a provider's value cannot pull in another one.
 */
export function resolveVariables(
  text: string,
  sources: readonly VariableSource[],
  where: VariablePlace,
  noneKnown: string = NO_VARIABLES_HINT,
): string {
  if (!text.includes('{{')) return text;
  return text.replace(VARIABLE, (_match, name: string) => {
    const value = lookupVariable(name, sources);
    if (value === undefined) throw unknownVariable(name, sources, where, noneKnown);
    return value;
  });
}

function unknownVariable(
  name: string,
  sources: readonly VariableSource[],
  where: VariablePlace,
  noneKnown: string,
): AppError {
  const known = sources
    .filter((source) => Object.keys(source.values).length > 0)
    .map((source) => `${Object.keys(source.values).sort().join(', ')} (${source.label})`);
  const knownText = known.length ? `Known here: ${known.join('; ')}.` : noneKnown;
  return new AppError({
    code: 'validation',
    message: `{{${name}}} in the ${where.label} is not a known variable. ${knownText} Check the spelling.`,
    fields: { [where.field]: `Unknown variable {{${name}}}` },
  });
}
