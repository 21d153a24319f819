// One account as moderators see it: content, reports, violations, trust, and sanctions.
import { useCallback, useEffect, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { get, post } from '../api/client'
import type { AdminUserProfile } from '../api/types'
import { Badge } from '../components/Badge'
import { pct, when } from '../lib/format'

const ACTIONS = [
  ['suspended', 'Suspend', 'can read, cannot post'],
  ['banned', 'Ban', 'cannot sign in; content hidden'],
  ['active', 'Restore', 'lift a suspension or ban'],
] as const

export function UserProfilePage() {
  const { id } = useParams()
  const [profile, setProfile] = useState<AdminUserProfile | null>(null)
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ text: string; bad?: boolean } | null>(null)

  const load = useCallback(() => {
    get<AdminUserProfile>(`/api/admin/users/${id}`).then(setProfile, (e) => setMessage({ text: e.message, bad: true }))
  }, [id])
  useEffect(load, [load])

  const setStatus = async (status: string) => {
    if (reason.trim().length < 3) {
      setMessage({ text: 'Give a reason (at least 3 characters).', bad: true })
      return
    }
    try {
      await post(`/api/admin/users/${id}/status`, { status, reason: reason.trim() })
      setMessage({ text: `Account is now ${status}.` })
      setReason('')
      load()
    } catch (e) {
      setMessage({ text: e instanceof Error ? e.message : String(e), bad: true })
    }
  }

  if (!profile) return <p className="muted">{message?.text ?? 'Loading…'}</p>
  const { user, trust } = profile
  return (
    <div className="profile">
      <header className="pagehead">
        <h1>
          @{user.username} <Badge value={user.status} />
        </h1>
        <span className="muted">
          {user.display_name} · {user.email} · {user.role} · joined {when(user.created_at)} · last active {when(user.last_active_at)}
        </span>
      </header>
      {user.status_reason && <p className="toast bad">Reason on record: {user.status_reason}</p>}
      <div className="grid2">
        <section className="card">
          <h2>Trust</h2>
          {trust ? (
            <>
              <p className="bignum" data-trust>
                {trust.trust_score != null ? trust.trust_score.toFixed(0) : '—'}
                <span className="muted"> / 100</span>
              </p>
              <p className="muted">
                segment {trust.segment ?? '—'} · churn risk {pct(trust.churn_risk)} · model {trust.model_version ?? '—'} · {when(trust.computed_at)}
              </p>
              {Array.isArray(trust.trust_features) && trust.trust_features.length > 0 && (
                <ul className="features">
                  {(trust.trust_features as { feature?: string; value?: number; impact?: number }[]).map((f, i) => (
                    <li key={i}>
                      {f.feature ?? JSON.stringify(f)}
                      {f.value != null && <> = {Number(f.value).toFixed(2)}</>}
                      {f.impact != null && <span className={f.impact < 0 ? 'neg' : 'pos'}> ({f.impact > 0 ? '+' : ''}{Number(f.impact).toFixed(1)})</span>}
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <p className="muted">Not scored yet (the trust job runs daily).</p>
          )}
          <p className="muted">
            {profile.violations.length} violations · {profile.reports_against.length} reports against · {profile.reports_filed} reports filed
          </p>
        </section>
        <section className="card" aria-label="sanctions">
          <h2>Account status</h2>
          <label className="reason">
            Reason <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="required, shown to the user" />
          </label>
          <div className="buttons">
            {ACTIONS.map(([status, label, hint]) => (
              <button key={status} className={status} disabled={user.status === status} title={hint} onClick={() => setStatus(status)}>
                {label}
              </button>
            ))}
          </div>
          {message && <p className={message.bad ? 'toast bad' : 'toast'}>{message.text}</p>}
          <h3>Status history</h3>
          <ul className="plain">
            {profile.status_history.map((d) => (
              <li key={d.id}>
                {when(d.created_at)}: <Badge value={String(d.details?.status ?? d.verdict)} /> by @{d.actor?.username ?? '?'} — {d.reason}
              </li>
            ))}
            {profile.status_history.length === 0 && <li className="muted">no changes</li>}
          </ul>
        </section>
      </div>
      <section className="card">
        <h2>Violations</h2>
        <table className="table">
          <tbody>
            {profile.violations.map((d) => (
              <tr key={d.id}>
                <td className="nowrap">{when(d.created_at)}</td>
                <td>
                  <Badge value={d.subject_type} kind="type" /> {d.subject_label}
                </td>
                <td>{d.source === 'ai' ? `AI (${d.provider})` : `@${d.actor?.username}`}</td>
                <td>{d.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {profile.violations.length === 0 && <p className="muted">none</p>}
      </section>
      <div className="grid2">
        <section className="card">
          <h2>Videos</h2>
          <ul className="plain">
            {profile.videos.map((v) => (
              <li key={v.id}>
                <Badge value={v.status} /> #{v.id} {v.title} <span className="muted small">{when(v.created_at)}</span>
              </li>
            ))}
            {profile.videos.length === 0 && <li className="muted">none</li>}
          </ul>
        </section>
        <section className="card">
          <h2>Comments</h2>
          <ul className="plain">
            {profile.comments.map((c) => (
              <li key={c.id}>
                <Badge value={c.status} /> “{c.text}” <span className="muted small">on video #{c.video_id} · {when(c.created_at)}</span>
              </li>
            ))}
            {profile.comments.length === 0 && <li className="muted">none</li>}
          </ul>
        </section>
      </div>
      <section className="card">
        <h2>Reports against this account</h2>
        <ul className="plain">
          {profile.reports_against.map((r) => (
            <li key={r.id}>
              <Badge value={r.status} /> {r.reason} on {r.subject_type} #{r.subject_id} {r.details && <>— “{r.details}”</>}
              {r.resolution && <span className="muted"> · {r.resolution}</span>}
            </li>
          ))}
          {profile.reports_against.length === 0 && <li className="muted">none</li>}
        </ul>
      </section>
      <p>
        <Link to="/users">← all users</Link>
      </p>
    </div>
  )
}
