// Above the list: show one group, grant type, provider or token state (each with its count), and
// the sort order.
import { useMemo } from 'react';
import { useAppStore } from '../../store/app-store';
import { ALL, SORT_KEYS, SORT_LABELS, facetGroups, type SortKey } from './credential-groups';

export function ListControls() {
  const credentials = useAppStore((s) => s.credentials);
  const view = useAppStore((s) => s.listView);
  const setView = useAppStore((s) => s.setListView);
  const all = useMemo(() => Object.values(credentials), [credentials]);
  const groups = useMemo(() => facetGroups(all), [all]);
  // A facet that no longer holds anything (its last credential moved) is still offered while chosen.
  const known =
    view.show === ALL || groups.some((g) => g.options.some((o) => o.value === view.show));
  return (
    <div className="list-controls">
      <label className="list-control">
        <span>Show</span>
        <select value={view.show} onChange={(e) => setView({ show: e.target.value })}>
          <option value={ALL}>All credentials ({all.length})</option>
          {!known && (
            <option value={view.show}>
              {view.show.slice(view.show.indexOf(':') + 1) || 'No group'} (0)
            </option>
          )}
          {groups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label} ({o.count})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="list-control">
        <span>Sort by</span>
        <select value={view.sort} onChange={(e) => setView({ sort: e.target.value as SortKey })}>
          {SORT_KEYS.map((key) => (
            <option key={key} value={key}>
              {SORT_LABELS[key]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
