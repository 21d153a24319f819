import { describe, expect, it } from 'vitest'
import { agreementRows, byDay, pickUnit, volumeRows, type Dashboard } from './analytics'
import { thresholdError } from './policy'

describe('analytics reshaping', () => {
  it('joins per-day series on their date', () => {
    const rows = byDay({
      uploads: [
        { date: '2026-11-02', count: 1 },
        { date: '2026-11-01', count: 3 },
      ],
      'active users': [{ date: '2026-11-01', count: 5 }],
    })
    expect(rows).toEqual([
      { date: '2026-11-01', uploads: 3, 'active users': 5 },
      { date: '2026-11-02', uploads: 1 },
    ])
  })

  it('names categories and orders moderation volume by total', () => {
    const d = {
      moderation: {
        volume_by_category: { H: { total: 2, reject: 2 }, none: { total: 5, approve: 5 } },
        ai_human_agreement: { H: { agree: 1, disagree: 1, deferred: 0, rate: 0.5 } },
      },
    } as unknown as Dashboard
    expect(volumeRows(d, { H: 'hate' }).map((r) => [r.category, r.total, r.reject])).toEqual([
      ['no category', 5, 0],
      ['hate', 2, 2],
    ])
    expect(agreementRows(d, { H: 'hate' })[0]).toMatchObject({ category: 'hate', rate: 50 })
  })

  it('picks a readable unit for decision times', () => {
    expect(pickUnit(30).short).toBe('s')
    expect(pickUnit(600).short).toBe('min')
    expect(pickUnit(86400).short).toBe('h')
  })

  it('validates thresholds like the API', () => {
    expect(thresholdError(0.3, 0.8)).toBeNull()
    expect(thresholdError(0.8, 0.8)).not.toBeNull()
    expect(thresholdError(-0.1, 0.5)).not.toBeNull()
    expect(thresholdError(0.1, 1.2)).not.toBeNull()
    expect(thresholdError(NaN, 0.5)).toBe('enter numbers')
  })
})
