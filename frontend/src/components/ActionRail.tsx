/** The column of actions beside a video: author + follow, like, comments, share, report. */
import { Icon } from "./Icon";
import { useState } from "react";
import type { Video } from "../api/types";
import { useRequireAuth } from "../hooks/useAuth";
import { Avatar } from "./Avatar";
import { CommentsDrawer } from "./CommentsDrawer";
import { FollowButton } from "./FollowButton";
import { compact } from "./format";
import { LikeButton } from "./LikeButton";
import { ReportDialog } from "./ReportDialog";
import { ShareButton } from "./ShareButton";

export function ActionRail({ video }: { video: Video }) {
  const [commentsOpen, setCommentsOpen] = useState(false);
  const [reportOpen, setReportOpen] = useState(false);
  const requireAuth = useRequireAuth();
  return (
    <aside className="rail" aria-label="Video actions">
      <div className="rail-author">
        <Avatar user={video.owner} size={48} />
        <FollowButton username={video.owner.username} compact />
      </div>
      <LikeButton videoId={video.id} liked={video.liked_by_me ?? false} count={video.like_count} />
      <div className="action">
        <button type="button" className="action-btn" aria-label="Comments" onClick={() => setCommentsOpen(true)}>
          <Icon name="comment" size={26} />
        </button>
        <span className="action-count">{compact(video.comment_count)}</span>
      </div>
      <ShareButton videoId={video.id} count={video.share_count} />
      <div className="action">
        <button
          type="button"
          className="action-btn"
          aria-label="Report"
          onClick={() => requireAuth() && setReportOpen(true)}
        >
          <Icon name="flag" size={24} />
        </button>
      </div>
      <CommentsDrawer videoId={video.id} open={commentsOpen} onClose={() => setCommentsOpen(false)} />
      <ReportDialog subjectType="video" subjectId={video.id} open={reportOpen} onClose={() => setReportOpen(false)} />
    </aside>
  );
}
