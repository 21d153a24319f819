/** One full-screen slide of a feed: the player, the caption and the action rail. */
import { Link } from "react-router-dom";
import type { Video, WatchSource } from "../api/types";
import { ActionRail } from "./ActionRail";
import { VideoPlayer } from "./VideoPlayer";

interface Props {
  video: Video;
  active: boolean;
  preload: boolean;
  muted: boolean;
  onMutedChange: (muted: boolean) => void;
  source: WatchSource;
}

export function VideoSlide({ video, active, preload, muted, onMutedChange, source }: Props) {
  return (
    <article className="slide" aria-label={video.title} data-testid="slide" data-video-id={video.id} aria-current={active}>
      <VideoPlayer video={video} active={active} preload={preload} muted={muted} onMutedChange={onMutedChange} source={source} />
      <div className="caption">
        <Link to={`/u/${video.owner.username}`} className="caption-author">
          @{video.owner.username}
        </Link>
        <h2 className="caption-title">{video.title}</h2>
        {video.description && <p className="caption-desc">{video.description}</p>}
        {video.hashtags.length > 0 && (
          <p className="caption-tags">
            {video.hashtags.map((t) => (
              <Link key={t} to={`/tag/${encodeURIComponent(t)}`}>
                #{t}
              </Link>
            ))}
          </p>
        )}
        {video.reason && <p className="caption-reason">{video.reason}</p>}
      </div>
      <ActionRail video={video} />
    </article>
  );
}
