// A small fetch wrapper: bearer tokens in localStorage, one refresh on 401, and the
// gateway's JSON error shape {"error": {"code", "message", "field"?}} turned into ApiError.

const STORAGE_KEY = 'opentok-admin-auth'
export const SIGNED_OUT = 'opentok-admin-signed-out'

export interface Tokens {
  access_token: string
  refresh_token: string
}

export class ApiError extends Error {
  status: number
  code: string
  field?: string

  constructor(status: number, code: string, message: string, field?: string) {
    super(message)
    this.status = status
    this.code = code
    this.field = field
  }
}

export function loadTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as Tokens) : null
  } catch {
    return null
  }
}

export function saveTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(STORAGE_KEY, JSON.stringify(tokens))
  else localStorage.removeItem(STORAGE_KEY)
}

async function parse(resp: Response): Promise<unknown> {
  const text = await resp.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function toError(status: number, body: unknown): ApiError {
  const err = (body as { error?: { code?: string; message?: string; field?: string } } | null)?.error
  return new ApiError(status, err?.code ?? 'error', err?.message ?? `request failed (${status})`, err?.field)
}

let refreshing: Promise<boolean> | null = null

async function refresh(): Promise<boolean> {
  const tokens = loadTokens()
  if (!tokens) return false
  refreshing ??= (async () => {
    const resp = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: tokens.refresh_token }),
    })
    if (!resp.ok) {
      // The session is over (expired, revoked, or the account was banned): back to sign-in.
      saveTokens(null)
      window.dispatchEvent(new Event(SIGNED_OUT))
      return false
    }
    saveTokens((await resp.json()) as Tokens)
    return true
  })().finally(() => {
    refreshing = null
  })
  return refreshing
}

type Query = Record<string, string | number | undefined | null>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export async function api<T>(method: string, path: string, body?: unknown, retry = true): Promise<T> {
  const tokens = loadTokens()
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (tokens) headers.Authorization = `Bearer ${tokens.access_token}`
  const resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  if (resp.status === 401 && retry && tokens && (await refresh())) return api<T>(method, path, body, false)
  const data = await parse(resp)
  if (!resp.ok) throw toError(resp.status, data)
  return data as T
}

export const get = <T,>(path: string, query?: Query) => api<T>('GET', withQuery(path, query))
export const post = <T,>(path: string, body?: unknown) => api<T>('POST', path, body)
export const put = <T,>(path: string, body?: unknown) => api<T>('PUT', path, body)

export async function login(username: string, password: string): Promise<void> {
  const resp = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  const data = await parse(resp)
  if (!resp.ok) throw toError(resp.status, data)
  saveTokens(data as Tokens)
}

export async function logout(): Promise<void> {
  const tokens = loadTokens()
  saveTokens(null)
  if (tokens) {
    await fetch('/api/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refresh_token: tokens.refresh_token }),
    }).catch(() => undefined)
  }
}
