// Per-category thresholds: everyone staff can read them, only admins save changes.
import { useEffect, useState } from 'react'
import { ApiError, put } from '../api/client'
import type { Threshold } from '../api/types'
import { thresholdError, usePolicy } from '../lib/policy'
import { when } from '../lib/format'

type Draft = Record<string, { review: string; reject: string }>

export function PolicyPage({ canEdit }: { canEdit: boolean }) {
  const { thresholds, reload } = usePolicy()
  const [draft, setDraft] = useState<Draft>({})
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ text: string; bad?: boolean } | null>(null)

  useEffect(() => {
    setDraft(Object.fromEntries(thresholds.map((t) => [t.category, { review: String(t.review), reject: String(t.reject) }])))
  }, [thresholds])

  const errors = Object.fromEntries(
    Object.entries(draft).map(([c, d]) => [c, thresholdError(parseFloat(d.review), parseFloat(d.reject))]),
  )
  const changed = thresholds.filter(
    (t: Threshold) => draft[t.category] && (parseFloat(draft[t.category].review) !== t.review || parseFloat(draft[t.category].reject) !== t.reject),
  )

  const save = async () => {
    const body = Object.fromEntries(
      changed.map((t) => [t.category, { review: parseFloat(draft[t.category].review), reject: parseFloat(draft[t.category].reject) }]),
    )
    try {
      await put('/api/admin/policy', { thresholds: body, reason: reason.trim() || undefined })
      setMessage({ text: `Saved ${changed.length} change(s); the moderation service reads them on its next decision.` })
      setReason('')
      await reload()
    } catch (e) {
      const field = e instanceof ApiError && e.field ? ` (${e.field})` : ''
      setMessage({ text: `${e instanceof Error ? e.message : String(e)}${field}`, bad: true })
    }
  }

  return (
    <div>
      <header className="pagehead">
        <h1>Moderation policy</h1>
        <span className="muted">A score at or above “review” holds content for a moderator; at or above “reject” removes it.</span>
      </header>
      {!canEdit && <p className="toast">Only admins can change thresholds; you can read them.</p>}
      <table className="table policy" aria-label="thresholds">
        <thead>
          <tr>
            <th>Category</th>
            <th>Review at</th>
            <th>Reject at</th>
            <th>Scale</th>
            <th>Last change</th>
          </tr>
        </thead>
        <tbody>
          {thresholds.map((t) => {
            const d = draft[t.category] ?? { review: '', reject: '' }
            const err = errors[t.category]
            return (
              <tr key={t.category} data-category={t.category}>
                <td>
                  <strong>{t.name}</strong> <span className="muted">{t.category}</span>
                </td>
                {(['review', 'reject'] as const).map((k) => (
                  <td key={k}>
                    <input
                      type="number"
                      step="0.01"
                      min="0"
                      max="1"
                      aria-label={`${t.category} ${k}`}
                      disabled={!canEdit}
                      value={d[k]}
                      onChange={(e) => setDraft({ ...draft, [t.category]: { ...d, [k]: e.target.value } })}
                    />
                  </td>
                ))}
                <td>
                  <span className="track wide">
                    <span className="zone review" style={{ left: `${parseFloat(d.review) * 100}%`, width: `${(parseFloat(d.reject) - parseFloat(d.review)) * 100}%` }} />
                    <span className="zone reject" style={{ left: `${parseFloat(d.reject) * 100}%`, width: `${(1 - parseFloat(d.reject)) * 100}%` }} />
                  </span>
                  {err && <span className="err">{err}</span>}
                </td>
                <td className="muted small">{t.custom ? when(t.updated_at) : t.source}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
      {canEdit && (
        <div className="actionbar">
          <label className="reason">
            Reason <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="why (goes in the audit log)" />
          </label>
          <button disabled={!changed.length || Object.values(errors).some(Boolean)} onClick={save}>
            Save {changed.length ? `${changed.length} change(s)` : ''}
          </button>
        </div>
      )}
      {message && <p className={message.bad ? 'toast bad' : 'toast'}>{message.text}</p>}
    </div>
  )
}
