/** A cursor-paged list with a "load more": profiles, hashtag pages. */
import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import type { Page } from "../api/types";

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  setItems: (items: T[]) => void;
}

export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, deps: DependencyList): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const gen = useRef(0);

  const load = useCallback((from: string | null, replace: boolean) => {
    const mine = ++gen.current;
    setLoading(true);
    setError(null);
    fetchRef.current(from).then(
      (page) => {
        if (mine !== gen.current) return;
        setItems((prev) => (replace ? page.items : [...prev, ...page.items]));
        setCursor(page.next_cursor ?? null);
        setLoading(false);
      },
      (err) => {
        if (mine !== gen.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    load(null, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, load]);

  return {
    items,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => cursor && !loading && load(cursor, false),
    reload: () => setTick((t) => t + 1),
    setItems,
  };
}
