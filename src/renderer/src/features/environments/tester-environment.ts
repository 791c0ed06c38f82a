// Which environment the request tester's request gets its token from: the one picked in the
// tester, else the credential's environment in the active one (as main resolves a plain id).
import { environmentsOf, markerOf } from '../../../../shared/environment-resolve';
import type { EnvironmentMarker } from '../../../../shared/environment-types';
import type { CredentialListItem } from '../../../../shared/list-item';

export function testerEnvironment(
  summary: CredentialListItem | undefined,
  environmentId: string | null,
): EnvironmentMarker | undefined {
  if (!summary) return undefined;
  const picked =
    environmentId === null
      ? undefined
      : environmentsOf(summary.config).find((env) => env.id === environmentId);
  return picked ? markerOf(picked) : summary.environment;
}
