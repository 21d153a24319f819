import { Icon } from "./Icon";
import { useLike } from "../hooks/useLike";
import { useRequireAuth } from "../hooks/useAuth";
import { compact } from "./format";

export function LikeButton({ videoId, liked, count }: { videoId: number; liked: boolean; count: number }) {
  const like = useLike(videoId, liked, count);
  const requireAuth = useRequireAuth();
  return (
    <div className="action">
      <button
        type="button"
        className={`action-btn ${like.liked ? "is-on" : ""}`}
        aria-pressed={like.liked}
        aria-label={like.liked ? "Unlike" : "Like"}
        onClick={() => requireAuth() && like.toggle()}
      >
        <Icon name="heart" size={28} />
      </button>
      <span className="action-count" data-testid="like-count">
        {compact(like.count)}
      </span>
      {like.error && (
        <span className="toast" role="alert">
          {like.error}
        </span>
      )}
    </div>
  );
}
