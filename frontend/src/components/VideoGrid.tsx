/** A grid of poster tiles. Hover (or focus) plays the short preview; owners see each video's status. */
import { Icon } from "./Icon";
import { useState } from "react";
import { Link } from "react-router-dom";
import type { Video } from "../api/types";
import { compact } from "./format";
import { StatusBadge } from "./ProcessingStatus";

export function VideoTile({ video, showStatus }: { video: Video; showStatus: boolean }) {
  const [hover, setHover] = useState(false);
  const preview = hover && video.preview_url;
  return (
    <li className="tile" data-testid="tile" data-video-id={video.id} data-status={video.status}>
      <Link
        to={`/v/${video.id}`}
        className="tile-link"
        onMouseEnter={() => setHover(true)}
        onMouseLeave={() => setHover(false)}
        onFocus={() => setHover(true)}
        onBlur={() => setHover(false)}
        aria-label={`${video.title}${showStatus ? `, ${video.status}` : ""}`}
      >
        {preview ? (
          /\.(mp4|webm)(\?|$)/.test(video.preview_url!) ? (
            <video className="tile-media" src={video.preview_url!} muted autoPlay loop playsInline />
          ) : (
            <img className="tile-media" src={video.preview_url!} alt="" />
          )
        ) : video.poster_url ? (
          <img className="tile-media" src={video.poster_url} alt="" loading="lazy" />
        ) : (
          <span className="tile-media tile-blank">
            <Icon name="play" size={32} />
          </span>
        )}
        <span className="tile-views">
          <Icon name="play" size={14} /> {compact(video.view_count)}
        </span>
        {showStatus && video.status !== "published" && (
          <span className="tile-status">
            <StatusBadge status={video.status} />
          </span>
        )}
        <span className="tile-title">{video.title}</span>
      </Link>
    </li>
  );
}

export function VideoGrid({ videos, showStatus = false }: { videos: Video[]; showStatus?: boolean }) {
  return (
    <ul className="grid">
      {videos.map((v) => (
        <VideoTile key={v.id} video={v} showStatus={showStatus} />
      ))}
    </ul>
  );
}
