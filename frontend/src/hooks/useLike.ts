/** Like / unlike, applied at once and rolled back if the server says no. */
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "../api/client";
import { likeVideo, unlikeVideo } from "../api/videos";

export interface LikeControl {
  liked: boolean;
  count: number;
  error: string | null;
  toggle: () => void;
}

export function useLike(videoId: number, initialLiked: boolean, initialCount: number): LikeControl {
  const [state, setState] = useState({ liked: initialLiked, count: initialCount });
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(false);

  const toggle = useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    const before = state;
    const want = !before.liked;
    setState({ liked: want, count: Math.max(0, before.count + (want ? 1 : -1)) });
    setError(null);
    (want ? likeVideo(videoId) : unlikeVideo(videoId))
      .then((res) => setState({ liked: res.liked, count: res.like_count }))
      .catch((err) => {
        setState(before);
        setError(errorMessage(err));
      })
      .finally(() => {
        pending.current = false;
      });
  }, [state, videoId]);

  return { ...state, error, toggle };
}
