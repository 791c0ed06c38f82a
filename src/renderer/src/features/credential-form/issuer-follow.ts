// An issuer describes one server: a preset's or a discovered issuer no longer does once the user
// points the endpoints somewhere else (the Salesforce preset's own note says to switch to
// test.salesforce.com or a My Domain URL). Then iss in sign-in responses would be compared with
// the wrong issuer (RFC 9207 §2.4), so the form clears it and says so, and brings it back when the
// endpoints return to the server it was set for.
import type { FormValues } from './form-model';

const FOLLOWED = ['authorizationUrl', 'tokenUrl'] as const;
type Followed = (typeof FOLLOWED)[number];

const LABELS: Record<Followed, string> = {
  authorizationUrl: 'authorization URL',
  tokenUrl: 'token URL',
};

/** The issuer and the origins of the endpoints it was set with. */
export interface IssuerBasis {
  issuer: string;
  requireIss: boolean;
  origins: Record<Followed, string | null>;
}

function originOf(url: string): string | null {
  try {
    return url.trim() === '' ? null : new URL(url).origin;
  } catch {
    return null;
  }
}

export function issuerBasis(values: FormValues): IssuerBasis | null {
  if (values.issuer.trim() === '') return null;
  return {
    issuer: values.issuer,
    requireIss: values.requireIss,
    origins: {
      authorizationUrl: originOf(values.authorizationUrl),
      tokenUrl: originOf(values.tokenUrl),
    },
  };
}

/**
 * The values after an endpoint edit: the issuer cleared, with a notice, when an endpoint now has
 * another origin than the one the issuer was set with; restored when they match again. An
 * endpoint being typed (not yet a URL) changes nothing.
 */
export function followEndpoints(
  values: FormValues,
  basis: IssuerBasis | null,
): { values: FormValues; notice: string | null } {
  if (!basis) return { values, notice: null };
  for (const field of FOLLOWED) {
    const was = basis.origins[field];
    const now = originOf(values[field]);
    if (was !== null && now !== null && now !== was) {
      return {
        values: { ...values, issuer: '', requireIss: false },
        notice:
          `The issuer ${basis.issuer} was cleared: the ${LABELS[field]} now points to ${now}, not ${was}. ` +
          `Enter the new server's issuer under Advanced (or use Discover) to have sign-in responses checked against it (RFC 9207).`,
      };
    }
  }
  return {
    values: { ...values, issuer: basis.issuer, requireIss: basis.requireIss },
    notice: null,
  };
}
