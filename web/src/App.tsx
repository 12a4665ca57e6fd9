import { useEffect, useState } from 'react';
import { api, setCsrf } from './api';
import { Actions } from './pages/Actions';
import { Breaches } from './pages/Breaches';
import { Entities } from './pages/Entities';
import { Entity } from './pages/Entity';
import { Incident } from './pages/Incident';
import { Incidents } from './pages/Incidents';
import { Models } from './pages/Models';
import { Search } from './pages/Search';
import { SignIn } from './pages/SignIn';
import { useRoute } from './route';
import type { Me } from './types';

const NAV: [string, string][] = [
  ['incidents', 'Incidents'],
  ['breaches', 'Breaches'],
  ['actions', 'Actions'],
  ['entities', 'Entities'],
  ['search', 'Search'],
  ['models', 'Models'],
];

function Page({ route, me }: { route: string[]; me: Me }) {
  const canAct = me.role !== 'viewer';
  const [page, a, b] = route;
  switch (page) {
    case 'incidents':
      return a ? <Incident id={a} canAct={canAct} /> : <Incidents />;
    case 'breaches':
      return <Breaches />;
    case 'actions':
      return <Actions canAct={canAct} />;
    case 'search':
      return <Search />;
    case 'models':
      return <Models canEdit={me.role === 'admin'} />;
    case 'entities':
      return a && b ? <Entity kind={a} id={b} /> : <Entities />;
    default:
      return <Incidents />;
  }
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();
  useEffect(() => {
    api<Me>('/api/session').then(
      (m) => {
        setCsrf(m.csrf);
        setMe(m);
      },
      () => setMe(null),
    );
  }, []);
  if (me === undefined) return <p className="muted">Loading…</p>;
  if (me === null) {
    return (
      <SignIn
        onSignedIn={(m) => {
          setCsrf(m.csrf);
          setMe(m);
        }}
      />
    );
  }
  async function signOut() {
    await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
    setCsrf(null);
    setMe(null);
  }
  return (
    <>
      <header>
        <strong className="brand">telltale</strong>
        <nav>
          {NAV.map(([href, label]) => (
            <a
              key={href}
              href={`#/${href}`}
              className={route[0] === href || (!route[0] && href === 'incidents') ? 'on' : ''}
            >
              {label}
            </a>
          ))}
        </nav>
        <span className="me">
          {me.user} ({me.role}){' '}
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        </span>
      </header>
      <main>
        <Page route={route} me={me} />
      </main>
    </>
  );
}
