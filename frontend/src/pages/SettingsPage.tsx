/** Edit your own profile, including the interests the recommender uses before it knows you. */
import { useState, type FormEvent } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { errorMessage } from "../api/client";
import { updateMe } from "../api/users";
import { InterestPicker } from "../components/InterestPicker";
import { Spinner } from "../components/Status";
import { useAuth } from "../hooks/useAuth";

export function SettingsPage() {
  const { user, loading, setUser } = useAuth();
  const welcome = useSearchParams()[0].has("welcome");
  if (loading) return <Spinner />;
  if (!user) return <Navigate to="/login?next=%2Fsettings" replace />;
  return <SettingsForm key={user.id} welcome={welcome} initial={user} onSaved={setUser} />;
}

type Me = NonNullable<ReturnType<typeof useAuth>["user"]>;

function SettingsForm({ initial, welcome, onSaved }: { initial: Me; welcome: boolean; onSaved: (u: Me) => void }) {
  const navigate = useNavigate();
  const [form, setForm] = useState({ display_name: initial.display_name, bio: initial.bio, interests: initial.interests });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await updateMe(form);
      onSaved(me);
      setSaved(true);
      if (welcome) navigate("/", { replace: true });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page">
      <h1>{welcome ? "Welcome! What do you like?" : "Edit profile"}</h1>
      {welcome && <p className="muted">Pick a few interests so your For You feed starts with things you enjoy.</p>}
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Display name</span>
          <input value={form.display_name} maxLength={64} onChange={(e) => setForm({ ...form, display_name: e.target.value })} />
        </label>
        <label className="field">
          <span>Bio</span>
          <textarea value={form.bio} maxLength={500} rows={3} onChange={(e) => setForm({ ...form, bio: e.target.value })} />
        </label>
        <InterestPicker value={form.interests} onChange={(interests) => setForm({ ...form, interests })} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {saved && !welcome && (
          <p role="status" className="muted">
            Saved.
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? "Saving…" : welcome ? "Continue" : "Save"}
          </button>
          {welcome && (
            <button type="button" className="btn" onClick={() => navigate("/", { replace: true })}>
              Skip
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
