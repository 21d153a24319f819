/** Home: the For You and Following feeds, full screen. */
import { Link, useSearchParams } from "react-router-dom";
import type { FeedKind } from "../api/feeds";
import { VerticalFeed } from "../components/VerticalFeed";
import { EmptyState, ErrorState, Spinner } from "../components/Status";
import { useAuth } from "../hooks/useAuth";
import { useFeed } from "../hooks/useFeed";

function FeedTabs({ kind }: { kind: FeedKind }) {
  return (
    <div className="feed-tabs" role="tablist" aria-label="Feeds">
      <Link role="tab" aria-selected={kind === "following"} className={kind === "following" ? "is-active" : ""} to="/?feed=following">
        Following
      </Link>
      <Link role="tab" aria-selected={kind === "foryou"} className={kind === "foryou" ? "is-active" : ""} to="/">
        For You
      </Link>
    </div>
  );
}

function EmptyFeed({ kind, signedIn }: { kind: FeedKind; signedIn: boolean }) {
  if (kind === "following" && !signedIn)
    return (
      <EmptyState title="See videos from people you follow">
        <p>
          <Link className="btn btn-primary" to="/login?next=%2F%3Ffeed%3Dfollowing">
            Sign in
          </Link>
        </p>
      </EmptyState>
    );
  if (kind === "following")
    return (
      <EmptyState title="Nothing from people you follow yet">
        <p className="muted">Follow creators from their profile or the + on their videos, and their new videos land here.</p>
        <Link className="btn" to="/">
          Browse For You
        </Link>
      </EmptyState>
    );
  return (
    <EmptyState title="No videos yet">
      <p className="muted">
        Nobody has published a video on this OpenTok yet, or they are still being processed and reviewed. Be the first!
      </p>
      <Link className="btn btn-primary" to="/upload">
        Upload a video
      </Link>
    </EmptyState>
  );
}

export function FeedPage() {
  const [params] = useSearchParams();
  const kind: FeedKind = params.get("feed") === "following" ? "following" : "foryou";
  const { user, loading: authLoading } = useAuth();
  const enabled = !authLoading && (kind === "foryou" || user !== null);
  const feed = useFeed(kind, enabled, user?.id ?? null);

  let body;
  if (authLoading || (enabled && feed.items.length === 0 && feed.loading)) body = <Spinner label="Loading videos…" />;
  else if (feed.items.length === 0 && feed.error) body = <ErrorState error={feed.error} onRetry={feed.retry} />;
  else if (feed.items.length === 0) body = <EmptyFeed kind={kind} signedIn={user !== null} />;
  else
    body = (
      <VerticalFeed
        items={feed.items}
        source={kind === "following" ? "following" : "feed"}
        onNearEnd={feed.loadMore}
        footer={
          feed.error ? (
            <ErrorState error={feed.error} onRetry={feed.retry} />
          ) : feed.done ? (
            <EmptyState title="You're all caught up">
              <p className="muted">You have seen every video here. Check back later, or search for something new.</p>
              <Link className="btn" to="/search">
                Search
              </Link>
            </EmptyState>
          ) : (
            <Spinner label="Loading more…" />
          )
        }
      />
    );

  return (
    <main className="feed-page">
      <h1 className="sr-only">{kind === "following" ? "Following" : "For You"}</h1>
      <FeedTabs kind={kind} />
      {body}
    </main>
  );
}
