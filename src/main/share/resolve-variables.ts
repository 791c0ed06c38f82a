// `{{name}}` templates as Postman, Insomnia (after its `{{ _.name }}` is normalised) and Bruno
// write them. Values come from an imported environment, the collection's own variables, or what
// the user typed in the preview; whatever is left is reported by name.
import { SECRET_KINDS } from '../../shared/share';
import type { ImportCandidate } from './sources/candidate';

const TEMPLATE = /\{\{\s*([^{}]+?)\s*\}\}/g;
/** Variables may refer to variables; a bound stops a loop (a -> b -> a). */
const MAX_DEPTH = 5;

export function hasTemplate(value: string): boolean {
  return new RegExp(TEMPLATE.source).test(value);
}

function resolveText(
  value: string,
  variables: Record<string, string>,
  unresolved: Set<string>,
): string {
  let out = value;
  for (let depth = 0; depth < MAX_DEPTH && hasTemplate(out); depth += 1) {
    out = out.replace(TEMPLATE, (whole, name: string) =>
      Object.hasOwn(variables, name) ? variables[name]! : whole,
    );
  }
  for (const match of out.matchAll(TEMPLATE)) unresolved.add(match[1]!);
  return out;
}

function resolveDeep(
  value: unknown,
  variables: Record<string, string>,
  unresolved: Set<string>,
): unknown {
  if (typeof value === 'string') return resolveText(value, variables, unresolved);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, variables, unresolved));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveDeep(v, variables, unresolved)]),
    );
  }
  return value;
}

export interface ResolvedCandidate {
  candidate: ImportCandidate;
  unresolved: string[];
}

/** Fills templates in every field and secret. A secret still templated is dropped: it is asked for instead. */
export function resolveCandidate(
  candidate: ImportCandidate,
  variables: Record<string, string>,
): ResolvedCandidate {
  const unresolved = new Set<string>();
  const fields = resolveDeep(candidate.fields, variables, unresolved) as Record<string, unknown>;
  const secrets: ImportCandidate['secrets'] = {};
  for (const kind of SECRET_KINDS) {
    const raw = candidate.secrets[kind];
    if (raw === undefined) continue;
    const value = resolveText(raw, variables, unresolved).trim();
    if (value !== '' && !hasTemplate(value)) secrets[kind] = value;
  }
  return { candidate: { ...candidate, fields, secrets }, unresolved: [...unresolved].sort() };
}
