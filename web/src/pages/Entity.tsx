import { BarChart } from '../charts/BarChart';
import { Histogram } from '../charts/Histogram';
import { TimeStrip } from '../charts/TimeStrip';
import { bytes, entityHref, scoreClass, when } from '../format';
import type { EntityProfile } from '../types';
import { useApi } from '../useApi';
import { ActorTimeline } from './ActorTimeline';

/** Labels of the server's beacon-interval buckets (src/server/entity-profile.ts BEACON_BUCKETS). */
const GAP_LABELS = ['<10s', '<30s', '<1m', '<2m', '<5m', '<10m', '<30m', '<1h', '<6h', '≥6h'];

function rarityTone(devices?: number, of?: number): 'rare' | 'common' | 'neutral' {
  if (devices === undefined || of === undefined || of === 0) return 'neutral';
  return devices <= Math.max(1, of / 10) ? 'rare' : 'common';
}

export function Entity({ kind, id }: { kind: string; id: string }) {
  const { data: p, error } = useApi<EntityProfile>(
    `/api/entities/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`,
  );
  if (error) return <p className="error">{error}</p>;
  if (!p) return <p className="muted">Loading…</p>;
  const loginRow = (l: EntityProfile['logins'][number]) =>
    `${l.country ?? '??'} · ${l.asn !== undefined ? `AS${l.asn}` : 'unknown AS'}${l.asOrg ? ` ${l.asOrg}` : ''}`;
  return (
    <section className="entity">
      <h2>
        {kind} {id}
      </h2>
      <p className="muted">
        {p.seen
          ? `First seen ${when(p.seen.firstSeen)}, last seen ${when(p.seen.lastSeen)}, ${p.seen.events} events ${p.touchedBy ? 'name it' : 'learned'}.`
          : `${p.eventsShown} stored events.`}{' '}
        {Object.entries(p.byKind)
          .map(([k, n]) => `${k} ${n}`)
          .join(' · ')}
      </p>
      {p.touchedBy && (
        <>
          <h3>Touched by</h3>
          {p.touchedBy.length === 0 ? (
            <p className="muted">No stored event names it.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Who</th>
                  <th>Events</th>
                  <th>First seen</th>
                  <th>Last seen</th>
                </tr>
              </thead>
              <tbody>
                {p.touchedBy.map((t) => (
                  <tr key={`${t.kind}:${t.id}`}>
                    <td>
                      <a className="chip" href={entityHref(t)} title={t.kind}>
                        {t.id}
                      </a>
                    </td>
                    <td>{t.events}</td>
                    <td>{when(t.firstSeen)}</td>
                    <td>{when(t.lastSeen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {p.namedIn.length > 0 && (
        <>
          <h3>Breaches naming it</h3>
          <ul>
            {p.namedIn.map((b) => (
              <li key={b.id}>
                <span className={scoreClass(b.score)}>{b.score}</span> {when(b.time)} {b.model} by{' '}
                <a href={entityHref(b.entity)}>{b.entity.id}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.breaches.length > 0 && (
        <BarChart
          title="Breaches by model"
          bars={p.breaches.map((b) => ({
            label: b.model,
            value: b.count,
            note: `max score ${b.maxScore}`,
            tone: 'bad',
          }))}
        />
      )}
      {(p.destinations.length > 0 || kind === 'device') && (
        <BarChart
          title="Destinations (connections; red = rare across devices)"
          bars={p.destinations.map((d) => ({
            label: d.endpoint,
            value: d.connections,
            note:
              d.devices !== undefined
                ? `${d.devices} of ${d.ofDevices} devices · ${bytes(d.bytesOut)} out`
                : `${bytes(d.bytesOut)} out`,
            tone: rarityTone(d.devices, d.ofDevices),
          }))}
        />
      )}
      {p.beaconIntervals.map((h) => (
        <Histogram
          key={h.endpoint}
          title={`Gaps between connections to ${h.endpoint} (median ${Math.round(h.medianSeconds)} s)`}
          labels={GAP_LABELS}
          counts={h.counts}
        />
      ))}
      {(p.logins.length > 0 || kind === 'user') && (
        <TimeStrip
          title="Sign-ins by location and network over time (hollow = failed)"
          points={p.logins.map((l) => ({
            time: l.time,
            row: loginRow(l),
            ok: l.success,
            label: `${when(l.time)} ${l.success ? 'success' : 'failure'} from ${l.ip ?? '?'} (${loginRow(l)})`,
          }))}
        />
      )}
      {p.prompts.total > 0 && (
        <>
          <BarChart title="Prompts per day" bars={p.prompts.perDay.map((d) => ({ label: d.day, value: d.count }))} />
          <BarChart title="AI applications" bars={p.prompts.apps.map((a) => ({ label: a.app, value: a.count }))} />
          <BarChart
            title="Detector findings in prompts, by category"
            bars={p.prompts.categories.map((c) => ({ label: c.category, value: c.count, tone: 'bad' }))}
          />
        </>
      )}
      {(kind === 'user' || kind === 'agent') && <ActorTimeline kind={kind} id={id} />}
    </section>
  );
}
