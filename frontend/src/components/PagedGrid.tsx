/** A video grid over a paged list, with its loading, error, empty and "load more" states. */
import type { ReactNode } from "react";
import type { Video } from "../api/types";
import type { Paged } from "../hooks/usePaged";
import { ErrorState, Spinner } from "./Status";
import { VideoGrid } from "./VideoGrid";

export function PagedGrid({ list, empty, showStatus = false }: { list: Paged<Video>; empty: ReactNode; showStatus?: boolean }) {
  return (
    <>
      {list.items.length > 0 && <VideoGrid videos={list.items} showStatus={showStatus} />}
      {list.loading && <Spinner label="Loading videos…" />}
      {list.error != null && <ErrorState error={list.error} onRetry={list.items.length ? list.loadMore : list.reload} />}
      {!list.loading && !list.error && list.items.length === 0 && empty}
      {list.hasMore && !list.loading && !list.error && (
        <p className="row center">
          <button type="button" className="btn" onClick={list.loadMore}>
            Load more
          </button>
        </p>
      )}
    </>
  );
}

