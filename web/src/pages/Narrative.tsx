import { narrativeSections } from '../narrative';

/** The incident's narrative, each part under its heading and as a list. */
export function Narrative({ summary, models }: { summary: string; models: string[] }) {
  const s = narrativeSections(summary, models);
  return (
    <div className="narrative">
      <h3>What happened</h3>
      {s.lead && <p>{s.lead}</p>}
      {s.steps.length > 0 && (
        <ol className="steps">
          {s.steps.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps of one fixed text
            <li key={i}>
              {x.text} {x.note && <span className="small muted">[{x.note}]</span>}
            </li>
          ))}
        </ol>
      )}
      {s.unusual.length > 0 && (
        <>
          <h3>Why it is unusual</h3>
          <ul className="unusual">
            {s.unusual.map((u, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: models of one fixed text
              <li key={i}>
                {u.model && <strong>{u.model}</strong>}
                <ul>
                  {u.facts.map((f) => (
                    <li key={f}>{f}</li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
      {s.benign.length > 0 && (
        <>
          <h3>What could make it benign</h3>
          <ul>
            {s.benign.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </>
      )}
      {s.next.length > 0 && (
        <>
          <h3>What to do next</h3>
          <ol>
            {s.next.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ol>
        </>
      )}
      {s.other.map((o) => (
        <p key={o}>{o}</p>
      ))}
    </div>
  );
}
