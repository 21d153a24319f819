// One bar per category score, worst first, with the review and reject thresholds marked.
import type { Threshold } from '../api/types'

interface Props {
  scores: Record<string, number>
  names?: Record<string, string>
  thresholds?: Threshold[]
  highlight?: string[]
}

export function barLevel(score: number, t?: Threshold): 'reject' | 'review' | 'ok' {
  if (!t) return score >= 0.85 ? 'reject' : score >= 0.35 ? 'review' : 'ok'
  return score >= t.reject ? 'reject' : score >= t.review ? 'review' : 'ok'
}

export function ScoreBars({ scores, names = {}, thresholds = [], highlight = [] }: Props) {
  const byCat = Object.fromEntries(thresholds.map((t) => [t.category, t]))
  const rows = Object.entries(scores)
    .filter(([c]) => c !== 'OK')
    .sort((a, b) => b[1] - a[1])
  if (rows.length === 0) return <p className="muted">no scores</p>
  return (
    <ul className="scorebars" aria-label="category scores">
      {rows.map(([cat, score]) => {
        const t = byCat[cat]
        const level = barLevel(score, t)
        return (
          <li key={cat} className={highlight.includes(cat) ? 'hl' : undefined} data-category={cat}>
            <span className="label" title={cat}>
              {names[cat] ?? cat}
            </span>
            <span className="track">
              <span className={`fill ${level}`} style={{ width: `${Math.round(score * 100)}%` }} />
              {t && <span className="mark review" style={{ left: `${t.review * 100}%` }} title="review threshold" />}
              {t && <span className="mark reject" style={{ left: `${t.reject * 100}%` }} title="reject threshold" />}
            </span>
            <span className="value">{score.toFixed(2)}</span>
          </li>
        )
      })}
    </ul>
  )
}
