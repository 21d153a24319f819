import { useState, type FormEvent } from "react";
import { errorMessage } from "../api/client";
import { REPORT_REASONS } from "../api/types";
import { createReport } from "../api/videos";
import { Dialog } from "./Dialog";

const LABELS: Record<string, string> = {
  spam: "Spam or scam",
  nudity: "Nudity or sexual content",
  hate: "Hate speech",
  harassment: "Harassment or bullying",
  violence: "Violence",
  self_harm: "Self-harm",
  misinformation: "Misinformation",
  copyright: "Copyright infringement",
  other: "Something else",
};

export const reasonLabel = (r: string) => LABELS[r] ?? r.replace(/_/g, " ");

interface Props {
  subjectType: "video" | "comment" | "user";
  subjectId: number;
  open: boolean;
  onClose: () => void;
}

export function ReportDialog({ subjectType, subjectId, open, onClose }: Props) {
  const [reason, setReason] = useState("");
  const [details, setDetails] = useState("");
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason) return setError("Pick a reason");
    setState("sending");
    setError(null);
    try {
      await createReport({ subject_type: subjectType, subject_id: subjectId, reason, details });
      setState("sent");
    } catch (err) {
      setError(errorMessage(err));
      setState("idle");
    }
  };

  const close = () => {
    onClose();
    setState("idle");
    setReason("");
    setDetails("");
    setError(null);
  };

  return (
    <Dialog title={`Report this ${subjectType}`} open={open} onClose={close}>
      {state === "sent" ? (
        <div className="report-done" role="status">
          <p>Thanks. Our moderators will review it.</p>
          <button type="button" className="btn btn-primary" onClick={close}>
            Done
          </button>
        </div>
      ) : (
        <form onSubmit={submit} className="form">
          <fieldset className="reasons">
            <legend>Why are you reporting it?</legend>
            {REPORT_REASONS.map((r) => (
              <label key={r} className="radio">
                <input type="radio" name="reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
                {reasonLabel(r)}
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Details (optional)</span>
            <textarea value={details} maxLength={2000} rows={2} onChange={(e) => setDetails(e.target.value)} />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary" disabled={state === "sending"}>
            {state === "sending" ? "Sending…" : "Submit report"}
          </button>
        </form>
      )}
    </Dialog>
  );
}
