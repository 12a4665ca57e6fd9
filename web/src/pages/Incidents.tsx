import { useState } from 'react';
import { qs } from '../api';
import { scoreClass, splitEntities, when } from '../format';
import type { Incident } from '../types';
import { useApi } from '../useApi';

function EntityCell({ entities }: { entities: Incident['entities'] }) {
  const { own, touched } = splitEntities(entities);
  return (
    <td>
      {own.map((e) => e.id).join(', ')}
      {touched.length > 0 && <span className="muted small"> + {touched.length} related</span>}
    </td>
  );
}

export function Incidents() {
  const [status, setStatus] = useState('open');
  const { data, error } = useApi<{ incidents: Incident[] }>(`/api/incidents${qs({ status, limit: 500 })}`);
  return (
    <section>
      <h2>Incidents</h2>
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open">open</option>
            <option value="closed">closed</option>
            <option value="">all</option>
          </select>
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      {data && data.incidents.length === 0 && <p className="muted">No incidents.</p>}
      {data && data.incidents.length > 0 && (
        <table className="incidents">
          <thead>
            <tr>
              <th>Score</th>
              <th>Incident</th>
              <th>Entities</th>
              <th>Tactics</th>
              <th>Start</th>
              <th>Breaches</th>
            </tr>
          </thead>
          <tbody>
            {[...data.incidents]
              .sort((a, b) => b.score - a.score || b.start - a.start)
              .map((i) => (
                <tr key={i.id}>
                  <td>
                    <span className={scoreClass(i.score)}>{i.score}</span>
                  </td>
                  <td>
                    <a href={`#/incidents/${encodeURIComponent(i.id)}`}>{i.title}</a>
                  </td>
                  <EntityCell entities={i.entities} />
                  <td className="small">{i.mitre.tactics.join(' → ')}</td>
                  <td>{when(i.start)}</td>
                  <td>{i.breaches.length}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
