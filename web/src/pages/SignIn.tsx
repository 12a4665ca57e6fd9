import { type FormEvent, useState } from 'react';
import { api } from '../api';
import type { Me } from '../types';

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      onSignedIn(await api<Me>('/api/session', { method: 'POST', body: { user, password } }));
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <main className="signin">
      <h1>telltale</h1>
      <form onSubmit={submit}>
        <label>
          User name
          <input name="user" autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit">Sign in</button>
        {error && <p className="error">{error}</p>}
      </form>
    </main>
  );
}
