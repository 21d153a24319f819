/** Sign in and sign up. After either, go back to where the visitor was sent from. */
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { ApiError, errorMessage } from "../api/client";
import { useAuth } from "../hooks/useAuth";

function useNext(): string {
  const next = useSearchParams()[0].get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function FieldError({ error, field }: { error: unknown; field: string }) {
  if (!(error instanceof ApiError) || error.field !== field) return null;
  return (
    <span className="field-error" id={`${field}-error`}>
      {error.message}
    </span>
  );
}

export function LoginPage() {
  const { login } = useAuth();
  const navigate = useNavigate();
  const next = useNext();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username, password });
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="page page-narrow">
      <h1>Sign in to OpenTok</h1>
      {next !== "/" && <p className="muted">You need an account for that. Sign in and you will be taken back.</p>}
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Username or email</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        {error != null && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="muted">
        New here? <Link to={`/register?next=${encodeURIComponent(next)}`}>Create an account</Link>
      </p>
    </main>
  );
}

export function RegisterPage() {
  const { register } = useAuth();
  const navigate = useNavigate();
  const next = useNext();
  const [form, setForm] = useState({ username: "", email: "", password: "", display_name: "" });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await register(form);
      navigate(next === "/" ? "/settings?welcome=1" : next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="page page-narrow">
      <h1>Create your account</h1>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Username</span>
          <input
            value={form.username}
            onChange={set("username")}
            autoComplete="username"
            required
            minLength={3}
            maxLength={32}
            pattern="[A-Za-z0-9_.]{3,32}"
            title="3 to 32 letters, digits, '_' or '.'"
            aria-describedby="username-error"
          />
          <FieldError error={error} field="username" />
        </label>
        <label className="field">
          <span>Display name (optional)</span>
          <input value={form.display_name} onChange={set("display_name")} maxLength={64} autoComplete="nickname" />
        </label>
        <label className="field">
          <span>Email</span>
          <input type="email" value={form.email} onChange={set("email")} autoComplete="email" required aria-describedby="email-error" />
          <FieldError error={error} field="email" />
        </label>
        <label className="field">
          <span>Password (8+ characters)</span>
          <input
            type="password"
            value={form.password}
            onChange={set("password")}
            autoComplete="new-password"
            required
            minLength={8}
            aria-describedby="password-error"
          />
          <FieldError error={error} field="password" />
        </label>
        {error != null && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? "Creating…" : "Sign up"}
        </button>
      </form>
      <p className="muted">
        Have an account? <Link to={`/login?next=${encodeURIComponent(next)}`}>Sign in</Link>
      </p>
    </main>
  );
}
