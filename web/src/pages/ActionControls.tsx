import { useState } from 'react';
import { api } from '../api';
import { entityHref, when } from '../format';
import type { Action, ActionAudit } from '../types';

const CAN_CONFIRM = new Set(['proposed', 'awaiting_confirmation']);
const CAN_EXTEND = new Set(['active', 'extended']);
const CAN_CLEAR = new Set(['proposed', 'awaiting_confirmation', 'active', 'extended']);

const HOUR = 3600_000;
/** How long an extension may add; the server caps it at 30 days. */
const EXTENSIONS: [string, number][] = [
  ['1 hour', HOUR],
  ['4 hours', 4 * HOUR],
  ['1 day', 24 * HOUR],
  ['3 days', 72 * HOUR],
  ['7 days', 168 * HOUR],
];

/** An executor's entry that carried nothing out: the demo's recorders and nftables' dry-run mode. */
export function isDryRun(e: ActionAudit): boolean {
  return e.actor.startsWith('executor') && /\bdry run\b/.test(e.reason);
}

/** The executor's latest word on the action decides whether it is in force on paper only. */
function lastExecutorEntry(a: Action): ActionAudit | undefined {
  return a.audit.findLast((e) => e.actor.startsWith('executor'));
}

function AuditTrail({ audit }: { audit: ActionAudit[] }) {
  return (
    <details className="audit">
      <summary className="small">
        Audit trail ({audit.length} {audit.length === 1 ? 'entry' : 'entries'})
      </summary>
      <ol>
        {audit.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries of one append-only trail
          <li key={i} className={isDryRun(e) ? 'dry-run' : undefined}>
            <span className="small muted">{when(e.time)}</span> <strong>{e.actor}</strong>{' '}
            {e.from ? `${e.from.replaceAll('_', ' ')} → ` : ''}
            {e.to.replaceAll('_', ' ')}
            {isDryRun(e) && <span className="badge dry-run">dry run</span>}
            {e.reason.includes('\n') ? (
              <pre className="small">{e.reason}</pre>
            ) : (
              <span className="small"> — {e.reason}</span>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

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
  const [extension, setExtension] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  async function decide(a: Action, decision: 'confirm' | 'extend' | 'clear') {
    setError(undefined);
    try {
      const durationMs = extension[a.id] ?? HOUR;
      await api(`/api/actions/${encodeURIComponent(a.id)}/${decision}`, {
        method: 'POST',
        body: { reason: reason[a.id] ?? '', ...(decision === 'extend' ? { durationMs } : {}) },
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
          {actions.map((a) => {
            const executed = lastExecutorEntry(a);
            return [
              <tr key={a.id} data-action-id={a.id} className="action-row">
                <td>{a.action.replaceAll('_', ' ')}</td>
                <td>
                  <a href={entityHref(a.target)}>{a.target.id}</a>
                </td>
                <td>{a.mode.replaceAll('_', ' ')}</td>
                <td className={`status ${a.status}`}>
                  <span className="state">{a.status.replaceAll('_', ' ')}</span>
                  {executed && isDryRun(executed) && (
                    <span className="badge dry-run" title="Carried out on paper only: see the audit trail">
                      dry run
                    </span>
                  )}
                </td>
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
                          <>
                            <select
                              aria-label={`extension for ${a.id}`}
                              value={extension[a.id] ?? HOUR}
                              onChange={(e) => setExtension((x) => ({ ...x, [a.id]: Number(e.target.value) }))}
                            >
                              {EXTENSIONS.map(([label, ms]) => (
                                <option key={ms} value={ms}>
                                  {label}
                                </option>
                              ))}
                            </select>
                            <button type="button" onClick={() => decide(a, 'extend')}>
                              Extend
                            </button>
                          </>
                        )}
                        <button type="button" className="secondary" onClick={() => decide(a, 'clear')}>
                          Clear
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>,
              a.audit.length > 0 && (
                <tr key={`${a.id}-audit`} data-audit-for={a.id} className="audit-row">
                  <td colSpan={canAct ? 7 : 6}>
                    <AuditTrail audit={a.audit} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </>
  );
}
