// Who is signed in, and whether they may use the dashboard (moderator or admin).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import { ApiError, SIGNED_OUT, get, loadTokens, login as apiLogin, logout as apiLogout } from './api/client'
import type { Me } from './api/types'

interface AuthState {
  me: Me | null
  loading: boolean
  login: (username: string, password: string) => Promise<void>
  logout: () => Promise<void>
}

const AuthContext = createContext<AuthState>({
  me: null,
  loading: true,
  login: async () => undefined,
  logout: async () => undefined,
})

export const isStaff = (me: Me | null) => me?.role === 'moderator' || me?.role === 'admin'

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null)
  const [loading, setLoading] = useState(true)

  const loadMe = useCallback(async () => {
    if (!loadTokens()) {
      setMe(null)
      return
    }
    try {
      setMe(await get<Me>('/api/auth/me'))
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setMe(null)
      else throw e
    }
  }, [])

  useEffect(() => {
    loadMe().finally(() => setLoading(false))
    const signedOut = () => setMe(null)
    window.addEventListener(SIGNED_OUT, signedOut)
    return () => window.removeEventListener(SIGNED_OUT, signedOut)
  }, [loadMe])

  const login = useCallback(
    async (username: string, password: string) => {
      await apiLogin(username, password)
      await loadMe()
    },
    [loadMe],
  )
  const logout = useCallback(async () => {
    await apiLogout()
    setMe(null)
  }, [])

  return <AuthContext.Provider value={{ me, loading, login, logout }}>{children}</AuthContext.Provider>
}

export const useAuth = () => useContext(AuthContext)
