import { useEffect, useState, type FormEvent } from "react";
import { errorMessage } from "../api/client";
import type { Comment } from "../api/types";
import { listComments, postComment } from "../api/videos";
import { useAuth } from "../hooks/useAuth";
import { useAsync } from "../hooks/useAsync";
import { CommentItem } from "./CommentItem";
import { Dialog } from "./Dialog";
import { EmptyState, ErrorState, Spinner } from "./Status";
import { Link } from "react-router-dom";

const RECHECK_MS = 3000;

interface Props {
  videoId: number;
  open: boolean;
  onClose: () => void;
}

export function CommentsDrawer({ videoId, open, onClose }: Props) {
  const { user } = useAuth();
  const list = useAsync(() => (open ? listComments(videoId) : Promise.resolve(null)), [videoId, open]);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const comments = list.data?.items ?? [];
  const hasPending = comments.some((c) => c.status === "pending" && c.author.id === user?.id);

  // While one of my comments is in review, quietly re-check so it flips to approved/rejected.
  useEffect(() => {
    if (!open || !hasPending) return;
    const timer = setInterval(() => {
      listComments(videoId).then((page) => list.setData(page), () => undefined);
    }, RECHECK_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, hasPending, videoId]);

  const [moreLoading, setMoreLoading] = useState(false);
  const loadMore = async () => {
    const cursor = list.data?.next_cursor;
    if (!cursor) return;
    setMoreLoading(true);
    try {
      const page = await listComments(videoId, cursor);
      list.setData({ items: [...comments, ...page.items], next_cursor: page.next_cursor });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setMoreLoading(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setSending(true);
    setError(null);
    try {
      const created: Comment = await postComment(videoId, text);
      list.setData({ items: [created, ...comments], next_cursor: list.data?.next_cursor });
      setText("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog title="Comments" open={open} onClose={onClose} className="comments-sheet">
      <div className="comments-list" aria-live="polite">
        {list.loading && <Spinner label="Loading comments…" />}
        {list.error != null && <ErrorState error={list.error} onRetry={list.reload} />}
        {!list.loading && !list.error && comments.length === 0 && (
          <EmptyState title="No comments yet">
            <p className="muted">Start the conversation.</p>
          </EmptyState>
        )}
        <ul className="comments">
          {comments.map((c) => (
            <CommentItem key={c.id} comment={c} />
          ))}
        </ul>
        {list.data?.next_cursor && (
          <p className="row center">
            <button type="button" className="btn" onClick={loadMore} disabled={moreLoading}>
              {moreLoading ? "Loading…" : "Older comments"}
            </button>
          </p>
        )}
      </div>
      {user ? (
        <form className="comment-form" onSubmit={submit}>
          <label className="sr-only" htmlFor={`comment-${videoId}`}>
            Add a comment
          </label>
          <input
            id={`comment-${videoId}`}
            value={text}
            maxLength={2000}
            placeholder="Add a comment…"
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit" className="btn btn-primary" disabled={sending || !text.trim()}>
            Post
          </button>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className="comment-form muted">
          <Link to="/login">Sign in</Link> to comment.
        </p>
      )}
    </Dialog>
  );
}
