/** 1234 → "1.2K": counts on the action rail. */
export function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, "")}K`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, "")}M`;
}

/** "3m", "2h", "5d" or a date: comment and video ages. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  if (s < 7 * 86400) return `${Math.floor(s / 86400)}d`;
  return new Date(iso).toLocaleDateString();
}

/** Space- or comma-separated tags typed by the user → ["a", "b"] without '#'. */
export function parseHashtags(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).map((t) => t.replace(/^#+/, "").toLowerCase()).filter(Boolean))];
}
