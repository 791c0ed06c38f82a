// The last few tokens the broker used per credential, kept in memory only, so that an answer to a
// client can have them cut out: an API that echoes the Authorization header back must not hand
// the token to an agent that was meant never to see it.
const KEPT_PER_CREDENTIAL = 4;
export const TOKEN_MASK = '[token removed by OAuth Desk]';

export interface TokenLedger {
  remember(credentialId: string, token: string): void;
  tokens(credentialId: string): readonly string[];
  forget(credentialId: string): void;
}

export function createTokenLedger(): TokenLedger {
  const byCredential = new Map<string, string[]>();
  return {
    remember(credentialId, token) {
      if (!token) return;
      const kept = (byCredential.get(credentialId) ?? []).filter((t) => t !== token);
      byCredential.set(credentialId, [token, ...kept].slice(0, KEPT_PER_CREDENTIAL));
    },
    tokens: (credentialId) => byCredential.get(credentialId) ?? [],
    forget: (credentialId) => void byCredential.delete(credentialId),
  };
}

/** Replaces every occurrence of each token in `text`. */
export function scrubTokens(text: string, tokens: readonly string[]): string {
  let result = text;
  for (const token of tokens)
    if (token.length > 0 && result.includes(token)) result = result.split(token).join(TOKEN_MASK);
  return result;
}
