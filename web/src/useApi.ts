import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api } from './api';

/**
 * Loads `path` and reloads when it changes or when `reload()` is called. A new path clears the old
 * answer at once, so a page never shows one entity's data under another's name; a reload keeps it
 * on screen until the fresh answer arrives.
 */
export function useApi<T>(path: string | null): {
  data?: T;
  error?: string;
  /** The server's whole error answer, when it gave one (e.g. a search error's position). */
  errorBody?: Record<string, unknown>;
  loading: boolean;
  reload: () => void;
} {
  const [state, setState] = useState<{
    data?: T;
    error?: string;
    errorBody?: Record<string, unknown>;
    loading: boolean;
    path: string | null;
  }>({
    loading: true,
    path,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is how reload() asks for a fresh fetch
  useEffect(() => {
    if (path === null) return;
    const ask = ++latest.current;
    setState((s) => (s.path === path ? { ...s, loading: true } : { loading: true, path }));
    api<T>(path).then(
      (data) => ask === latest.current && setState({ data, loading: false, path }),
      (err: Error) =>
        ask === latest.current &&
        setState({
          error: err.message,
          ...(err instanceof ApiError ? { errorBody: err.body } : {}),
          loading: false,
          path,
        }),
    );
  }, [path, tick]);
  if (state.path !== path) return { loading: true, reload };
  return { data: state.data, error: state.error, errorBody: state.errorBody, loading: state.loading, reload };
}
