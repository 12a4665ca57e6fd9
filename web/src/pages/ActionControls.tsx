import { useState } from 'react';
import { api } from '../api';
import { entityHref, when } from '../format';
import type { Action } from '../types';

const CAN_CONFIRM = new Set(['proposed', 'awaiting_confirmation']);
const CAN_EXTEND = new Set(['active', 'extended']);
const CAN_CLEAR = new Set(['proposed', 'awaiting_confirmation', 'active', 'extended']);

/** Actions with the analyst's three decisions; each needs a reason, which lands in the audit trail. */
export function ActionTable({
  actions,
  canAct,
  onChange,
}: {
  actions: Action[];
  canAct: boolean;
  onChange: () => void;
}) {
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  async function decide(a: Action, decision: 'confirm' | 'extend' | 'clear') {
    setError(undefined);
    try {
      await api(`/api/actions/${encodeURIComponent(a.id)}/${decision}`, {
        method: 'POST',
        body: { reason: reason[a.id] ?? '', ...(decision === 'extend' ? { durationMs: 3600_000 } : {}) },
      });
      setReason((r) => ({ ...r, [a.id]: '' }));
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  if (actions.length === 0) return <p className="muted">No actions.</p>;
  return (
    <>
      {error && <p className="error">{error}</p>}
      <table className="actions">
        <thead>
          <tr>
            <th>Action</th>
            <th>Target</th>
            <th>Mode</th>
            <th>Status</th>
            <th>Expires</th>
            <th>Rule</th>
            {canAct && <th>Decision</th>}
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id} data-action-id={a.id}>
              <td>{a.action.replaceAll('_', ' ')}</td>
              <td>
                <a href={entityHref(a.target)}>{a.target.id}</a>
              </td>
              <td>{a.mode.replaceAll('_', ' ')}</td>
              <td className={`status ${a.status}`}>{a.status.replaceAll('_', ' ')}</td>
              <td>{when(a.expires)}</td>
              <td className="small">{a.rule}</td>
              {canAct && (
                <td className="decide">
                  {CAN_CLEAR.has(a.status) && (
                    <>
                      <input
                        placeholder="reason"
                        aria-label={`reason for ${a.id}`}
                        value={reason[a.id] ?? ''}
                        onChange={(e) => setReason((r) => ({ ...r, [a.id]: e.target.value }))}
                      />
                      {CAN_CONFIRM.has(a.status) && (
                        <button type="button" onClick={() => decide(a, 'confirm')}>
                          Confirm
                        </button>
                      )}
                      {CAN_EXTEND.has(a.status) && (
                        <button type="button" onClick={() => decide(a, 'extend')}>
                          Extend 1 h
                        </button>
                      )}
                      <button type="button" className="secondary" onClick={() => decide(a, 'clear')}>
                        Clear
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
