import { useState } from 'react';
import { qs } from '../api';
import { entityHref, scoreClass, when } from '../format';
import type { Breach } from '../types';
import { useApi } from '../useApi';
import { UtcTimeInput, utcIso } from '../utcTime';

const PAGE = 100;

export function Breaches() {
  const [filters, setFilters] = useState({ model: '', entity: '', minScore: '', from: '', to: '' });
  const [offset, setOffset] = useState(0);
  const set = (k: keyof typeof filters) => (v: string) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setOffset(0);
  };
  const from = utcIso(filters.from);
  const to = utcIso(filters.to);
  const ready = from !== null && to !== null;
  const { data, error } = useApi<{ breaches: Breach[]; more: boolean }>(
    ready
      ? `/api/breaches${qs({ model: filters.model, entity: filters.entity, minScore: filters.minScore, from, to, limit: PAGE, offset })}`
      : null,
  );
  const { data: models } = useApi<{ models: { name: string }[] }>('/api/models');
  return (
    <section>
      <h2>Breach log</h2>
      <div className="filters">
        <label>
          Model
          <select value={filters.model} onChange={(e) => set('model')(e.target.value)}>
            <option value="">any</option>
            {models?.models.map((m) => (
              <option key={m.name}>{m.name}</option>
            ))}
          </select>
        </label>
        <label>
          Entity
          <input
            value={filters.entity}
            onChange={(e) => set('entity')(e.target.value)}
            placeholder="10.0.0.5 or user@org"
          />
        </label>
        <label>
          Min score
          <input
            type="number"
            min={0}
            max={100}
            value={filters.minScore}
            onChange={(e) => set('minScore')(e.target.value)}
          />
        </label>
        <UtcTimeInput label="From" value={filters.from} onChange={set('from')} />
        <UtcTimeInput label="To" value={filters.to} onChange={set('to')} />
      </div>
      {!ready && <p className="error">Type times as YYYY-MM-DD HH:MM (UTC).</p>}
      {error && <p className="error">{error}</p>}
      <table className="breach-log">
        <thead>
          <tr>
            <th>Time (UTC)</th>
            <th>Score</th>
            <th>Model</th>
            <th>Entity</th>
            <th>Summary</th>
          </tr>
        </thead>
        <tbody>
          {data?.breaches.map((b) => (
            <tr key={b.id}>
              <td className="nowrap">{when(b.time)}</td>
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
      {data && (
        <div className="pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </button>
          <span>
            {data.breaches.length === 0 ? 'none' : `${offset + 1}–${offset + data.breaches.length}`}
            {data.more ? ' (more follow)' : ''}
          </span>
          <button type="button" disabled={!data.more} onClick={() => setOffset(offset + PAGE)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}
