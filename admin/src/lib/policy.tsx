// The moderation policy (category names and thresholds), loaded once from the API so the
// dashboard never keeps its own copy of the category list.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { get } from '../api/client'
import type { Threshold } from '../api/types'

interface PolicyState {
  thresholds: Threshold[]
  names: Record<string, string>
  reload: () => Promise<void>
}

const PolicyContext = createContext<PolicyState>({ thresholds: [], names: {}, reload: async () => undefined })

export function PolicyProvider({ children }: { children: ReactNode }) {
  const [thresholds, setThresholds] = useState<Threshold[]>([])
  const reload = useCallback(async () => {
    const out = await get<{ thresholds: Threshold[] }>('/api/admin/policy')
    setThresholds(out.thresholds)
  }, [])
  useEffect(() => {
    reload().catch(() => undefined)
  }, [reload])
  const names: Record<string, string> = { OK: 'safe' }
  for (const t of thresholds) names[t.category] = t.name
  return <PolicyContext.Provider value={{ thresholds, names, reload }}>{children}</PolicyContext.Provider>
}

export const usePolicy = () => useContext(PolicyContext)

/** Client-side mirror of opentok.moderation.policy.validate, for instant feedback; the API decides. */
export function thresholdError(review: number, reject: number): string | null {
  if (Number.isNaN(review) || Number.isNaN(reject)) return 'enter numbers'
  if (!(review >= 0 && review < reject && reject <= 1)) return 'need 0 ≤ review < reject ≤ 1'
  return null
}
