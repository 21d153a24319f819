/** A scripted network for unit tests: each handler answers one METHOD path (the app's own
 * code runs unmocked; only the wire is replaced). Unhandled calls fail the test loudly. */
import { vi } from "vitest";

export type Handler = (req: { url: URL; method: string; body: unknown; headers: Headers }) => {
  status?: number;
  json?: unknown;
} | Promise<{ status?: number; json?: unknown }>;

export interface Call {
  method: string;
  path: string;
  body: unknown;
  auth: string | null;
}

export function mockFetch(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    const body = typeof init.body === "string" ? JSON.parse(init.body) : init.body;
    calls.push({ method, path: url.pathname + url.search, body, auth: headers.get("Authorization") });
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) throw new Error(`unexpected request ${method} ${url.pathname}`);
    const res = await handler({ url, method, body, headers });
    return new Response(res.json === undefined ? null : JSON.stringify(res.json), {
      status: res.status ?? 200,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fn);
  return { calls, fn };
}

export function video(id: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    owner: { id: 1, username: "alice", display_name: "Alice", verified: false },
    title: `Video ${id}`,
    description: "",
    category: "other",
    hashtags: ["fun"],
    status: "published",
    view_count: 0,
    like_count: 0,
    comment_count: 0,
    share_count: 0,
    liked_by_me: false,
    created_at: "2026-01-01T00:00:00Z",
    mp4_url: `/media/${id}.mp4`,
    ...extra,
  };
}
