/** A profile: bio, counts, follow, and the video grid (the owner also sees statuses of videos
 * still processing or rejected, refreshed while any is in flight). */
import { useEffect } from "react";
import { Link, useParams } from "react-router-dom";
import { getProfile, getUserVideos } from "../api/users";
import { Avatar } from "../components/Avatar";
import { FollowButton } from "../components/FollowButton";
import { compact } from "../components/format";
import { EmptyState, ErrorState, Spinner } from "../components/Status";
import { PagedGrid } from "../components/PagedGrid";
import { useAsync } from "../hooks/useAsync";
import { usePaged } from "../hooks/usePaged";
import { useAuth } from "../hooks/useAuth";
import { POLL_MS, SETTLED } from "../hooks/useVideoStatus";

export function ProfilePage() {
  const username = useParams().username ?? "";
  const { user, logout } = useAuth();
  const profile = useAsync(() => getProfile(username), [username, user?.id]);
  const videos = usePaged((cursor) => getUserVideos(username, cursor), [username, user?.id]);
  const mine = user?.username === username;
  const inFlight = mine && videos.items.some((v) => !SETTLED.has(v.status));

  // While one of my videos is in the pipeline, refresh its status in place.
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(() => {
      getUserVideos(username).then((page) => {
        const fresh = new Map(page.items.map((v) => [v.id, v]));
        videos.setItems(videos.items.map((v) => fresh.get(v.id) ?? v));
      }, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [inFlight, username, videos.items]);

  if (profile.loading) return <Spinner label="Loading profile…" />;
  if (profile.error || !profile.data) return <ErrorState error={profile.error} onRetry={profile.reload} />;
  const p = profile.data;

  return (
    <main className="page profile">
      <header className="profile-head">
        <Avatar user={p} size={96} link={false} />
        <div>
          <h1>{p.display_name || p.username}</h1>
          <p className="muted">@{p.username}</p>
        </div>
      </header>
      <dl className="counts">
        <div>
          <dt>Following</dt>
          <dd data-testid="following-count">{compact(p.following_count)}</dd>
        </div>
        <div>
          <dt>Followers</dt>
          <dd data-testid="follower-count">{compact(p.follower_count)}</dd>
        </div>
        <div>
          <dt>Likes</dt>
          <dd>{compact(p.like_count)}</dd>
        </div>
        <div>
          <dt>Videos</dt>
          <dd>{compact(p.video_count)}</dd>
        </div>
      </dl>
      {p.bio ? <p className="bio">{p.bio}</p> : mine && <p className="muted">No bio yet.</p>}
      <div className="row">
        {mine ? (
          <>
            <Link className="btn" to="/settings">
              Edit profile
            </Link>
            <button type="button" className="btn" onClick={() => void logout()}>
              Sign out
            </button>
          </>
        ) : (
          <FollowButton
            key={`${p.username}-${p.is_following}`}
            username={p.username}
            following={p.is_following ?? false}
            onChange={profile.setData}
          />
        )}
      </div>
      <h2 className="sr-only">Videos</h2>
      <PagedGrid
        list={videos}
        showStatus={mine}
        empty={
          <EmptyState title={mine ? "You have not posted yet" : "No videos yet"}>
            {mine && (
              <Link className="btn btn-primary" to="/upload">
                Upload your first video
              </Link>
            )}
          </EmptyState>
        }
      />
    </main>
  );
}
