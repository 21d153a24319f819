/** Search (videos, users, hashtags) and hashtag pages. */
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router-dom";
import { hashtagVideos, search } from "../api/search";
import { Avatar } from "../components/Avatar";
import { EmptyState, ErrorState, Spinner } from "../components/Status";
import { VideoGrid } from "../components/VideoGrid";
import { useAsync } from "../hooks/useAsync";
import { usePaged } from "../hooks/usePaged";
import { PagedGrid } from "../components/PagedGrid";

export function SearchPage() {
  const [params] = useSearchParams();
  const q = params.get("q") ?? "";
  const [text, setText] = useState(q);
  const navigate = useNavigate();
  const results = useAsync(() => (q ? search(q) : Promise.resolve(null)), [q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  const r = results.data;
  const nothing = r && !r.videos.length && !r.users.length && !r.hashtags.length;

  return (
    <main className="page">
      <h1 className="sr-only">Search</h1>
      <form role="search" className="searchbar" onSubmit={submit}>
        <label className="sr-only" htmlFor="q">
          Search videos, people and hashtags
        </label>
        <input id="q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Search videos, people, #hashtags" />
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </form>
      {!q && <p className="muted">Find videos by title, creators by name, or browse a #hashtag.</p>}
      {q && results.loading && <Spinner label="Searching…" />}
      {results.error != null && <ErrorState error={results.error} onRetry={results.reload} />}
      {nothing && <EmptyState title={`Nothing matches “${q}”`}>Try another word or a shorter hashtag.</EmptyState>}
      {r && r.hashtags.length > 0 && (
        <section aria-labelledby="h-tags">
          <h2 id="h-tags">Hashtags</h2>
          <ul className="tag-list">
            {r.hashtags.map((h) => (
              <li key={h.tag}>
                <Link to={`/tag/${encodeURIComponent(h.tag)}`} className="chip">
                  #{h.tag} <span className="muted">{h.video_count}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {r && r.users.length > 0 && (
        <section aria-labelledby="h-users">
          <h2 id="h-users">People</h2>
          <ul className="user-list">
            {r.users.map((u) => (
              <li key={u.id}>
                <Link to={`/u/${u.username}`} className="user-row">
                  <Avatar user={u} size={40} link={false} />
                  <span>
                    <strong>{u.display_name || u.username}</strong> <span className="muted">@{u.username}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      {r && r.videos.length > 0 && (
        <section aria-labelledby="h-videos">
          <h2 id="h-videos">Videos</h2>
          <VideoGrid videos={r.videos} />
        </section>
      )}
    </main>
  );
}

export function HashtagPage() {
  const tag = useParams().tag ?? "";
  const list = usePaged((cursor) => hashtagVideos(tag, cursor), [tag]);
  return (
    <main className="page">
      <h1>#{tag}</h1>
      <PagedGrid list={list} empty={<EmptyState title={`No published videos with #${tag} yet`} />} />
    </main>
  );
}
