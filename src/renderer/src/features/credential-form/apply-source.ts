// Filling the form from a provider preset or from an issuer's discovery document.
import { clientAuthOf, pickClientAuth } from '../../../../shared/client-auth';
import { grantForDiscoveryName, isGrantType, type GrantType } from '../../../../shared/grant-types';
import { isProviderId } from '../../../../shared/providers';
import type { DiscoveredEndpoints, ProviderPreset } from '../../../../shared/status';
import { DEFAULT_REDIRECT_URI } from '../../../../shared/credential';
import type { FormValues } from './form-model';

/** The grants a preset or provider supports, in our order. */
export function presetGrants(preset: ProviderPreset): GrantType[] {
  return preset.grantTypes.filter(isGrantType);
}

/** Scopes the user typed (not left as a preset filled them) are theirs: a preset never overwrites them. */
export function typedScopes(values: FormValues, previous: ProviderPreset | undefined): boolean {
  const scopes = values.scopes.trim();
  return scopes !== '' && scopes !== (previous?.scopes ?? '').trim();
}

/**
 * A redirect URI the user typed (not the form's default, not what the previous preset filled) is
 * theirs: it is the one registered at their provider, so neither a preset nor discovery replaces it.
 */
export function typedRedirectUri(values: FormValues, previous?: ProviderPreset): boolean {
  const uri = values.redirectUri.trim();
  return uri !== '' && uri !== DEFAULT_REDIRECT_URI && uri !== previous?.redirectUri;
}

/** Both lists, once each, the user's first (RFC 6749 §3.3: scope is a set of space-delimited tokens). */
export function mergeScopes(mine: string, theirs: string): string {
  return [...new Set([...mine.split(/\s+/), ...theirs.split(/\s+/)].filter(Boolean))].join(' ');
}

/**
 * Switches to a preset. What the previous preset put in (its endpoints, its name, its scopes) is
 * replaced; what the user typed is kept: a name of their own, and scopes of their own (the form
 * then asks whether to use or add the new preset's).
 */
export function applyPreset(
  values: FormValues,
  preset: ProviderPreset,
  previous?: ProviderPreset,
): FormValues {
  const grants = presetGrants(preset);
  const nameFromPreset = values.name.trim() === '' || values.name === previous?.label;
  return {
    ...values,
    provider: isProviderId(preset.id) ? preset.id : 'custom',
    grantType:
      grants.length === 0 || grants.includes(values.grantType) ? values.grantType : grants[0]!,
    authorizationUrl: preset.authorizationUrl ?? '',
    tokenUrl: preset.tokenUrl ?? '',
    deviceAuthorizationUrl: preset.deviceAuthorizationUrl ?? '',
    revocationUrl: preset.revocationUrl ?? '',
    issuer: preset.issuer ?? '',
    requireIss: false,
    scopes: typedScopes(values, previous) ? values.scopes : preset.scopes,
    clientAuth: preset.clientAuth ?? values.clientAuth,
    authorizeIn: preset.authorizeIn ?? values.authorizeIn,
    redirectUri: typedRedirectUri(values, previous)
      ? values.redirectUri
      : (preset.redirectUri ?? values.redirectUri),
    scopeOnRefresh: preset.scopeOnRefresh ?? false,
    name: nameFromPreset ? preset.label : values.name,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

export function discoveredGrants(found: DiscoveredEndpoints): GrantType[] {
  // Discovery documents name grants by their URN or short name (RFC 8414 §2): each descriptor lists its names.
  return (found.grantTypesSupported ?? [])
    .map(grantForDiscoveryName)
    .filter((g): g is GrantType => g !== undefined);
}

const withoutTrailingSlash = (issuer: string) => issuer.replace(/\/+$/, '');

/** The preset for a discovered issuer, if one has it: issuers compared as strings, a trailing slash aside. */
export function presetForIssuer(
  issuer: string,
  presets: readonly ProviderPreset[],
): ProviderPreset | undefined {
  return presets.find(
    (p) => p.issuer && withoutTrailingSlash(p.issuer) === withoutTrailingSlash(issuer),
  );
}

/**
 * Fills endpoints from a discovery document. A provider that has a preset keeps the preset's
 * sign-in rules (Google: system browser and a loopback redirect, since it refuses embedded windows
 * with disallowed_useragent), whether the user picked the preset or typed its issuer; a redirect
 * URI the user typed stays (typedRedirectUri).
 */
export function applyDiscovery(
  values: FormValues,
  found: DiscoveredEndpoints,
  presets: readonly ProviderPreset[] = [],
): FormValues {
  const preset = presetForIssuer(found.issuer, presets);
  const grants = discoveredGrants(found);
  const clientAuth = pickClientAuth(values.clientAuth, found.tokenEndpointAuthMethodsSupported);
  // RFC 8705 §5: a client authenticating with a certificate uses the server's mTLS aliases.
  const endpoints =
    clientAuthOf(clientAuth).material === 'client_certificate'
      ? { ...found, ...found.mtlsEndpointAliases }
      : found;
  return {
    ...values,
    issuer: found.issuer,
    requireIss: found.requireIss === true,
    authorizationUrl: found.authorizationUrl ?? values.authorizationUrl,
    tokenUrl: endpoints.tokenUrl ?? values.tokenUrl,
    deviceAuthorizationUrl: endpoints.deviceAuthorizationUrl ?? values.deviceAuthorizationUrl,
    revocationUrl: endpoints.revocationUrl ?? values.revocationUrl,
    introspectionUrl: endpoints.introspectionUrl ?? values.introspectionUrl,
    userinfoUrl: endpoints.userinfoUrl ?? values.userinfoUrl,
    pushedAuthorizationUrl: endpoints.pushedAuthorizationUrl ?? values.pushedAuthorizationUrl,
    requirePar: found.requirePar === true,
    grantType:
      grants.length === 0 || grants.includes(values.grantType) ? values.grantType : grants[0]!,
    clientAuth,
    authorizeIn: preset?.authorizeIn ?? values.authorizeIn,
    redirectUri: typedRedirectUri(values, preset)
      ? values.redirectUri
      : (preset?.redirectUri ?? values.redirectUri),
    name: values.name || hostOf(found.issuer),
  };
}
