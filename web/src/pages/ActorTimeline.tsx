import { useState } from 'react';
import { scoreClass, when } from '../format';
import type { ActorTimeline as Timeline, TimelineItem } from '../types';
import { useApi } from '../useApi';

/** Rows shown before "Show all": a busy week of an agent can hold thousands. */
const FIRST_ROWS = 200;

const LABEL: Record<TimelineItem['type'], string> = {
  prompt: 'prompt',
  identity: 'sign-in / SaaS',
  network: 'network',
  message: 'mail',
  breach: 'breach',
};

function Row({ item }: { item: TimelineItem }) {
  switch (item.type) {
    case 'prompt':
      return (
        <>
          <span className="small muted">
            {[item.app, item.model].filter(Boolean).join(' · ')}
            {item.onBehalfOf ? ` · by agent ${item.actor} for ${item.onBehalfOf}` : ''}
          </span>{' '}
          <q>{item.prompt.length > 240 ? `${item.prompt.slice(0, 239)}…` : item.prompt}</q>
          {item.findings.map((f) => (
            <span key={`${f.category}:${f.type}`} className="chip bad" title="what the prompt detectors found">
              {f.category}: {f.type}
            </span>
          ))}
          {[...item.tools, ...item.resources].map((t) => (
            <span key={t} className="chip small">
              {t}
            </span>
          ))}
        </>
      );
    case 'identity':
      return (
        <span className={item.success === false ? 'failed' : undefined}>
          {item.summary}
          {item.country ? ` · ${item.country}` : ''}
        </span>
      );
    case 'network':
      return <span>{item.summary}</span>;
    case 'message':
      return (
        <span>
          {item.direction === 'out' ? `to ${item.to.join(', ')}` : `from ${item.from}`}
          {item.subject ? `: ${item.subject}` : ''}
        </span>
      );
    case 'breach':
      return (
        <>
          <span className={scoreClass(item.score)}>{item.score}</span> <strong>{item.model}</strong> {item.summary}
        </>
      );
  }
}

/** The ordered interactions of a user or agent (prompts, sign-ins, network, mail, breaches). */
export function ActorTimeline({ kind, id }: { kind: string; id: string }) {
  const [all, setAll] = useState(false);
  const { data, error } = useApi<Timeline>(
    `/api/entities/${encodeURIComponent(kind)}/${encodeURIComponent(id)}/timeline`,
  );
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p className="muted">Loading the timeline…</p>;
  const rows = all ? data.items : data.items.slice(0, FIRST_ROWS);
  const c = data.counts;
  return (
    <section className="actor-timeline" aria-label="Timeline">
      <h3>Timeline</h3>
      <p className="small muted">
        {when(data.from)} – {when(data.to)} UTC · {c.prompts} prompts ({c.tools} tools, {c.resources} resources) ·{' '}
        {c.identity} sign-ins and SaaS operations · {c.network} network events · {c.messages} messages · {c.breaches}{' '}
        breaches
      </p>
      {data.items.length === 0 ? (
        <p className="muted">Nothing stored for this window.</p>
      ) : (
        <ol className="timeline actor">
          {rows.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows of one ordered answer
            <li key={i} className={`item ${item.type}`}>
              <time>{when(item.time)}</time> <span className={`kind ${item.type}`}>{LABEL[item.type]}</span>{' '}
              <Row item={item} />
            </li>
          ))}
        </ol>
      )}
      {!all && data.items.length > FIRST_ROWS && (
        <button type="button" className="secondary" onClick={() => setAll(true)}>
          Show all {data.items.length}
        </button>
      )}
    </section>
  );
}
