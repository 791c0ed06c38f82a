// The engine's half of a grant (src/shared/grants/ has the other): how it obtains a token set.
// A module gets what it may need through `GrantRun` and never reaches into the engine, so the
// engine decides storage, caching and failures in one place (grant-run.ts).
import type { CredentialConfig } from '../../../shared/credential';
import type { DeviceCodePrompt } from '../../../shared/status';
import type { CredentialTokenType } from '../../../shared/token-exchange-types';
import type { InteractiveOptions } from '../authorization-session';
import type { ProtocolRequestOptions } from '../http';
import type { StoredIdTokenCheck } from '../id-token-check';
import type { ProtocolContext } from '../protocol';
import type { TokenResponseLike } from '../token-cache';

export interface GrantRun {
  config: CredentialConfig;
  /** Endpoints, client and client authentication, with the secrets the method needs read. */
  protocol(): Promise<ProtocolContext>;
  /** The stored password (registered for redaction), or undefined when none is stored. */
  password(): Promise<string | undefined>;
  /** RFC 8693: the pasted actor token (registered for redaction), or undefined when none is stored. */
  actorToken(): Promise<string | undefined>;
  /** Collects an ID token the engine cannot validate (see token-steps.ts `idTokenSink`). */
  requestOptions: ProtocolRequestOptions;
  /** Aborted when the user cancels a sign-in. Non-interactive grants are never cancelled mid-request. */
  signal: AbortSignal;
  /** For grants that open the authorization page: the authorizer, the flow's signal and timeout. */
  interactive(): InteractiveOptions;
  now(): number;
  /**
   * RFC 8693: another credential's live token (its access or ID token), fetched through the
   * engine; refused for a chain of exchanges that leads back to this credential.
   */
  credentialToken(
    ref: string,
    which: CredentialTokenType,
    role: 'subject' | 'actor',
  ): Promise<string>;
  /** RFC 8628 §3.3: shows the user code and verification URI. */
  onDeviceCode(prompt: DeviceCodePrompt): void;
}

export interface GrantOutcome {
  response: TokenResponseLike;
  /** What validating the ID token found, when one was validated (it never fails the grant). */
  idTokenCheck?: StoredIdTokenCheck;
}

export interface GrantModule {
  obtain(run: GrantRun): Promise<GrantOutcome>;
}

/**
 * RFC 9207 §2.4: a server whose metadata advertises `authorization_response_iss_parameter_supported`
 * sends `iss` in every authorization response, so a response without it is refused. What the
 * metadata said is kept with the configuration when Discover fills it: a sign-in never waits for
 * the metadata, and cannot miss the promise when the metadata is unreachable at that moment.
 */
export function issuerPromisesIss(config: CredentialConfig): boolean {
  return Boolean(config.issuer) && config.requireIss === true;
}
