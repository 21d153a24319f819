import { useState } from "react";
import type { Comment } from "../api/types";
import { useAuth } from "../hooks/useAuth";
import { Avatar } from "./Avatar";
import { ago } from "./format";
import { ReportDialog } from "./ReportDialog";

/** One comment. The author also sees their own pending ("in review") and rejected ones, with the reason. */
export function CommentItem({ comment }: { comment: Comment }) {
  const { user } = useAuth();
  const [reporting, setReporting] = useState(false);
  const canReport = user !== null && user.id !== comment.author.id;
  return (
    <li className={`comment comment-${comment.status}`} data-testid="comment">
      <Avatar user={comment.author} size={32} />
      <div className="comment-body">
        <div className="comment-meta">
          <strong>{comment.author.display_name || comment.author.username}</strong>
          <span className="muted">{ago(comment.created_at)}</span>
          {comment.status === "pending" && <span className="badge badge-review">In review</span>}
          {comment.status === "rejected" && <span className="badge badge-rejected">Not published</span>}
        </div>
        <p className="comment-text">{comment.text}</p>
        {comment.status === "rejected" && (
          <p className="comment-reason">{comment.reason ? `Reason: ${comment.reason}` : "It broke the community guidelines."}</p>
        )}
        {canReport && (
          <button type="button" className="link-btn" onClick={() => setReporting(true)}>
            Report
          </button>
        )}
      </div>
      {canReport && (
        <ReportDialog subjectType="comment" subjectId={comment.id} open={reporting} onClose={() => setReporting(false)} />
      )}
    </li>
  );
}
