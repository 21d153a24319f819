// The dashboard figures from GET /api/analytics/dashboard (opentok/trust_safety/analytics.py),
// reshaped into the rows the charts draw.

export interface DayCount {
  date: string
  count: number
}

export interface Dashboard {
  start: string
  end: string
  uploads_per_day: DayCount[]
  active_users_per_day: DayCount[]
  moderation: {
    volume_by_category: Record<string, { total: number; approve?: number; review?: number; reject?: number; escalate?: number }>
    ai_human_agreement: Record<string, { agree: number; disagree: number; deferred: number; rate: number | null }>
  }
  time_to_decision: Record<string, { median_s: number; n: number }>
  top_hashtags: { tag: string; count: number }[]
  engagement: {
    views_per_day: DayCount[]
    likes_per_day: DayCount[]
    comments_per_day: DayCount[]
    views: number
    mean_watch_s: number | null
    completion_rate: number | null
  }
}

/** Join several per-day series on their date: [{date, a, b, ...}]. */
export function byDay(series: Record<string, DayCount[]>): Record<string, string | number>[] {
  const rows = new Map<string, Record<string, string | number>>()
  for (const [name, points] of Object.entries(series)) {
    for (const p of points ?? []) {
      const row = rows.get(p.date) ?? { date: p.date }
      row[name] = p.count
      rows.set(p.date, row)
    }
  }
  return [...rows.values()].sort((a, b) => String(a.date).localeCompare(String(b.date)))
}

const label = (cat: string, names: Record<string, string>) => names[cat] ?? (cat === 'none' ? 'no category' : cat)

export function volumeRows(d: Dashboard, names: Record<string, string>) {
  return Object.entries(d.moderation?.volume_by_category ?? {})
    .map(([cat, v]) => ({
      category: label(cat, names),
      approve: v.approve ?? 0,
      review: v.review ?? 0,
      reject: v.reject ?? 0,
      total: v.total,
    }))
    .sort((a, b) => b.total - a.total)
}

export function agreementRows(d: Dashboard, names: Record<string, string>) {
  return Object.entries(d.moderation?.ai_human_agreement ?? {}).map(([cat, a]) => ({
    category: label(cat, names),
    agree: a.agree,
    disagree: a.disagree,
    deferred: a.deferred,
    rate: a.rate === null ? null : Math.round(a.rate * 1000) / 10,
  }))
}

export function decisionTimeRows(d: Dashboard) {
  return Object.entries(d.time_to_decision ?? {}).map(([source, t]) => ({
    source: source === 'ai' ? 'AI' : source,
    median_s: t.median_s,
    n: t.n,
  }))
}

/** Seconds, minutes or hours: whichever keeps the slowest median readable. */
export function pickUnit(maxSeconds: number) {
  if (maxSeconds < 120) return { label: 'seconds', short: 's', seconds: 1 }
  if (maxSeconds < 7200) return { label: 'minutes', short: 'min', seconds: 60 }
  return { label: 'hours', short: 'h', seconds: 3600 }
}
