/** The recommender's signals from the player: a view after 3 s of actual play, then the watch
 * time and whether it completed when the viewer leaves the video (scrolls on, navigates, closes). */
import { useEffect, useRef, type RefObject } from "react";
import { recordView, recordWatch } from "../api/videos";
import type { WatchSource } from "../api/types";

export const VIEW_AFTER_MS = 3000;

export function useWatchTracking(
  videoRef: RefObject<HTMLVideoElement | null>,
  videoId: number,
  active: boolean,
  source: WatchSource,
): void {
  const state = useRef({ playedMs: 0, lastTime: -1, completed: false, viewSent: false, eventId: null as number | null });

  useEffect(() => {
    const el = videoRef.current;
    if (!active || !el) return;
    const s = { playedMs: 0, lastTime: el.currentTime, completed: false, viewSent: false, eventId: null as number | null };
    state.current = s;

    const onTime = () => {
      const now = el.currentTime;
      const delta = now - s.lastTime;
      // Count only forward play in small steps: seeks and loops are not watch time.
      if (delta > 0 && delta < 1.5) s.playedMs += delta * 1000;
      s.lastTime = now;
      if (el.duration && now >= el.duration - 0.25) s.completed = true;
      if (!s.viewSent && s.playedMs >= VIEW_AFTER_MS) {
        s.viewSent = true;
        recordView(videoId, source).then(
          (r) => (s.eventId = r.event_id),
          () => undefined,
        );
      }
    };
    const onEnded = () => {
      s.completed = true;
    };
    const onSeeked = () => {
      s.lastTime = el.currentTime;
    };
    let reported = false;
    const report = () => {
      if (reported || s.playedMs < 1) return;
      reported = true;
      void recordWatch(videoId, {
        event_id: s.eventId,
        watched_ms: Math.round(s.playedMs),
        completed: s.completed,
        source,
      }).catch(() => undefined);
    };
    el.addEventListener("timeupdate", onTime);
    el.addEventListener("ended", onEnded);
    el.addEventListener("seeked", onSeeked);
    window.addEventListener("pagehide", report);
    return () => {
      el.removeEventListener("timeupdate", onTime);
      el.removeEventListener("ended", onEnded);
      el.removeEventListener("seeked", onSeeked);
      window.removeEventListener("pagehide", report);
      report();
    };
  }, [videoRef, videoId, active, source]);
}
