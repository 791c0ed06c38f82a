// The shape of a credential's accounts (signed-in users), free of zod and of the credential
// module, so that the credential's configuration type can name it without an import cycle. The
// schema that validates it is in accounts.ts, which checks at compile time that both agree.

/** Where an account's shown name came from: the provider's claims, the user, or nowhere yet. */
export const ACCOUNT_NAME_SOURCES = ['claims', 'user', 'none'] as const;
export type AccountNameSource = (typeof ACCOUNT_NAME_SOURCES)[number];

/** One signed-in user of one environment of a credential. Holds no secret. */
export interface CredentialAccount {
  /** Plain characters only: part of the account's vault slot and sign-in session partition. */
  id: string;
  /** The environment (its id) the account signed in to. */
  environment: string;
  /** Shown in the list; '' until the first sign-in names it. */
  name: string;
  nameSource: AccountNameSource;
  /** The `sub` of its last sign-in (OIDC Core §2): a second sign-in as the same user renews it. */
  subject?: string | undefined;
  /** Password grant: the resource owner's username (RFC 6749 §4.3.2); its password is in its slot. */
  username?: string | undefined;
  /** The account a request, the broker and the CLI use when none is named. */
  default: boolean;
}

/** What the renderer shows of an account beside the credential's status. */
export interface AccountMarker {
  id: string;
  name: string;
  nameSource: AccountNameSource;
  username?: string;
  default: boolean;
  /** It holds a usable token, or one it can renew without the user. */
  signedIn: boolean;
}
