// The pages the loopback listener answers with. Static text only: nothing from the request (code,
// state, error description) is echoed, so the page cannot leak or inject anything.

const STYLE =
  'body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32rem;text-align:center;color:#222}';

function page(title: string, body: string, script = ''): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title><style>${STYLE}</style></head>`,
    `<body>${body}${script ? `<script>${script}</script>` : ''}</body></html>`,
  ].join('');
}

/** After the one valid callback: the tab can go; most browsers only let a script close tabs it opened. */
export const DONE_PAGE = page(
  'OAuth Desk: signed in',
  '<h1>You can close this tab</h1><p>OAuth Desk received the sign-in response. Return to the app.</p>',
  'setTimeout(function(){window.close()},300)',
);

export const NOT_FOUND_PAGE = page('Not found', '<h1>Not found</h1>');

export const NOT_A_CALLBACK_PAGE = page(
  'OAuth Desk: not a sign-in response',
  '<h1>This is not a sign-in response</h1><p>OAuth Desk is still waiting for the provider to redirect here.</p>',
);

/** A callback whose state is not the one we sent: forged, replayed, or from an older attempt. */
export const NOT_THIS_SIGN_IN_PAGE = page(
  'OAuth Desk: not this sign-in',
  '<h1>This sign-in link is not for the sign-in in progress</h1><p>OAuth Desk is still waiting. Finish signing in from the window it opened, or click Authorize again.</p>',
);

/** The query parameter that carries a fragment relayed by `FRAGMENT_RELAY_PAGE`. */
export const FRAGMENT_PARAM = 'oauthdesk_fragment';

/**
 * Implicit grant responses arrive in the fragment (RFC 6749 §4.2.2), which browsers never send to
 * a server. This page hands the fragment back to the listener as one query parameter.
 */
export const FRAGMENT_RELAY_PAGE = page(
  'OAuth Desk',
  '<p>Finishing sign-in…</p>',
  `var h=location.hash.slice(1);if(h){location.replace(location.pathname+'?${FRAGMENT_PARAM}='+encodeURIComponent(h))}` +
    `else{document.body.innerHTML='<h1>This is not a sign-in response</h1>'}`,
);

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The URL holds a code; no referrer may carry it anywhere.
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  connection: 'close',
} as const;
