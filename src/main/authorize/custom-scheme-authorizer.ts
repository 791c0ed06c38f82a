// System browser with a private-use scheme redirect (RFC 8252 §7.1): the browser hands
// oauthdesk://callback?... to the OS, the OS to our running instance, the router to this session.
import { AppError } from '../../shared/errors';
import type { Authorizer, Logger } from '../oauth/ports';
import { waitForOutcome } from './authorize-errors';
import { sentState } from './callback-state';
import type { ProtocolCallbackRouter } from './protocol-callback-router';

export interface CustomSchemeAuthorizerOptions {
  router: ProtocolCallbackRouter;
  open(url: string): void | Promise<void>;
  logger?: Logger;
}

export function createCustomSchemeAuthorizer(options: CustomSchemeAuthorizerOptions): Authorizer {
  return {
    async begin({ config }) {
      let unregister = () => {};
      return {
        redirectUri: config.redirectUri,
        close: () => unregister(),
        waitForCallback(authorizationUrl, signal) {
          return waitForOutcome({ signal, onFinish: () => unregister() }, (settle) => {
            unregister = options.router.register({
              redirectUri: config.redirectUri,
              state: sentState(authorizationUrl),
              deliver: settle.resolve,
            });
            Promise.resolve()
              .then(() => options.open(authorizationUrl))
              .catch((error: unknown) => {
                options.logger?.warn('Could not open the system browser', {
                  name: (error as Error)?.name,
                });
                settle.reject(
                  new AppError(
                    {
                      code: 'internal',
                      message:
                        'OAuth Desk could not open your web browser. Check that a default browser is set, then click Authorize again.',
                    },
                    { cause: error },
                  ),
                );
              });
          });
        },
      };
    },
  };
}
