// Microsoft Entra's multi-tenant authorities (common, organizations) publish tenant-independent
// metadata whose issuer is a template, https://login.microsoftonline.com/{tenantid}/v2.0: each
// account's tokens name its own tenant there. Microsoft's guidance is to validate such an issuer by
// putting the token's `tid` claim (a GUID) in place of {tenantid}
// (https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-issuer).
// This file is the one owner of that rule: discovery accepts the template for the authority that
// published it, and `iss` comparisons accept exactly one tenant GUID in its place.

export const TENANT_PLACEHOLDER = '{tenantid}';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isTenantTemplate(issuer: string): boolean {
  return issuer.includes(TENANT_PLACEHOLDER);
}

/**
 * The template was published by the authority asked for: it is that authority's URL with one path
 * segment (common, organizations or a tenant name) replaced by {tenantid}. A template from another
 * host or path is a different issuer, as any other mismatch (RFC 8414 §3.3).
 */
export function templateFitsAuthority(template: string, asked: URL): boolean {
  const parts = template.replace(/\/$/, '').split(TENANT_PLACEHOLDER);
  if (parts.length !== 2) return false;
  const [before, after] = parts as [string, string];
  if (!before.endsWith('/') || !(after === '' || after.startsWith('/'))) return false;
  const href = asked.href.replace(/\/$/, '');
  if (href.length <= before.length + after.length) return false;
  if (!href.startsWith(before) || !href.endsWith(after)) return false;
  const segment = href.slice(before.length, href.length - after.length);
  return !segment.includes('/');
}

/** The issuer of one tenant's tokens, from the token's `tid`; null when `tid` is not a GUID. */
export function issuerForTenant(template: string, tenantId: string): string | null {
  if (!GUID.test(tenantId)) return null;
  return template.replace(TENANT_PLACEHOLDER, tenantId.toLowerCase());
}

/**
 * Does `iss` name the configured issuer? An exact string comparison (RFC 9207 §2.4), except for a
 * tenant template, which an issuer of exactly one tenant (a GUID where {tenantid} is) matches.
 */
export function issuerMatches(configured: string, iss: string): boolean {
  // A literal "{tenantid}" names no tenant: no real token or response carries it.
  if (!isTenantTemplate(configured)) return iss === configured;
  const [before, after] = configured.split(TENANT_PLACEHOLDER) as [string, string];
  if (!iss.startsWith(before) || !iss.endsWith(after)) return false;
  const tenant = iss.slice(before.length, iss.length - after.length);
  return issuerForTenant(configured, tenant) === iss;
}
