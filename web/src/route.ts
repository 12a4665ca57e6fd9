import { useEffect, useState } from 'react';

/** Hash routes (#/incidents/ID) keep every page reachable without server-side routing. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return hash
    .replace(/^#\/?/, '')
    .split('?')[0]!
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
}
