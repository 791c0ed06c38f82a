// The interactive step, recorded: the authorization request with each parameter (RFC 6749
// §4.1.1, RFC 7636 §4.3), the pages the sign-in went through when the authorizer reports them,
// and the callback (RFC 6749 §4.1.2) with the code masked. Wraps any Authorizer.
import type { CredentialConfig } from '../../shared/credential';
import type { Authorizer, AuthorizationSession } from '../oauth/ports';
import { redact } from '../common/redact';
import { currentFlow, type FlowScope } from './flow-context';
import { maskUrl } from './mask';

/** Called by an authorizer for each page the sign-in passed through (URL and, when known, status). */
export type NavigationObserver = NonNullable<Parameters<Authorizer['begin']>[0]['onNavigation']>;

export function recordAuthorizerFor(
  authorizerFor: (config: CredentialConfig) => Authorizer,
): (config: CredentialConfig) => Authorizer {
  return (config) => {
    const inner = authorizerFor(config);
    const recorded: Authorizer = {
      async begin(request) {
        const scope = currentFlow();
        const session = await inner.begin(
          scope ? { ...request, onNavigation: navigationRecorder(scope) } : request,
        );
        return scope ? recordSession(session, scope) : session;
      },
    };
    // Sign out asks the authorizer to forget an account's session: that must reach the real one.
    const forget = inner.forgetSession?.bind(inner);
    if (forget) recorded.forgetSession = forget;
    return recorded;
  };
}

function navigationRecorder(scope: FlowScope): NavigationObserver {
  return ({ url, status }) => {
    const masked = maskUrl(url, scope.flow.keeper);
    const step = scope.flow.addStep({
      kind: 'redirect',
      title: `Page: ${hostAndPath(url)}`,
      request: { method: 'GET', url: masked.url, query: masked.query, headers: [] },
      detail:
        status === undefined
          ? 'Seen during the sign-in'
          : `Seen during the sign-in: HTTP ${status}`,
      durationMs: 0,
    });
    step.finish({ outcome: status !== undefined && status >= 400 ? 'failed' : 'ok' });
  };
}

function recordSession(session: AuthorizationSession, scope: FlowScope): AuthorizationSession {
  return {
    get redirectUri() {
      return session.redirectUri;
    },
    close: () => session.close(),
    async waitForCallback(authorizationUrl, signal) {
      const { flow } = scope;
      const request = maskUrl(authorizationUrl, flow.keeper);
      const step = flow.addStep({
        kind: 'authorization_request',
        title: 'Authorization request',
        request: { method: 'GET', url: request.url, query: request.query, headers: [] },
        detail: `Opened for the user; the provider redirects to ${redact(session.redirectUri)}.`,
      });
      try {
        const callbackUrl = await session.waitForCallback(authorizationUrl, signal);
        step.finish({ outcome: 'ok' });
        recordCallback(scope, callbackUrl);
        return callbackUrl;
      } catch (error) {
        const message =
          error instanceof Error ? redact(error.message) : 'The sign-in did not complete.';
        step.finish({ outcome: 'failed', error: { message } });
        throw error;
      }
    },
  };
}

function recordCallback(scope: FlowScope, callbackUrl: string): void {
  const masked = maskUrl(callbackUrl, scope.flow.keeper);
  const params = [...masked.query, ...masked.fragment];
  const error = params.find((p) => p.name === 'error')?.value;
  const description = params.find((p) => p.name === 'error_description')?.value;
  const step = scope.flow.addStep({
    kind: 'callback',
    title: 'Callback received',
    request: { method: 'GET', url: masked.url, query: params, headers: [] },
    durationMs: 0,
  });
  // RFC 6749 §4.1.2.1: the provider's refusal comes back as error (and error_description).
  step.finish(
    error
      ? {
          outcome: 'failed',
          error: { code: error, message: description ? `${error}: ${description}` : error },
        }
      : { outcome: 'ok' },
  );
}

function hostAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
