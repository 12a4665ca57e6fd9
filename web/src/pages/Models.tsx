import { useState } from 'react';
import { api } from '../api';
import type { ModelInfo } from '../types';
import { useApi } from '../useApi';

function ModelRow({ m, canEdit, onSaved }: { m: ModelInfo; canEdit: boolean; onSaved: () => void }) {
  const [thresholds, setThresholds] = useState(m.thresholds);
  const [allow, setAllow] = useState(m.allow.join('\n'));
  const [msg, setMsg] = useState<string>();
  async function save(body: object) {
    try {
      await api(`/api/models/${encodeURIComponent(m.name)}`, { method: 'PUT', body });
      setMsg('saved');
      onSaved();
    } catch (err) {
      setMsg((err as Error).message);
    }
  }
  return (
    <details className="model">
      <summary>
        <span className={m.enabled ? 'switch on' : 'switch off'} title={m.enabled ? 'enabled' : 'disabled'}>
          {m.enabled ? 'on' : 'off'}
        </span>{' '}
        {m.name}{' '}
        <span className="small muted">
          {m.category} · {m.mitre.join(', ')}
        </span>
      </summary>
      <p>{m.description}</p>
      {m.falsePositives.length > 0 && <p className="small">Known benign causes: {m.falsePositives.join('; ')}</p>}
      {canEdit && (
        <div className="model-edit">
          <button type="button" onClick={() => save({ enabled: !m.enabled })}>
            {m.enabled ? 'Disable' : 'Enable'}
          </button>
          {Object.entries(thresholds).map(([k, v]) => (
            <label key={k}>
              {k}
              <input
                type="number"
                value={v}
                onChange={(e) => setThresholds((t) => ({ ...t, [k]: Number(e.target.value) }))}
              />
            </label>
          ))}
          <label>
            Allow-list (one per line: entity, endpoint, *.domain, CIDR, tag:…)
            <textarea rows={3} value={allow} onChange={(e) => setAllow(e.target.value)} />
          </label>
          <button
            type="button"
            onClick={() =>
              save({
                thresholds,
                allow: allow
                  .split('\n')
                  .map((s) => s.trim())
                  .filter((s) => s !== ''),
              })
            }
          >
            Save
          </button>
          {msg && <span className="small">{msg}</span>}
        </div>
      )}
    </details>
  );
}

export function Models({ canEdit }: { canEdit: boolean }) {
  const { data, error, reload } = useApi<{ models: ModelInfo[] }>('/api/models');
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const [state, setState] = useState<'' | 'on' | 'off'>('');
  const all = data?.models ?? [];
  const categories = [...new Set(all.map((m) => m.category))].sort();
  const needle = text.trim().toLowerCase();
  const shown = all.filter(
    (m) =>
      (category === '' || m.category === category) &&
      (state === '' || m.enabled === (state === 'on')) &&
      (needle === '' || `${m.name} ${m.description} ${m.mitre.join(' ')}`.toLowerCase().includes(needle)),
  );
  return (
    <section>
      <h2>Models</h2>
      <div className="filters">
        <label>
          Find
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="name, words or T1071" />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">any</option>
            {categories.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={state} onChange={(e) => setState(e.target.value as '' | 'on' | 'off')}>
            <option value="">any</option>
            <option value="on">on</option>
            <option value="off">off</option>
          </select>
        </label>
        {data && (
          <span className="small muted">
            {shown.length} of {all.length} models
          </span>
        )}
      </div>
      {error && <p className="error">{error}</p>}
      {data?.models.length === 0 && <p className="muted">No models registered.</p>}
      {shown.map((m) => (
        <ModelRow key={m.name} m={m} canEdit={canEdit} onSaved={reload} />
      ))}
    </section>
  );
}
