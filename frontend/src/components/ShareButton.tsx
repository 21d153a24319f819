import { Icon } from "./Icon";
import { useState } from "react";
import { shareVideo } from "../api/videos";
import { compact } from "./format";

/** Copy the video's link; the share is counted (best effort) for the recommender. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function ShareButton({ videoId, count }: { videoId: number; count: number }) {
  const [note, setNote] = useState<string | null>(null);
  const [shares, setShares] = useState(count);
  const share = async () => {
    const url = `${window.location.origin}/v/${videoId}`;
    const copied = await copyText(url);
    setNote(copied ? "Link copied" : url);
    shareVideo(videoId).then(
      (r) => setShares(r.share_count),
      () => undefined,
    );
    setTimeout(() => setNote(null), 2500);
  };
  return (
    <div className="action">
      <button type="button" className="action-btn" aria-label="Share: copy link" onClick={share}>
        <Icon name="share" size={26} />
      </button>
      <span className="action-count">{compact(shares)}</span>
      {note && (
        <span className="toast" role="status">
          {note}
        </span>
      )}
    </div>
  );
}
