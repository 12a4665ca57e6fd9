import { type FormEvent, useState } from 'react';
import { qs } from '../api';
import { entityHref, when } from '../format';
import type { StoredEvent } from '../types';
import { useApi } from '../useApi';
import { UtcTimeInput, utcIso } from '../utcTime';

const PAGE = 50;

/** The fields most worth a glance in a result row, whatever the event kind. */
function gist(e: StoredEvent): string {
  const keys = [
    'src',
    'dst',
    'dstPort',
    'host',
    'serverName',
    'query',
    'method',
    'uri',
    'user',
    'ip',
    'operation',
    'app',
    'prompt',
  ];
  return keys
    .filter((k) => e[k] !== undefined && e[k] !== '')
    .map((k) => `${k}=${String(e[k]).slice(0, 80)}`)
    .join('  ');
}

/** The query with the character at the error's position marked, so the eye goes straight to it. */
function QueryMark({ query, position }: { query: string; position: number }) {
  const at = Math.min(Math.max(0, position), query.length);
  return (
    <pre className="query-mark" title={`error at position ${at}`}>
      {query.slice(0, at)}
      <mark title={`position ${at}`}>{query[at] ?? ' '}</mark>
      {query.slice(at + 1)}
    </pre>
  );
}

export function Search() {
  const [draft, setDraft] = useState({ q: '', from: '', to: '', sort: 'time', order: 'desc', field: 'kind' });
  const [run, setRun] = useState<typeof draft & { offset: number }>();
  const iso = (v: string) => utcIso(v) ?? undefined;
  const window = run && { q: run.q, from: iso(run.from), to: iso(run.to) };
  const results = useApi<{ total: number; events: StoredEvent[] }>(
    run ? `/api/search${qs({ ...window, sort: run.sort, order: run.order, limit: PAGE, offset: run.offset })}` : null,
  );
  const top = useApi<{ values: { value: string; count: number }[] }>(
    run ? `/api/search/top${qs({ ...window, field: run.field, limit: 10 })}` : null,
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    if (utcIso(draft.from) === null || utcIso(draft.to) === null) return;
    setRun({ ...draft, offset: 0 });
  }
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  return (
    <section>
      <h2>Search</h2>
      <form className="filters" onSubmit={submit}>
        <label className="wide">
          Query
          <input
            name="q"
            value={draft.q}
            onChange={set('q')}
            placeholder='kind:net.http AND method:POST NOT host:*.example.com   bytesOut:>1000000   "a phrase"'
          />
        </label>
        <UtcTimeInput label="From" value={draft.from} onChange={(v) => setDraft((d) => ({ ...d, from: v }))} />
        <UtcTimeInput label="To" value={draft.to} onChange={(v) => setDraft((d) => ({ ...d, to: v }))} />
        <label>
          Sort by
          <input value={draft.sort} onChange={set('sort')} />
        </label>
        <label>
          Order
          <select value={draft.order} onChange={set('order')}>
            <option value="desc">newest / largest first</option>
            <option value="asc">oldest / smallest first</option>
          </select>
        </label>
        <label>
          Top values of
          <input value={draft.field} onChange={set('field')} />
        </label>
        <button type="submit">Search</button>
      </form>
      {results.error && (
        <div className="error" role="alert">
          {run && typeof results.errorBody?.position === 'number' && (
            <QueryMark query={run.q} position={results.errorBody.position} />
          )}
          <p>{results.error}</p>
        </div>
      )}
      {run && results.data && (
        <>
          <p>
            <strong className="total">{results.data.total}</strong> matching events ·{' '}
            <a href={`/api/search/export${qs({ ...window, sort: run.sort, order: run.order, format: 'csv' })}`}>CSV</a>{' '}
            ·{' '}
            <a href={`/api/search/export${qs({ ...window, sort: run.sort, order: run.order, format: 'json' })}`}>
              JSON
            </a>
          </p>
          {top.data && top.data.values.length > 0 && (
            <p className="small">
              Top {run.field}:{' '}
              {top.data.values.map((v) => (
                <span key={v.value} className="chip">
                  {v.value} ({v.count})
                </span>
              ))}
            </p>
          )}
          <table className="results">
            <thead>
              <tr>
                <th>Time</th>
                <th>Kind</th>
                <th>Entity</th>
                <th>Fields</th>
              </tr>
            </thead>
            <tbody>
              {results.data.events.map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows of one result page
                <tr key={i}>
                  <td>{when(e.time)}</td>
                  <td>{e.kind}</td>
                  <td>
                    <a href={entityHref(e.entity)}>{e.entity.id}</a>
                  </td>
                  <td className="small mono">{gist(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button
              type="button"
              disabled={run.offset === 0}
              onClick={() => setRun({ ...run, offset: Math.max(0, run.offset - PAGE) })}
            >
              Previous
            </button>
            <span>
              {run.offset + 1}–{Math.min(run.offset + PAGE, results.data.total)} of {results.data.total}
            </span>
            <button
              type="button"
              disabled={run.offset + PAGE >= results.data.total}
              onClick={() => setRun({ ...run, offset: run.offset + PAGE })}
            >
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
