// The one sentence a student reads when a patch is refused: where (the file they sent and the line of it), then
// what is wrong, without repeating "line 1:" or "the patch" the validator may already have said.

export type PatchProblem = { code?: string; file?: string; line?: number; message: string }

export function patchRejectionSentence(errors: readonly PatchProblem[], fileName?: string): string {
  const first = errors[0]
  const name = fileName || 'Your patch'
  let message = (first?.message ?? 'it could not be read as a unified diff.').trim()
  // the validator sometimes starts with the line already: keep one
  const lineInMessage = /^line (\d+):\s*/i.exec(message)
  const line = first?.line ?? (lineInMessage ? Number(lineInMessage[1]) : undefined)
  if (lineInMessage) message = message.slice(lineInMessage[0].length)
  // "the patch: the patch contains no file changes" → "Your patch contains no file changes"
  const aboutThePatch = /^the patch\s+/i.exec(message)
  let sentence: string
  if (aboutThePatch && !line) sentence = `${name} ${message.slice(aboutThePatch[0].length)}`
  else sentence = `${name}${line ? ` line ${line}` : ''}: ${message}`
  // a sentence starts with a capital, but a file name is written as it is
  if (!fileName) sentence = sentence[0].toUpperCase() + sentence.slice(1)
  if (!/[.!?]$/.test(sentence)) sentence += '.'
  const more = errors.length > 1 ? ` ${errors.length - 1} more ${errors.length > 2 ? 'problems are' : 'problem is'} listed below.` : ''
  return sentence + more
}
