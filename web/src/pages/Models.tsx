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
        <span className={m.enabled ? 'status active' : 'status cleared'}>{m.enabled ? 'on' : 'off'}</span> {m.name}{' '}
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
  return (
    <section>
      <h2>Models</h2>
      {error && <p className="error">{error}</p>}
      {data?.models.length === 0 && <p className="muted">No models registered.</p>}
      {data?.models.map((m) => (
        <ModelRow key={m.name} m={m} canEdit={canEdit} onSaved={reload} />
      ))}
    </section>
  );
}
