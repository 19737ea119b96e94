/** Parse a video time written as seconds (90), "m:ss" ("1:30") or "h:mm:ss" ("1:02:03"). */
export function parseVideoTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null
  const m = /^(?:(\d+):)?(\d{1,3}):([0-5]\d)(?:\.(\d+))?$/.exec(value.trim())
  if (!m) return /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : null
  const [, h, mm, ss, frac] = m
  if (h !== undefined && Number(mm) > 59) return null
  return Number(h ?? 0) * 3600 + Number(mm) * 60 + Number(ss) + (frac ? Number(`0.${frac}`) : 0)
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function formatVideoTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}
