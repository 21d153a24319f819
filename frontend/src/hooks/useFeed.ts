/** A cursor-paged feed that never shows the same video twice in one session of scrolling. */
import { useCallback, useEffect, useRef, useState } from "react";
import { fetchFeed, type FeedKind } from "../api/feeds";
import type { Video } from "../api/types";

export interface FeedState {
  items: Video[];
  loading: boolean;
  error: unknown;
  done: boolean;
  loadMore: () => void;
  retry: () => void;
}

/** `viewer` (the signed-in user's id) restarts the feed when the account changes, so likes and
 * follows shown on it belong to whoever is looking. */
export function useFeed(kind: FeedKind, enabled = true, viewer: number | null = null): FeedState {
  const [items, setItems] = useState<Video[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const cursor = useRef<string | null>(null);
  const seen = useRef(new Set<number>());
  const inflight = useRef(false);
  const generation = useRef(0);

  const loadMore = useCallback(() => {
    if (!enabled || inflight.current || done) return;
    inflight.current = true;
    const gen = generation.current;
    setLoading(true);
    setError(null);
    fetchFeed(kind, cursor.current)
      .then((page) => {
        if (gen !== generation.current) return;
        const fresh = page.items.filter((v) => !seen.current.has(v.id));
        fresh.forEach((v) => seen.current.add(v.id));
        cursor.current = page.next_cursor ?? null;
        setItems((prev) => [...prev, ...fresh]);
        if (!page.next_cursor) setDone(true);
      })
      .catch((err) => gen === generation.current && setError(err))
      .finally(() => {
        if (gen !== generation.current) return;
        inflight.current = false;
        setLoading(false);
      });
  }, [kind, enabled, done]);

  // A new feed kind starts a new session of scrolling.
  useEffect(() => {
    generation.current += 1;
    cursor.current = null;
    seen.current = new Set();
    inflight.current = false;
    setItems([]);
    setDone(false);
    setError(null);
  }, [kind, enabled, viewer]);

  useEffect(() => {
    if (enabled && items.length === 0 && !done && !inflight.current && !error) loadMore();
  }, [enabled, items.length, done, error, loadMore]);

  const retry = useCallback(() => {
    setError(null);
    loadMore();
  }, [loadMore]);

  return { items, loading, error, done, loadMore, retry };
}
