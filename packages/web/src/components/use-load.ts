import { useCallback, useEffect, useState } from 'preact/hooks';
import { describe } from './form-state';

export interface Loaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
  reload(): void;
}

/** Loads once per change of `deps`; `reload()` after a write. A failed load keeps the last data. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (d) => live && (setData(d), setError(''), setLoading(false)),
      (e) => live && (setError(describe(e)), setLoading(false)),
    );
    return () => void (live = false);
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps
  return { data, error, loading, reload: useCallback(() => setTick((t) => t + 1), []) };
}
