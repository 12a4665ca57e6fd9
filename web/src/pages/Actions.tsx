import { useState } from 'react';
import { qs } from '../api';
import type { Action } from '../types';
import { useApi } from '../useApi';
import { ActionTable } from './ActionControls';

const QUEUES: Record<string, string> = {
  'Awaiting decision': 'proposed,awaiting_confirmation',
  'In force': 'active,extended',
  Ended: 'expired,cleared,failed',
  All: '',
};

export function Actions({ canAct }: { canAct: boolean }) {
  const [queue, setQueue] = useState('Awaiting decision');
  const { data, error, reload } = useApi<{ actions: Action[] }>(
    `/api/actions${qs({ status: QUEUES[queue], limit: 1000 })}`,
  );
  return (
    <section>
      <h2>Actions</h2>
      <div className="tabs">
        {Object.keys(QUEUES).map((q) => (
          <button type="button" key={q} className={q === queue ? 'tab on' : 'tab'} onClick={() => setQueue(q)}>
            {q}
          </button>
        ))}
      </div>
      {error && <p className="error">{error}</p>}
      {data && <ActionTable actions={data.actions} canAct={canAct} onChange={reload} />}
    </section>
  );
}
