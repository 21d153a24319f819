// Shapes of the gateway's /api/admin responses (backend/app/schemas/admin.py).

export interface UserBrief {
  id: number
  username: string
  display_name: string
  avatar_url?: string | null
  verified?: boolean
}

export interface Me extends UserBrief {
  role: 'user' | 'moderator' | 'admin'
  status: string
  email: string
}

export interface AiVerdict {
  verdict: string
  scores: Record<string, number>
  categories: string[]
  explanation?: string | null
  provider?: string | null
  model_version?: string | null
  decided_at?: string | null
  details?: Record<string, unknown> | null
}

export interface QueueItem {
  key: string
  subject_type: 'video' | 'comment' | 'report'
  subject_id: number
  status: string
  created_at: string
  author?: UserBrief | null
  text: string
  ai?: AiVerdict | null
  escalated: boolean
  report_count: number
  video?: {
    title: string
    description: string
    duration_s?: number | null
    poster_url?: string | null
    strip_url?: string | null
    hls_url?: string | null
    mp4_url?: string | null
  } | null
  comment?: { video_id: number; video_title: string; cyberbullying_type?: string | null; sentiment?: number | null } | null
  report?: {
    reason: string
    details: string
    reporter?: UserBrief | null
    subject_type: string
    subject_id: number
    subject_text: string
    subject_status?: string | null
  } | null
}

export interface QueueOut {
  items: QueueItem[]
  counts: Record<string, number>
}

export type Action = 'approve' | 'reject' | 'escalate'

export interface DecisionResult {
  subject_type: string
  subject_id: number
  ok: boolean
  status?: string | null
  decision_id?: number | null
  error?: string | null
}

export interface Decision {
  id: number
  subject_type: string
  subject_id: number
  subject_label: string
  source: 'ai' | 'human'
  provider?: string | null
  model_version?: string | null
  scores?: Record<string, number> | null
  categories?: string[] | null
  verdict: string
  reason?: string | null
  details?: Record<string, unknown> | null
  actor?: UserBrief | null
  created_at: string
}

export interface Page<T> {
  items: T[]
  next_cursor?: string | null
}

export interface AgreementRow {
  category: string
  name: string
  total: number
  agree: number
  deferred: number
  rate: number | null
}

export interface AgreementOut {
  overall: AgreementRow
  categories: AgreementRow[]
}

export interface AdminUserRow extends UserBrief {
  email: string
  role: string
  status: string
  status_reason?: string | null
  created_at: string
  last_active_at?: string | null
  trust_score?: number | null
  violations: number
}

export interface AdminUserProfile {
  user: AdminUserRow
  trust?: {
    trust_score?: number | null
    trust_features?: unknown[] | null
    churn_risk?: number | null
    segment?: string | null
    model_version?: string | null
    computed_at?: string | null
  } | null
  videos: { id: number; title: string; status: string; status_reason?: string | null; created_at: string; poster_url?: string | null }[]
  comments: { id: number; video_id: number; text: string; status: string; reason?: string | null; created_at: string }[]
  reports_against: {
    id: number
    subject_type: string
    subject_id: number
    reason: string
    details: string
    status: string
    resolution?: string | null
    created_at: string
  }[]
  reports_filed: number
  violations: Decision[]
  status_history: Decision[]
}

export interface Threshold {
  category: string
  name: string
  review: number
  reject: number
  source: string
  custom: boolean
  updated_at?: string | null
  updated_by_id?: number | null
}

export interface ModelVersion {
  name: string
  version: string
  active: boolean
  metrics: Record<string, unknown>
  params: Record<string, unknown>
  promotion_note?: string | null
  created_at: string
}

export interface ModelsOut {
  versions: ModelVersion[]
  providers: {
    subject_type: string
    provider?: string | null
    model_version?: string | null
    decisions: number
    last_at?: string | null
  }[]
}
