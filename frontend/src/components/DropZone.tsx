/** Drag a file here or pick one: both paths end in onFile. The label makes the whole zone a
 * keyboard-reachable file picker. */
import { Icon } from "./Icon";
import { useState, type DragEvent } from "react";

export const ACCEPT = "video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.mov,.webm,.mkv,.m4v";

export function DropZone({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files?.[0];
    if (dropped) onFile(dropped);
  };
  return (
    <label
      className={`dropzone ${over ? "is-over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="dropzone"
    >
      <input
        type="file"
        accept={ACCEPT}
        className="sr-only"
        aria-label="Video file"
        onChange={(e) => e.target.files?.[0] && onFile(e.target.files[0])}
      />
      <span className="dropzone-icon">
        <Icon name="upload" size={36} />
      </span>
      {file ? (
        <span>
          <strong>{file.name}</strong> ({(file.size / 1024 / 1024).toFixed(1)} MB) · choose another
        </span>
      ) : (
        <span>
          <strong>Drop a video here</strong> or click to choose one
        </span>
      )}
    </label>
  );
}
