import { useState } from "react";
import { errorMessage } from "../api/client";
import { follow, unfollow } from "../api/users";
import type { UserProfile } from "../api/types";
import { useAuth, useRequireAuth } from "../hooks/useAuth";
import { setFollowing, useFollowing } from "../hooks/useFollowing";

interface Props {
  username: string;
  /** Known from a profile; left out on feed items, where it is looked up. */
  following?: boolean;
  onChange?: (profile: UserProfile) => void;
  compact?: boolean;
}

/** Follow / unfollow; hidden on your own videos and profile. */
export function FollowButton({ username, following, onChange, compact = false }: Props) {
  const { user } = useAuth();
  const requireAuth = useRequireAuth();
  const state = useFollowing(username, user !== null, following) ?? false;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (user?.username === username) return null;

  const toggle = async () => {
    if (!requireAuth()) return;
    setBusy(true);
    setError(null);
    try {
      const profile = await (state ? unfollow(username) : follow(username));
      setFollowing(username, profile.is_following ?? false);
      onChange?.(profile);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className={compact ? `follow-dot ${state ? "is-on" : ""}` : `btn ${state ? "" : "btn-primary"}`}
        onClick={toggle}
        disabled={busy}
        aria-pressed={state}
        aria-label={state ? `Unfollow ${username}` : `Follow ${username}`}
      >
        {compact ? (state ? "✓" : "+") : state ? "Following" : "Follow"}
      </button>
      {error && (
        <span className="toast" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
