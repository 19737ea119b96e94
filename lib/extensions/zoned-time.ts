// Deadlines are typed by instructors as wall-clock times in the course's time zone (an <input type="datetime-local">
// has no zone). These convert between that wall time and an instant, correctly across daylight-saving changes.

const WALL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

const formatters = new Map<string, Intl.DateTimeFormat>()
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** The wall-clock fields of an instant in a time zone, as if they were UTC (milliseconds). */
function wallAsUtc(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  )
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
}

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: −5 h). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000
  return wallAsUtc(whole, timeZone) - whole
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/**
 * The instant a wall-clock time (`2026-11-01T01:30`) names in a zone. When clocks go back the hour repeats; the
 * first (daylight) occurrence is taken, so a deadline is never silently an hour later. When clocks go forward the
 * hour does not exist; the time is moved forward by the gap (02:30 becomes 03:30), as a wall clock would read.
 * Returns null for text that is not a wall time.
 */
export function zonedWallTimeToInstant(wall: string, timeZone: string): Date | null {
  const m = WALL.exec(wall.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  if (h > 23 || mi > 59 || s > 59) return null
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s)
  const check = new Date(asUtc)
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null
  const before = zoneOffsetMs(asUtc - 86400_000, timeZone)
  const after = zoneOffsetMs(asUtc + 86400_000, timeZone)
  const candidates = [...new Set([asUtc - before, asUtc - after])].sort((a, b) => a - b)
  const exact = candidates.filter((c) => wallAsUtc(c, timeZone) === asUtc)
  return new Date(exact.length > 0 ? exact[0]! : asUtc - before)
}

/** An instant as a wall-clock time in a zone, in the `YYYY-MM-DDTHH:mm` form a datetime-local input takes. */
export function instantToZonedWallTime(instant: Date, timeZone: string): string {
  return new Date(wallAsUtc(instant.getTime(), timeZone)).toISOString().slice(0, 16)
}
