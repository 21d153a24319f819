/** uploaded → processing → in review → published, or rejected / failed with the reason. */
import type { Video } from "../api/types";

const STEPS = [
  { status: "uploaded", label: "Uploaded" },
  { status: "processing", label: "Processing" },
  { status: "pending_review", label: "In review" },
  { status: "published", label: "Published" },
];

export const STATUS_LABELS: Record<string, string> = {
  uploaded: "Uploaded",
  processing: "Processing",
  pending_review: "In review",
  published: "Published",
  rejected: "Rejected",
  failed: "Failed",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABELS[status] ?? status}</span>;
}

export function ProcessingStatus({ video }: { video: Pick<Video, "status" | "status_reason"> }) {
  const bad = video.status === "rejected" || video.status === "failed";
  // "uploaded" means the bytes are in: that step is done and processing is what we wait for.
  const reached = STEPS.findIndex((s) => s.status === video.status) + (video.status === "uploaded" ? 1 : 0);
  return (
    <div className="processing" data-testid="processing-status" data-status={video.status}>
      <ol className="steps" aria-label="Processing status">
        {STEPS.map((step, i) => {
          const done = i < reached || video.status === "published";
          const state = bad ? "todo" : done ? "done" : i === reached ? "current" : "todo";
          return (
            <li key={step.status} className={`step step-${state}`} aria-current={state === "current" ? "step" : undefined}>
              {step.label}
            </li>
          );
        })}
      </ol>
      <p role="status" aria-live="polite" className={bad ? "form-error" : "muted"}>
        {video.status === "published" && "Your video is live."}
        {video.status === "uploaded" && "Waiting for a worker to pick it up…"}
        {video.status === "processing" && "Transcoding and making thumbnails…"}
        {video.status === "pending_review" && "Being checked against the community guidelines…"}
        {bad && `${STATUS_LABELS[video.status]}: ${video.status_reason || "no reason given"}`}
      </p>
    </div>
  );
}
