// The review queue: a list to triage with the keyboard, and the focused item in full.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Link } from 'react-router-dom'
import { get, post } from '../api/client'
import type { Action, DecisionResult, QueueItem, QueueOut } from '../api/types'
import { Badge } from '../components/Badge'
import { ScoreBars } from '../components/ScoreBars'
import { VideoPlayer } from '../components/VideoPlayer'
import { when } from '../lib/format'
import { usePolicy } from '../lib/policy'
import { usePoll } from '../lib/usePoll'
import { commandFor, SHORTCUTS } from '../lib/shortcuts'

export const REASON_PRESETS = [
  'Not a violation',
  'Hate speech',
  'Harassment or bullying',
  'Spam or scam',
  'Sexual content',
  'Violence or threats',
]

const TYPES = [
  ['', 'All'],
  ['video', 'Videos'],
  ['comment', 'Comments'],
  ['report', 'Reports'],
] as const

const PAST = { approve: 'Approved', reject: 'Rejected', escalate: 'Escalated' }

function topScore(item: QueueItem): [string, number] | null {
  const entries = Object.entries(item.ai?.scores ?? {}).filter(([c]) => c !== 'OK')
  if (entries.length === 0) return null
  return entries.reduce((a, b) => (b[1] > a[1] ? b : a))
}

export function QueuePage({ pollMs = 10_000 }: { pollMs?: number }) {
  const [type, setType] = useState('')
  const [paused, setPaused] = useState(false)
  const load = useCallback(() => get<QueueOut>('/api/admin/queue', { type, limit: 200 }), [type])
  const { data, error, updatedAt, refresh } = usePoll(load, pollMs, !paused)
  const items = useMemo(() => data?.items ?? [], [data])
  const [focusKey, setFocusKey] = useState<string | null>(null)
  const [selected, setSelected] = useState<Set<string>>(new Set())
  const [reason, setReason] = useState('')
  const [message, setMessage] = useState<{ text: string; bad?: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const reasonRef = useRef<HTMLInputElement>(null)
  const { names, thresholds } = usePolicy()

  // Keep focus on the same item across refreshes; fall back to the first one.
  const focusIndex = Math.max(0, items.findIndex((i) => i.key === focusKey))
  const focused = items[focusIndex] ?? null
  useEffect(() => {
    if (items.length && !items.some((i) => i.key === focusKey)) setFocusKey(items[0].key)
    setSelected((s) => new Set([...s].filter((k) => items.some((i) => i.key === k))))
  }, [items, focusKey])
  useEffect(() => {
    document.querySelector(`[data-key="${focusKey}"]`)?.scrollIntoView?.({ block: 'nearest' })
  }, [focusKey])

  const act = useCallback(
    async (action: Action) => {
      const targets = selected.size ? items.filter((i) => selected.has(i.key)) : focused ? [focused] : []
      if (!targets.length || busy) return
      if (reason.trim().length < 3) {
        setMessage({ text: 'Give a reason first (type it, or press 1–6 for a preset).', bad: true })
        reasonRef.current?.focus()
        return
      }
      setBusy(true)
      try {
        let results: DecisionResult[]
        if (targets.length === 1) {
          const t = targets[0]
          results = [
            await post<DecisionResult>('/api/admin/decisions', {
              subject_type: t.subject_type,
              subject_id: t.subject_id,
              action,
              reason: reason.trim(),
            }),
          ]
        } else {
          const out = await post<{ results: DecisionResult[] }>('/api/admin/decisions/bulk', {
            items: targets.map((t) => ({ subject_type: t.subject_type, subject_id: t.subject_id })),
            action,
            reason: reason.trim(),
          })
          results = out.results
        }
        const failed = results.filter((r) => !r.ok)
        const label = targets.length === 1 ? `${targets[0].subject_type} ${targets[0].subject_id}` : `${results.length - failed.length} items`
        setMessage({
          text: `${PAST[action]} ${label}${failed.length ? `; ${failed.length} failed: ${failed[0].error}` : ''}`,
          bad: failed.length > 0,
        })
        const next = items.slice(focusIndex + 1).find((i) => !targets.includes(i))
        if (action !== 'escalate' && next) setFocusKey(next.key)
        setSelected(new Set())
        setReason('')
        await refresh()
      } catch (e) {
        setMessage({ text: e instanceof Error ? e.message : String(e), bad: true })
      } finally {
        setBusy(false)
      }
    },
    [busy, focused, focusIndex, items, reason, refresh, selected],
  )

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      const inField = !!target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
      if (inField && e.key === 'Escape') {
        target.blur()
        return
      }
      const cmd = commandFor(e, inField)
      if (!cmd) return
      e.preventDefault()
      if (cmd.kind === 'move' && items.length) {
        const i = Math.min(items.length - 1, Math.max(0, focusIndex + cmd.delta))
        setFocusKey(items[i].key)
      } else if (cmd.kind === 'act') act(cmd.action)
      else if (cmd.kind === 'toggle' && focused) {
        setSelected((s) => {
          const n = new Set(s)
          if (n.has(focused.key)) n.delete(focused.key)
          else n.add(focused.key)
          return n
        })
      } else if (cmd.kind === 'selectAll') setSelected(new Set(items.map((i) => i.key)))
      else if (cmd.kind === 'preset' && REASON_PRESETS[cmd.index]) setReason(REASON_PRESETS[cmd.index])
      else if (cmd.kind === 'focusReason') reasonRef.current?.focus()
      else if (cmd.kind === 'refresh') refresh()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [act, focusIndex, focused, items, refresh])

  const counts = data?.counts ?? {}
  const total = (counts.video ?? 0) + (counts.comment ?? 0) + (counts.report ?? 0)
  return (
    <div className="queue">
      <header className="pagehead">
        <h1>Review queue</h1>
        <nav className="tabs" aria-label="queue type">
          {TYPES.map(([value, label]) => (
            <button key={value} className={type === value ? 'tab active' : 'tab'} onClick={() => setType(value)}>
              {label} <span className="count">{value ? (counts[value] ?? 0) : total}</span>
            </button>
          ))}
        </nav>
        <span className="muted refresh">
          {paused ? 'auto-refresh paused' : `auto-refresh every ${pollMs / 1000}s`} · updated {updatedAt ? updatedAt.toLocaleTimeString() : '—'}{' '}
          <button className="ghost" onClick={() => setPaused(!paused)}>
            {paused ? 'resume' : 'pause'}
          </button>
        </span>
      </header>

      <section className="actionbar" aria-label="decision">
        <label className="reason">
          Reason
          <input
            ref={reasonRef}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="why (required) — press 1–6 for a preset"
            list="reason-presets"
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur()
            }}
          />
          <datalist id="reason-presets">
            {REASON_PRESETS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </label>
        <button className="approve" disabled={busy || !items.length} onClick={() => act('approve')}>
          Approve <kbd>a</kbd>
        </button>
        <button className="reject" disabled={busy || !items.length} onClick={() => act('reject')}>
          Reject <kbd>r</kbd>
        </button>
        <button className="escalate" disabled={busy || !items.length} onClick={() => act('escalate')}>
          Escalate <kbd>e</kbd>
        </button>
        <span className="muted">{selected.size ? `${selected.size} selected (bulk)` : 'acts on the focused item'}</span>
      </section>
      {message && (
        <p role="status" className={message.bad ? 'toast bad' : 'toast'}>
          {message.text}
        </p>
      )}
      {error && <p className="toast bad">Could not load the queue: {error}</p>}

      <div className="split">
        <ul className="itemlist" aria-label="queue items">
          {data && items.length === 0 && <li className="empty">The queue is empty. Nice work.</li>}
          {items.map((item) => {
            const top = topScore(item)
            return (
              <li
                key={item.key}
                data-key={item.key}
                className={`item ${item.key === focused?.key ? 'focused' : ''} ${selected.has(item.key) ? 'selected' : ''}`}
                onClick={() => setFocusKey(item.key)}
              >
                <input
                  type="checkbox"
                  aria-label={`select ${item.key}`}
                  checked={selected.has(item.key)}
                  onClick={(e) => e.stopPropagation()}
                  onChange={() =>
                    setSelected((s) => {
                      const n = new Set(s)
                      if (n.has(item.key)) n.delete(item.key)
                      else n.add(item.key)
                      return n
                    })
                  }
                />
                <div className="itembody">
                  <div className="itemhead">
                    <Badge value={item.subject_type} kind="type" />
                    {item.ai && <Badge value={`AI: ${item.ai.verdict}`} kind={item.ai.verdict} />}
                    {item.report && <Badge value={item.report.reason} kind="report" />}
                    {item.escalated && <Badge value="escalated" />}
                    {item.report_count > 0 && <Badge value={`${item.report_count} report${item.report_count > 1 ? 's' : ''}`} kind="report" />}
                  </div>
                  <div className="snippet">{item.text || '(no text)'}</div>
                  <div className="muted small">
                    {item.author ? `@${item.author.username} · ` : ''}
                    {when(item.created_at)}
                    {top ? ` · ${names[top[0]] ?? top[0]} ${top[1].toFixed(2)}` : ''}
                  </div>
                </div>
              </li>
            )
          })}
        </ul>
        <article className="detail" aria-label="focused item">
          {focused ? <Detail item={focused} names={names} thresholds={thresholds} /> : <p className="muted">Nothing to review.</p>}
          <details className="help">
            <summary>Keyboard shortcuts</summary>
            <dl>
              {SHORTCUTS.map(([k, v]) => (
                <div key={k}>
                  <dt>
                    <kbd>{k}</kbd>
                  </dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          </details>
        </article>
      </div>
    </div>
  )
}

function Detail({ item, names, thresholds }: { item: QueueItem; names: Record<string, string>; thresholds: ReturnType<typeof usePolicy>['thresholds'] }) {
  const ai = item.ai
  return (
    <div className="detailbody" data-detail={item.key}>
      <h2>
        {item.subject_type} #{item.subject_id} <Badge value={item.status} />
      </h2>
      {item.author && (
        <p>
          by <Link to={`/users/${item.author.id}`}>@{item.author.username}</Link> · {when(item.created_at)}
        </p>
      )}
      {item.comment && (
        <>
          <blockquote className="comment-text">{item.text}</blockquote>
          <p className="muted">
            on video #{item.comment.video_id} “{item.comment.video_title}”
            {item.comment.cyberbullying_type && ` · bullying type: ${item.comment.cyberbullying_type}`}
            {item.comment.sentiment != null && ` · sentiment ${item.comment.sentiment.toFixed(2)}`}
          </p>
        </>
      )}
      {item.report && (
        <div className="reportbox">
          <p>
            <strong>{item.report.reason}</strong> report by {item.report.reporter ? `@${item.report.reporter.username}` : 'someone'} on{' '}
            {item.report.subject_type} #{item.report.subject_id}
            {item.report.subject_status && <> (now {item.report.subject_status})</>}
          </p>
          <blockquote>{item.report.subject_text}</blockquote>
          {item.report.details && <p className="muted">“{item.report.details}”</p>}
          <p className="muted small">Approve dismisses the report; reject upholds it and removes the reported content.</p>
        </div>
      )}
      {ai ? (
        <section className="aibox" aria-label="AI verdict">
          <h3>
            AI verdict: <Badge value={ai.verdict} />
          </h3>
          {ai.explanation && <p className="explanation">{ai.explanation}</p>}
          <ScoreBars scores={ai.scores} names={names} thresholds={thresholds} highlight={ai.categories} />
          <p className="muted small">
            provider <strong>{ai.provider ?? '—'}</strong> · model <strong>{ai.model_version ?? '—'}</strong>
            {ai.decided_at && <> · {when(ai.decided_at)}</>}
          </p>
        </section>
      ) : (
        item.subject_type !== 'report' && <p className="muted">No AI verdict recorded.</p>
      )}
      {item.video && (
        <div className="videobox">
          <h3>{item.video.title}</h3>
          {item.video.description && <p>{item.video.description}</p>}
          <VideoPlayer hls={item.video.hls_url} mp4={item.video.mp4_url} poster={item.video.poster_url} />
          {item.video.strip_url ? (
            <img className="strip" src={item.video.strip_url} alt="frame strip" />
          ) : (
            <p className="muted">no frame strip</p>
          )}
        </div>
      )}
    </div>
  )
}
