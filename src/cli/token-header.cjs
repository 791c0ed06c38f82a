// @ts-check
'use strict';
// The header a credential's API calls carry its token in (its token placement in the app: any
// header name and prefix, or a query parameter). `header` prints it and `curl` sends it, so both
// put the token where the API expects it; a credential that sends it in the URL has no header.

/**
 * @param {{ headerValue: string, credential: { name: string },
 *   placement?: { in: 'header' | 'query', name: string } }} token
 * @returns {{ name: string, value: string } | { problem: string }}
 */
function tokenHeader(token) {
  // An app older than the placement setting sends none: it only knew the Authorization header.
  const placement = token.placement ?? { in: 'header', name: 'Authorization' };
  if (placement.in === 'query') {
    return {
      problem:
        `"${token.credential.name}" sends its token as the query parameter ${placement.name}, not in a header. ` +
        `Use \`oauth-desk token "${token.credential.name}"\` and add ?${placement.name}=… to the URL, or change its token placement in the app.`,
    };
  }
  return { name: placement.name, value: token.headerValue };
}

module.exports = { tokenHeader };
