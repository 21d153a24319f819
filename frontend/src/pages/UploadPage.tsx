/** Upload: pick or drop a file, describe it, watch the bytes go, then the live processing status. */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, Navigate } from "react-router-dom";
import { errorMessage } from "../api/client";
import { CATEGORIES } from "../api/types";
import { startUpload, type UploadHandle } from "../api/uploads";
import { DropZone } from "../components/DropZone";
import { parseHashtags } from "../components/format";
import { ProcessingStatus } from "../components/ProcessingStatus";
import { ProgressBar } from "../components/ProgressBar";
import { Spinner } from "../components/Status";
import { useAuth } from "../hooks/useAuth";
import { useVideoStatus } from "../hooks/useVideoStatus";

const MAX_BYTES = 1024 * 1024 * 1024;

/** Catch the obvious before sending a byte; the server checks the real content either way. */
export function checkFile(f: File): string | null {
  if (f.type && !f.type.startsWith("video/")) return `${f.name} is not a video file`;
  if (f.size === 0) return `${f.name} is empty`;
  if (f.size > MAX_BYTES) return `${f.name} is larger than 1 GB`;
  return null;
}

function AfterUpload({ videoId, username }: { videoId: number; username: string }) {
  const { video, error } = useVideoStatus(videoId);
  return (
    <section aria-labelledby="status-title" data-testid="upload-result" data-video-id={videoId}>
      <h2 id="status-title">{video?.title ?? "Your video"}</h2>
      {video ? <ProcessingStatus video={video} /> : error ? <p className="form-error">{errorMessage(error)}</p> : <Spinner />}
      <p className="row">
        {video?.status === "published" && (
          <Link className="btn btn-primary" to={`/v/${videoId}`}>
            Watch it
          </Link>
        )}
        <Link className="btn" to={`/u/${username}`}>
          Go to my profile
        </Link>
        <a className="btn" href="/upload">
          Upload another
        </a>
      </p>
    </section>
  );
}

export function UploadPage() {
  const { user, loading } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState({ title: "", description: "", category: "other", hashtags: "" });
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [videoId, setVideoId] = useState<number | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const handle = useRef<UploadHandle | null>(null);

  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener("online", up);
    window.addEventListener("offline", down);
    return () => {
      window.removeEventListener("online", up);
      window.removeEventListener("offline", down);
      handle.current?.abort();
    };
  }, []);

  if (loading) return <Spinner />;
  if (!user) return <Navigate to="/login?next=%2Fupload" replace />;
  if (videoId !== null)
    return (
      <main className="page">
        <h1>Upload</h1>
        <AfterUpload videoId={videoId} username={user.username} />
      </main>
    );

  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields({ ...fields, [k]: e.target.value });
  const onFile = (f: File) => {
    const problem = checkFile(f);
    setError(problem);
    if (problem) return;
    setFile(f);
    if (!fields.title) setFields((prev) => ({ ...prev, title: f.name.replace(/\.[^.]+$/, "").slice(0, 150) }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setError("Choose a video file first");
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const h = await startUpload(
        file,
        { ...fields, hashtags: parseHashtags(fields.hashtags).join(" ") },
        user.username,
        (sent, total) => setProgress({ sent, total }),
      );
      handle.current = h;
      setVideoId(await h.done);
    } catch (err) {
      setError(errorMessage(err));
      setProgress(null);
    } finally {
      handle.current = null;
    }
  };

  const uploading = progress !== null;
  return (
    <main className="page">
      <h1>Upload a video</h1>
      <form className="form" onSubmit={submit}>
        <DropZone file={file} onFile={onFile} />
        <label className="field">
          <span>Title</span>
          <input value={fields.title} onChange={set("title")} required maxLength={150} disabled={uploading} />
        </label>
        <label className="field">
          <span>Description</span>
          <textarea value={fields.description} onChange={set("description")} maxLength={2200} rows={3} disabled={uploading} />
        </label>
        <label className="field">
          <span>Hashtags</span>
          <input value={fields.hashtags} onChange={set("hashtags")} placeholder="#dance #fun" disabled={uploading} />
        </label>
        <label className="field">
          <span>Category</span>
          <select value={fields.category} onChange={set("category")} disabled={uploading}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        {progress && (
          <>
            <ProgressBar sent={progress.sent} total={progress.total} label="Uploading" />
            {!online && <p className="muted" role="status">Connection lost: the upload resumes when you are back online.</p>}
          </>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={uploading}>
            {uploading ? "Uploading…" : "Post"}
          </button>
          {uploading && (
            <button type="button" className="btn" onClick={() => handle.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
