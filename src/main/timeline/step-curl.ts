// "Copy as curl" for a recorded step. Built from the masked step: every secret becomes a shell
// variable ("$CLIENT_SECRET", "$OAUTH_DESK_TOKEN") for the user to set, as the tester's export does.
import type { TimelineStep, TimelineValue } from '../../shared/timeline';
import { shellQuote, TOKEN_PLACEHOLDER_VAR } from '../services/curl';

/** Headers curl computes itself. */
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding']);

function variableFor(name: string): string {
  const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return /^[A-Z_]/.test(upper) ? upper : `V_${upper}`;
}

/** `name=value` quoted, with a masked value as a variable: 'code='"$CODE" */
function pairArg(pair: TimelineValue, separator: string): string {
  if (!pair.secretRef) return shellQuote(`${pair.name}${separator}${pair.value}`);
  return `${shellQuote(`${pair.name}${separator}`)}"$${variableFor(pair.name)}"`;
}

function headerArg(header: TimelineValue): string {
  if (!header.secretRef) return shellQuote(`${header.name}: ${header.value}`);
  const scheme = /^(Bearer|DPoP)\s/i.exec(header.value)?.[1];
  if (scheme) return `${shellQuote(`${header.name}: ${scheme} `)}"$${TOKEN_PLACEHOLDER_VAR}"`;
  const basic = /^Basic\s/i.test(header.value);
  return `${shellQuote(`${header.name}: ${basic ? 'Basic ' : ''}`)}"$${variableFor(basic ? 'basic_credentials' : header.name)}"`;
}

function urlArg(url: string, query: TimelineValue[]): string {
  if (!query.some((q) => q.secretRef)) return shellQuote(url);
  const base = url.split('?')[0]!;
  const parts = query.map((q) => {
    const name = encodeURIComponent(q.name);
    return q.secretRef
      ? `${shellQuote(`${name}=`)}"$${variableFor(q.name)}"`
      : shellQuote(`${name}=${encodeURIComponent(q.value)}`);
  });
  // Adjacent quoted words join into one shell word.
  return [shellQuote(`${base}?`), parts.join(shellQuote('&'))].join('');
}

export function stepToCurl(step: TimelineStep): string {
  const request = step.request;
  if (!request) throw new Error('This step sent no HTTP request.');
  const lines: string[] = [`curl ${urlArg(request.url, request.query)}`];
  if (request.method !== 'GET') lines.push(`  -X ${request.method}`);
  for (const header of request.headers) {
    if (!SKIPPED_HEADERS.has(header.name.toLowerCase())) lines.push(`  -H ${headerArg(header)}`);
  }
  for (const field of request.form ?? []) lines.push(`  --data-urlencode ${pairArg(field, '=')}`);
  if (request.body !== undefined) lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}

/** The variables a copied command expects, for the note shown beside it. */
export function curlVariables(step: TimelineStep): string[] {
  const request = step.request;
  if (!request) return [];
  const names = new Set<string>();
  for (const pair of [...request.query, ...(request.form ?? [])])
    if (pair.secretRef) names.add(variableFor(pair.name));
  for (const header of request.headers) {
    if (!header.secretRef) continue;
    if (/^(Bearer|DPoP)\s/i.test(header.value)) names.add(TOKEN_PLACEHOLDER_VAR);
    else names.add(variableFor(/^Basic\s/i.test(header.value) ? 'basic_credentials' : header.name));
  }
  return [...names];
}
