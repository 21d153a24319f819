import { request } from "./client";
import type { Page, Video } from "./types";

export type FeedKind = "foryou" | "following" | "trending";
const PATHS: Record<FeedKind, string> = { foryou: "/feed", following: "/feed/following", trending: "/feed/trending" };

export const fetchFeed = (kind: FeedKind, cursor?: string | null, signal?: AbortSignal) =>
  request<Page<Video>>(PATHS[kind], { query: { cursor, limit: 8 }, signal });
