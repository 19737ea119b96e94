// Which attempt of a question counts toward the grade. Pure; safe in client components.

export const SCORING_RULES = ['best', 'latest', 'first'] as const
export type ScoringRule = (typeof SCORING_RULES)[number]

export function scoringRule(stored: string | null | undefined): ScoringRule {
  return (SCORING_RULES as readonly string[]).includes(stored ?? '') ? (stored as ScoringRule) : 'best'
}

/** When a student sees a question's key and explanation: once it is finished (correct or out of attempts), or never. */
export const REVEAL_RULES = ['finished', 'never'] as const
export type RevealRule = (typeof REVEAL_RULES)[number]

export function revealRule(stored: string | null | undefined): RevealRule {
  return stored === 'never' ? 'never' : 'finished'
}

/** The points that count from a student's attempts (in any order): the best, the latest or the first. */
export function countedPoints(rule: ScoringRule, responses: readonly { attempt: number; pointsAwarded: number }[]): number {
  if (responses.length === 0) return 0
  if (rule === 'best') return responses.reduce((best, r) => Math.max(best, r.pointsAwarded), 0)
  const sorted = [...responses].sort((a, b) => a.attempt - b.attempt)
  return (rule === 'first' ? sorted[0] : sorted[sorted.length - 1]).pointsAwarded
}
