import { entityHref, scoreClass, splitEntities, when } from '../format';
import type { Action, Breach, Incident as IncidentT } from '../types';
import { useApi } from '../useApi';
import { ActionTable } from './ActionControls';
import { Narrative } from './Narrative';

export function Incident({ id, canAct }: { id: string; canAct: boolean }) {
  const { data, error, reload } = useApi<{ incident: IncidentT; breaches: Breach[]; actions: Action[] }>(
    `/api/incidents/${encodeURIComponent(id)}`,
  );
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const { incident, breaches, actions } = data;
  return (
    <section className="incident">
      <h2>
        <span className={scoreClass(incident.score)}>{incident.score}</span> {incident.title}
      </h2>
      <p className="muted">
        {when(incident.start)} – {when(incident.end)} · {incident.status}
      </p>
      <Narrative summary={incident.summary} models={incident.timeline.map((t) => t.model)} />
      <h3>Actions</h3>
      <ActionTable actions={actions} canAct={canAct} onChange={reload} />
      <h3>ATT&amp;CK</h3>
      <ol className="tactics">
        {incident.mitre.tactics.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ol>
      <p className="small">{incident.mitre.techniques.join(', ')}</p>
      <h3>Entities</h3>
      {(['own', 'touched'] as const).map((group) => (
        <p key={group} className="entities">
          <span className="muted small">{group === 'own' ? 'Involved: ' : 'Touched: '}</span>
          {splitEntities(incident.entities)[group].map((e) => (
            <a key={`${e.kind}:${e.id}`} className="chip" href={entityHref(e)} title={e.kind}>
              {e.id}
            </a>
          ))}
        </p>
      ))}
      <h3>Timeline</h3>
      <ol className="timeline">
        {incident.timeline.map((t) => (
          <li key={t.breachId}>
            <time>{when(t.time)}</time> <span className={scoreClass(t.score)}>{t.score}</span>{' '}
            <strong>{t.model}</strong>
            <br />
            <a href={entityHref(t.entity)}>{t.entity.id}</a>
            {/* Most summaries open with their entity: the link stands for it instead of repeating it. */}
            {t.summary.startsWith(t.entity.id) ? t.summary.slice(t.entity.id.length) : `: ${t.summary}`}
          </li>
        ))}
      </ol>
      <h3>Evidence</h3>
      {breaches.map((b) => (
        <details key={b.id} className="breach">
          <summary>
            <span className={scoreClass(b.score)}>{b.score}</span> {b.model} — {b.summary}
          </summary>
          <table>
            <tbody>
              {b.evidence.map((ev) => (
                <tr key={ev.label}>
                  <th>{ev.label}</th>
                  <td>{String(ev.value)}</td>
                  <td className="muted">{ev.baseline}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
