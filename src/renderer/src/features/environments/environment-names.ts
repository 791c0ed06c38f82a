// What the switcher offers and how a name looks there: every environment name the credentials
// have (the same name in two credentials is one choice), in the order the credentials list them.
import { DEFAULT_ENVIRONMENT_NAME, environmentsOf } from '../../../../shared/environment-resolve';
import type { EnvironmentColor } from '../../../../shared/environment-types';
import type { CredentialListItem } from '../../../../shared/list-item';

export interface EnvironmentChoice {
  name: string;
  /** The colour of the first environment of this name (credentials may differ). */
  color: EnvironmentColor;
  /** True when any credential's environment of this name is marked production. */
  production: boolean;
}

const key = (name: string) => name.trim().toLowerCase();

/**
 * Names to switch to. "Default" is left out: choosing no name (null) means each credential's
 * first environment, which is the one created as "Default", so the two would be the same choice.
 * An active name no credential has (any more) stays listed, so the switcher shows the truth.
 */
export function environmentChoices(
  credentials: Record<string, CredentialListItem>,
  active: string | null,
): EnvironmentChoice[] {
  const seen = new Map<string, EnvironmentChoice>();
  const summaries = Object.values(credentials).sort((a, b) =>
    a.config.name.localeCompare(b.config.name),
  );
  for (const { config } of summaries) {
    for (const env of environmentsOf(config)) {
      if (key(env.name) === key(DEFAULT_ENVIRONMENT_NAME)) continue;
      const found = seen.get(key(env.name));
      if (found) found.production ||= env.production;
      else
        seen.set(key(env.name), { name: env.name, color: env.color, production: env.production });
    }
  }
  if (active && !seen.has(key(active)))
    seen.set(key(active), { name: active, color: 'grey', production: false });
  return [...seen.values()];
}

/** The choice the switcher shows as active. */
export function activeChoice(
  choices: EnvironmentChoice[],
  active: string | null,
): EnvironmentChoice | null {
  return active ? (choices.find((choice) => key(choice.name) === key(active)) ?? null) : null;
}
