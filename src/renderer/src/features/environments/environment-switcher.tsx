// The app-wide environment switcher, above both panes: the list, the detail, the token viewer
// and the request tester all follow the environment chosen here. Its colour runs across the
// top of the window, and a production environment says so in words as well as in colour.
import { useId } from 'react';
import { DEFAULT_ENVIRONMENT_NAME } from '../../../../shared/environment-resolve';
import { useAppStore } from '../../store/app-store';
import { activeChoice, environmentChoices } from './environment-names';
import { EnvironmentMarker } from './environment-marker';

export function EnvironmentSwitcher() {
  const credentials = useAppStore((s) => s.credentials);
  const active = useAppStore((s) => s.activeEnvironment);
  const switching = useAppStore((s) => s.switchingEnvironment);
  const setActive = useAppStore((s) => s.setActiveEnvironment);
  const selectId = useId();
  const choices = environmentChoices(credentials, active);
  const current = activeChoice(choices, active);
  const color = current?.color ?? 'grey';
  return (
    <div
      className={`env-bar env-color-${color}${current?.production ? ' env-bar-production' : ''}`}
      role="region"
      aria-label="Active environment"
    >
      <label htmlFor={selectId}>Environment</label>
      <select
        id={selectId}
        value={current?.name ?? ''}
        disabled={switching}
        onChange={(e) => void setActive(e.target.value || null)}
      >
        <option value="">{DEFAULT_ENVIRONMENT_NAME}</option>
        {choices.map((choice) => (
          <option key={choice.name} value={choice.name}>
            {choice.production ? `${choice.name} (production)` : choice.name}
          </option>
        ))}
      </select>
      {current && <EnvironmentMarker marker={current} />}
      <span className="muted env-bar-hint">
        {current
          ? `Credentials without a ${current.name} environment use their first.`
          : 'Each credential uses its first environment.'}
      </span>
    </div>
  );
}
