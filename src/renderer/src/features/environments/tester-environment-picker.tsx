// Beside the tester's credential: which of its environments the request uses (the active one
// unless another is picked here) and that environment's marker, so a production token is never
// attached unnoticed.
import { useId } from 'react';
import { environmentsOf, isMarked } from '../../../../shared/environment-resolve';
import { useAppStore } from '../../store/app-store';
import { EnvironmentMarker } from './environment-marker';
import { testerEnvironment } from './tester-environment';

export function TesterEnvironmentPicker() {
  const summary = useAppStore((s) =>
    s.draft.credentialId ? s.credentials[s.draft.credentialId] : undefined,
  );
  const environmentId = useAppStore((s) => s.draft.environmentId);
  const choose = useAppStore((s) => s.chooseEnvironment);
  const pickerId = useId();
  if (!summary) return null;
  const list = environmentsOf(summary.config);
  const shown = testerEnvironment(summary, environmentId);
  const picked = list.some((env) => env.id === environmentId) ? environmentId : null;
  return (
    <>
      {list.length > 1 && (
        <>
          <label htmlFor={pickerId}>Request environment</label>
          <select
            id={pickerId}
            value={picked ?? ''}
            onChange={(e) => choose(e.target.value || null)}
          >
            <option value="">
              The active one{summary.environment ? ` (${summary.environment.name})` : ''}
            </option>
            {list.map((env) => (
              <option key={env.id} value={env.id}>
                {env.production ? `${env.name} (production)` : env.name}
              </option>
            ))}
          </select>
        </>
      )}
      {shown && isMarked(shown) && <EnvironmentMarker marker={shown} />}
    </>
  );
}
