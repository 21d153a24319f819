import { request } from "./client";
import type { Comment, LikeState, Page, ReportIn, Video, WatchRecorded, WatchSource } from "./types";

export const getVideo = (id: number) => request<Video>(`/videos/${id}`);
export const likeVideo = (id: number) => request<LikeState>(`/videos/${id}/like`, { method: "POST" });
export const unlikeVideo = (id: number) => request<LikeState>(`/videos/${id}/like`, { method: "DELETE" });
export const shareVideo = (id: number) =>
  request<{ share_count: number; url: string }>(`/videos/${id}/share`, { method: "POST" });

export const recordView = (id: number, source: WatchSource) =>
  request<WatchRecorded>(`/videos/${id}/view`, { method: "POST", body: { source } });

export interface WatchReport {
  event_id: number | null;
  watched_ms: number;
  completed: boolean;
  source: WatchSource;
}

export const recordWatch = (id: number, body: WatchReport) =>
  request<WatchRecorded>(`/videos/${id}/watch`, { method: "POST", body: { ...body }, keepalive: true });

export const listComments = (id: number, cursor?: string | null) =>
  request<Page<Comment>>(`/videos/${id}/comments`, { query: { cursor } });
export const postComment = (id: number, text: string) =>
  request<Comment>(`/videos/${id}/comments`, { method: "POST", body: { text } });

export const createReport = (body: ReportIn) => request(`/reports`, { method: "POST", body: { ...body } });
