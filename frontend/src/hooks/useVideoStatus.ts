/** Follow a freshly uploaded video through uploaded → processing → in review → published
 * (or rejected / failed), polling until it settles. */
import { useEffect, useState } from "react";
import { getVideo } from "../api/videos";
import type { Video } from "../api/types";

export const SETTLED = new Set(["published", "rejected", "failed"]);
export const POLL_MS = 2000;

export function useVideoStatus(videoId: number | null, initial?: Video) {
  const [video, setVideo] = useState<Video | undefined>(initial);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (videoId === null) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const v = await getVideo(videoId);
        if (!live) return;
        setVideo(v);
        setError(null);
        if (SETTLED.has(v.status)) return;
      } catch (err) {
        if (!live) return;
        setError(err);
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [videoId]);

  return { video, error };
}
