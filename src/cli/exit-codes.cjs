// @ts-check
'use strict';
// The CLI's exit codes, one per thing a script may want to react to. Documented in the README.
const EXIT = {
  ok: 0,
  failed: 1, // anything unexpected
  usage: 2, // wrong arguments or a request the app refused as malformed
  notRunning: 3, // OAuth Desk is not running (no broker socket answers)
  denied: 4, // denied in the app, not answered, broker paused, credential forbids it, origin not allowed
  needsSignIn: 5, // the credential needs an interactive sign-in in the app
  providerError: 6, // the authorization server refused or could not be reached
  notFound: 7, // no credential or tool by that name
  requestFailed: 8, // curl/call: the API could not be reached; tool call: it answered HTTP 400 or above
  interrupted: 130, // Ctrl-C while waiting for the app (128 + SIGINT, as shells report it)
};

/** Broker error code -> exit code. */
function exitCodeFor(code) {
  switch (code) {
    case 'validation':
      return EXIT.usage;
    case 'paused':
    case 'denied':
    case 'forbidden':
    case 'origin_not_allowed':
      return EXIT.denied;
    case 'needs_sign_in':
      return EXIT.needsSignIn;
    case 'provider_error':
      return EXIT.providerError;
    case 'not_found':
      return EXIT.notFound;
    case 'request_failed':
      return EXIT.requestFailed;
    default:
      return EXIT.failed;
  }
}

const NOT_RUNNING_MESSAGE =
  'OAuth Desk is not running (no broker socket found). Start the app (or `npm run browser`), then try again. ' +
  'If it runs with another data folder, set OAUTH_DESK_DATA_DIR to that folder.';

module.exports = { EXIT, exitCodeFor, NOT_RUNNING_MESSAGE };
