import { useState } from 'react';
import { qs } from '../api';
import { entityHref, scoreClass, when } from '../format';
import type { Breach } from '../types';
import { useApi } from '../useApi';

export function Breaches() {
  const [model, setModel] = useState('');
  const [entity, setEntity] = useState('');
  const [minScore, setMinScore] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const iso = (v: string) => (v === '' ? undefined : new Date(`${v}Z`).toISOString());
  const { data, error } = useApi<{ breaches: Breach[] }>(
    `/api/breaches${qs({ model, entity, minScore, from: iso(from), to: iso(to), limit: 500 })}`,
  );
  const { data: models } = useApi<{ models: { name: string }[] }>('/api/models');
  return (
    <section>
      <h2>Breach log</h2>
      <div className="filters">
        <label>
          Model
          <select value={model} onChange={(e) => setModel(e.target.value)}>
            <option value="">any</option>
            {models?.models.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </label>
        <label>
          Entity
          <input value={entity} onChange={(e) => setEntity(e.target.value)} placeholder="10.0.0.5 or user@org" />
        </label>
        <label>
          Min score
          <input type="number" min={0} max={100} value={minScore} onChange={(e) => setMinScore(e.target.value)} />
        </label>
        <label>
          From (UTC)
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (UTC)
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {error && <p className="error">{error}</p>}
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Score</th>
            <th>Model</th>
            <th>Entity</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {data?.breaches.map((b) => (
            <tr key={b.id}>
              <td>{when(b.time)}</td>
              <td>
                <span className={scoreClass(b.score)}>{b.score}</span>
              </td>
              <td>{b.model}</td>
              <td>
                <a href={entityHref(b.entity)}>{b.entity.id}</a>
              </td>
              <td>{b.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
