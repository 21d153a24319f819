/** Uploading a video: tus (resumable, survives dropped connections) when the gateway offers it,
 * else the plain multipart endpoint. Both report real byte progress. */
import { Upload } from "tus-js-client";
import { ApiError, refreshTokens, request } from "./client";
import { getTokens } from "./tokens";
import type { Page, Video } from "./types";

export const TUS_ENDPOINT = "/api/uploads/tus";

export interface UploadFields {
  title: string;
  description: string;
  category: string;
  hashtags: string;
}

export interface UploadHandle {
  /** Resolves with the new video's id. */
  done: Promise<number>;
  abort: () => void;
  transport: "tus" | "multipart";
}

export type Progress = (sent: number, total: number) => void;

let tusSupport: Promise<boolean> | null = null;

/** A tus server answers OPTIONS with its Tus-Version; anything else means multipart only. */
export function detectTus(): Promise<boolean> {
  tusSupport ??= fetch(TUS_ENDPOINT, { method: "OPTIONS" })
    .then((r) => r.ok && !!(r.headers.get("Tus-Version") || r.headers.get("Tus-Resumable")))
    .catch(() => false);
  return tusSupport;
}

/** The video id from a finished tus upload: a header, a JSON body, or the upload URL itself. */
export function videoIdFromTus(headers: (name: string) => string | null | undefined, body: string): number | null {
  for (const name of ["OpenTok-Video-Id", "X-Video-Id", "Video-Id"]) {
    const v = Number(headers(name));
    if (v > 0) return v;
  }
  try {
    const data = JSON.parse(body);
    const id = Number(data?.video_id ?? data?.video?.id ?? data?.id);
    if (id > 0) return id;
  } catch {
    /* empty or non-JSON body */
  }
  return null;
}

/** Fallback when the tus server does not say which video it made: the owner's newest one. */
async function newestOwnVideo(username: string): Promise<number> {
  const page = await request<Page<Video>>(`/users/${encodeURIComponent(username)}/videos`, { query: { limit: 1 } });
  if (!page.items.length) throw new ApiError(0, "upload_lost", "the upload finished but no video was created");
  return page.items[0].id;
}

function viaTus(file: File, fields: UploadFields, username: string, onProgress: Progress): UploadHandle {
  let upload: Upload;
  let videoId: number | null = null;
  let fail: (err: Error) => void = () => {};
  const done = new Promise<number>((resolve, reject) => {
    fail = reject;
    upload = new Upload(file, {
      endpoint: TUS_ENDPOINT,
      chunkSize: 1024 * 1024,
      // Keep retrying through a dropped connection; tus resumes from the server's offset.
      retryDelays: [0, 1000, 2000, 4000, 8000, 15000, 30000, 30000, 30000, 60000],
      metadata: { filename: file.name, filetype: file.type, ...fields },
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => {
        const token = getTokens()?.access_token;
        if (token) req.setHeader("Authorization", `Bearer ${token}`);
      },
      onAfterResponse: (_req, res) => {
        const id = videoIdFromTus((n) => res.getHeader(n), res.getBody() ?? "");
        if (id) videoId = id;
      },
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0;
        if (status === 401) {
          void refreshTokens(); // the retry picks the fresh token up in onBeforeRequest
          return true;
        }
        // Network drops (no status), server errors and lock/conflict answers are worth retrying.
        return status === 0 || status >= 500 || status === 409 || status === 423;
      },
      onProgress: (sent, total) => onProgress(sent, total),
      onSuccess: () => {
        if (videoId) resolve(videoId);
        else newestOwnVideo(username).then(resolve, reject);
      },
      onError: (err) => {
        const res = (err as { originalResponse?: { getBody(): string; getStatus(): number } }).originalResponse;
        let message = err.message;
        try {
          message = JSON.parse(res?.getBody() ?? "")?.error?.message ?? message;
        } catch {
          /* keep tus's message */
        }
        reject(new ApiError(res?.getStatus() ?? 0, "upload_failed", message));
      },
    });
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  });
  const abort = () => {
    void upload?.abort();
    fail(new ApiError(0, "aborted", "upload cancelled"));
  };
  return { done, abort, transport: "tus" };
}

function viaMultipart(file: File, fields: UploadFields, onProgress: Progress): UploadHandle {
  const xhr = new XMLHttpRequest();
  const done = new Promise<number>((resolve, reject) => {
    const form = new FormData();
    form.append("title", fields.title);
    form.append("description", fields.description);
    form.append("category", fields.category);
    form.append("hashtags", fields.hashtags);
    form.append("file", file, file.name);
    xhr.open("POST", "/api/uploads");
    const token = getTokens()?.access_token;
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let data: { id?: number; error?: { code: string; message: string; field?: string } } = {};
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* handled below */
      }
      if (xhr.status === 201 && data.id) resolve(data.id);
      else
        reject(
          new ApiError(
            xhr.status,
            data.error?.code ?? "upload_failed",
            data.error?.message ?? `upload failed (${xhr.status})`,
            data.error?.field,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "the connection dropped during the upload"));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "upload cancelled"));
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort(), transport: "multipart" };
}

export async function startUpload(
  file: File,
  fields: UploadFields,
  username: string,
  onProgress: Progress,
): Promise<UploadHandle> {
  // Refresh first so a long upload does not start on an about-to-expire token.
  if (getTokens()) await request("/auth/me").catch(() => undefined);
  return (await detectTus()) ? viaTus(file, fields, username, onProgress) : viaMultipart(file, fields, onProgress);
}
