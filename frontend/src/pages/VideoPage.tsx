/** A single video by link (/v/:id): what "Share" copies. Its owner sees the live processing
 * status until it is published. */
import { useParams } from "react-router-dom";
import { ProcessingStatus } from "../components/ProcessingStatus";
import { ErrorState, Spinner } from "../components/Status";
import { VerticalFeed } from "../components/VerticalFeed";
import { useVideoStatus } from "../hooks/useVideoStatus";

export function VideoPage() {
  const id = Number(useParams().id);
  const { video, error } = useVideoStatus(Number.isFinite(id) ? id : null);
  if (!video && error) return <ErrorState error={error} />;
  if (!video) return <Spinner label="Loading video…" />;
  if (video.status !== "published")
    return (
      <main className="page">
        <h1>{video.title}</h1>
        <ProcessingStatus video={video} />
      </main>
    );
  return (
    <main className="feed-page">
      <h1 className="sr-only">{video.title}</h1>
      <VerticalFeed items={[video]} source="share" />
    </main>
  );
}
