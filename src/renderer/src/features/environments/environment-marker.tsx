// The environment a credential's status, token and requests are of: its colour and name, and a
// production label that cannot be missed, so nobody sends a test to production unaware.
import type { EnvironmentMarker as Marker } from '../../../../shared/environment-types';

export function EnvironmentMarker({
  marker,
}: {
  marker: Pick<Marker, 'name' | 'color' | 'production'>;
}) {
  return (
    <span
      className={`env-marker env-color-${marker.color}${marker.production ? ' env-production' : ''}`}
      title={marker.production ? `${marker.name}: a production environment` : marker.name}
    >
      <span className="env-dot" aria-hidden="true" />
      <span className="env-name">{marker.name}</span>
      {marker.production && <span className="env-prod-label">production</span>}
    </span>
  );
}
