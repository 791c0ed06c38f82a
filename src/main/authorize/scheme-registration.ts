// Whether this run takes the oauthdesk:// scheme, and what the app can promise about it. The OS
// hands oauthdesk:// URLs only to an app that declares the scheme (electron/electron
// docs/tutorial/launch-app-from-url-in-another-app.md: "On macOS and Linux, this feature will only
// work when your app is packaged"; docs/api/app.md, setAsDefaultProtocolClient: on macOS only
// schemes in the app's Info.plist). On Windows a dev run could register (a registry key pointing at
// node_modules\electron), but that would take the scheme from an installed copy: opt-in only.

export interface SchemeRegistrationInput {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** OAUTH_DESK_USER_DATA_DIR: a separate profile never takes the scheme from the normal install. */
  separateProfile: boolean;
  /** OAUTH_DESK_REGISTER_SCHEME=1: a Windows dev run may take the scheme until it quits. */
  devOptIn: boolean;
}

export type SchemeRegistrationPlan =
  { register: true; unregisterAtQuit: boolean } | { register: false; reason: string };

export const DEV_SCHEME_OPT_IN = 'OAUTH_DESK_REGISTER_SCHEME';

export function schemeRegistrationPlan(input: SchemeRegistrationInput): SchemeRegistrationPlan {
  if (input.separateProfile) {
    return {
      register: false,
      reason:
        'This run uses a separate profile (OAUTH_DESK_USER_DATA_DIR), which leaves oauthdesk:// to the installed app.',
    };
  }
  if (input.isPackaged) return { register: true, unregisterAtQuit: false };
  if (input.platform === 'win32') {
    if (input.devOptIn) return { register: true, unregisterAtQuit: true };
    return {
      register: false,
      reason: `A development run does not take oauthdesk:// from an installed copy; set ${DEV_SCHEME_OPT_IN}=1 to register it until this run quits.`,
    };
  }
  return {
    register: false,
    reason:
      'On macOS and Linux only the packaged app (npm run package) can receive oauthdesk:// links.',
  };
}

/** What the app tells the user about the scheme (app info). */
export interface AppSchemeStatus {
  registered: boolean;
  /** Why not, and what system-browser sign-ins do instead; null when registered. */
  note: string | null;
}

export const LOOPBACK_INSTEAD =
  'System-browser sign-ins use the RFC 8252 loopback redirect (http://127.0.0.1:<port>/callback) instead; register that at the provider.';

export function schemeStatus(
  plan: SchemeRegistrationPlan,
  registeredByOs: boolean,
): AppSchemeStatus {
  if (plan.register && registeredByOs) return { registered: true, note: null };
  const reason = plan.register
    ? 'The operating system refused to register oauthdesk:// for this app.'
    : plan.reason;
  return { registered: false, note: `${reason} ${LOOPBACK_INSTEAD}` };
}
