import { useState } from 'react';
import { qs } from '../api';
import { entityHref, when } from '../format';
import { useApi } from '../useApi';

interface Seen {
  kind: string;
  id: string;
  firstSeen: number;
  lastSeen: number;
  events: number;
}

/** Everything the engine has learned a pattern of life for, most recently active first. */
export function Entities() {
  const [kind, setKind] = useState('device');
  const [filter, setFilter] = useState('');
  const { data, error } = useApi<{ entities: Seen[] }>(`/api/entities${qs({ kind, limit: 5000 })}`);
  const shown = (data?.entities ?? []).filter((e) => e.id.includes(filter.trim().toLowerCase()));
  return (
    <section>
      <h2>Entities</h2>
      <div className="filters">
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="device">devices</option>
            <option value="user">users</option>
            <option value="agent">AI agents</option>
          </select>
        </label>
        <label>
          Contains
          <input value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      {data && shown.length === 0 && <p className="muted">None learned yet.</p>}
      {shown.length > 0 && (
        <table className="entities-list">
          <thead>
            <tr>
              <th>Entity</th>
              <th>First seen</th>
              <th>Last seen</th>
              <th>Events learned</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={entityHref(e)}>{e.id}</a>
                </td>
                <td>{when(e.firstSeen)}</td>
                <td>{when(e.lastSeen)}</td>
                <td>{e.events}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
