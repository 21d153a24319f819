import { request } from "./client";
import type { Page, SearchResults, Video } from "./types";

export const search = (q: string) => request<SearchResults>("/search", { query: { q } });
export const hashtagVideos = (tag: string, cursor?: string | null) =>
  request<Page<Video>>(`/hashtags/${encodeURIComponent(tag)}`, { query: { cursor, limit: 24 } });
