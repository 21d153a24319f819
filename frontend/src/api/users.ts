import { request } from "./client";
import type { Page, UserMe, UserProfile, UserUpdate, Video } from "./types";

const u = (name: string) => `/users/${encodeURIComponent(name)}`;

export const getProfile = (username: string) => request<UserProfile>(u(username));
export const getUserVideos = (username: string, cursor?: string | null) =>
  request<Page<Video>>(`${u(username)}/videos`, { query: { cursor, limit: 24 } });
export const follow = (username: string) => request<UserProfile>(`${u(username)}/follow`, { method: "POST" });
export const unfollow = (username: string) => request<UserProfile>(`${u(username)}/follow`, { method: "DELETE" });
export const updateMe = (body: UserUpdate) => request<UserMe>("/users/me", { method: "PATCH", body: { ...body } });
