import type { Comment } from "../api/types";
import { Avatar } from "./Avatar";
import { ago } from "./format";

/** One comment. The author also sees their own pending ("in review") and rejected ones, with the reason. */
export function CommentItem({ comment }: { comment: Comment }) {
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
      </div>
    </li>
  );
}
