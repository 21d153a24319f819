/** Attach a video source: native HLS where the browser plays it (Safari, iOS), hls.js where
 * Media Source Extensions exist, else the MP4 rendition. hls.js is loaded on demand. */
import { useEffect, type RefObject } from "react";

export type Playback = "native-hls" | "hls.js" | "mp4" | "none";

export function choosePlayback(
  el: Pick<HTMLVideoElement, "canPlayType">,
  hlsUrl: string | null | undefined,
  mp4Url: string | null | undefined,
  mseSupported: boolean,
): Playback {
  if (hlsUrl && el.canPlayType("application/vnd.apple.mpegurl")) return "native-hls";
  if (hlsUrl && mseSupported) return "hls.js";
  if (mp4Url) return "mp4";
  return "none";
}

export function useHls(
  videoRef: RefObject<HTMLVideoElement | null>,
  hlsUrl: string | null | undefined,
  mp4Url: string | null | undefined,
  load: boolean,
): void {
  useEffect(() => {
    const el = videoRef.current;
    if (!el || !load) return;
    let destroyed = false;
    let destroy = () => {};
    const mse = typeof window !== "undefined" && "MediaSource" in window;
    const mode = choosePlayback(el, hlsUrl, mp4Url, mse);
    if (mode === "native-hls") el.src = hlsUrl!;
    else if (mode === "mp4") el.src = mp4Url!;
    else if (mode === "hls.js") {
      void import("hls.js").then(({ default: Hls }) => {
        if (destroyed) return;
        if (!Hls.isSupported()) {
          if (mp4Url) el.src = mp4Url;
          return;
        }
        const hls = new Hls({ capLevelToPlayerSize: true, maxBufferLength: 10 });
        hls.on(Hls.Events.ERROR, (_e, data) => {
          // A broken stream falls back to the progressive MP4 when there is one.
          if (data.fatal) {
            hls.destroy();
            if (mp4Url) el.src = mp4Url;
          }
        });
        hls.loadSource(hlsUrl!);
        hls.attachMedia(el);
        destroy = () => hls.destroy();
      });
    }
    return () => {
      destroyed = true;
      destroy();
      el.removeAttribute("src");
      el.load();
    };
  }, [videoRef, hlsUrl, mp4Url, load]);
}
