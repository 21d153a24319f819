// Load now, then again every `ms` while the tab is visible: the queue refreshes itself.
import { useCallback, useEffect, useRef, useState } from 'react'

export function usePoll<T>(load: () => Promise<T>, ms: number, enabled = true) {
  const [data, setData] = useState<T | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null)
  const loadRef = useRef(load)
  loadRef.current = load

  const refresh = useCallback(async () => {
    try {
      setData(await loadRef.current())
      setError(null)
      setUpdatedAt(new Date())
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }, [])

  useEffect(() => {
    refresh()
    if (!enabled) return
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') refresh()
    }, ms)
    return () => clearInterval(timer)
  }, [refresh, ms, enabled])

  return { data, error, updatedAt, refresh, setData }
}
