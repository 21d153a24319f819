/** The player: autoplays muted while its slide is active, tap/click or Space pauses, and a
 * visible control unmutes. Slides next to the active one preload so scrolling is instant. */
import { Icon } from "./Icon";
import { useEffect, useRef, useState } from "react";
import type { Video, WatchSource } from "../api/types";
import { useHls } from "../hooks/useHls";
import { useWatchTracking } from "../hooks/useWatchTracking";

interface Props {
  video: Video;
  active: boolean;
  preload: boolean;
  muted: boolean;
  onMutedChange: (muted: boolean) => void;
  source: WatchSource;
}

export function VideoPlayer({ video, active, preload, muted, onMutedChange, source }: Props) {
  const ref = useRef<HTMLVideoElement>(null);
  const [paused, setPaused] = useState(false);
  const [failed, setFailed] = useState(false);
  useHls(ref, video.hls_url, video.mp4_url, active || preload);
  useWatchTracking(ref, video.id, active, source);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (active) {
      setPaused(false);
      el.play()?.catch(() => setPaused(true)); // autoplay refused: show the play button
    } else {
      el.pause();
      if (el.currentTime) el.currentTime = 0;
    }
  }, [active, video.id]);

  const togglePlay = () => {
    const el = ref.current;
    if (!el) return;
    if (el.paused) {
      el.play()?.catch(() => undefined);
      setPaused(false);
    } else {
      el.pause();
      setPaused(true);
    }
  };

  const playable = Boolean(video.hls_url || video.mp4_url);
  return (
    <div className="player">
      <video
        ref={ref}
        className="player-video"
        poster={video.poster_url ?? undefined}
        muted={muted}
        loop
        playsInline
        preload={active || preload ? "auto" : "none"}
        aria-label={`Video: ${video.title}`}
        data-video-id={video.id}
        onClick={togglePlay}
        onError={() => setFailed(true)}
      />
      {!playable && <p className="player-note">This video is not ready to play yet.</p>}
      {failed && playable && <p className="player-note">This video could not be played.</p>}
      {paused && active && (
        <button type="button" className="player-play" onClick={togglePlay} aria-label="Play">
          <Icon name="play" size={40} />
        </button>
      )}
      <button
        type="button"
        className="player-mute"
        onClick={() => onMutedChange(!muted)}
        aria-label={muted ? "Unmute" : "Mute"}
        aria-pressed={!muted}
      >
        <Icon name={muted ? "mute" : "volume"} size={22} />
      </button>
    </div>
  );
}
