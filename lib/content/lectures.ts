import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { parseWebVtt } from '@/lib/lectures/webvtt'
import { lectureFileSchema, type LectureFile } from '@/lib/quiz/schema'

import type { ContentProblem } from './errors'
import { formatSourceRef, type SourceRef } from './source-ref'
import { parseYamlText } from './yaml-file'

/** `transcript`: the text of quizzes/<same name>.vtt when there is one (validated), else null */
export type LoadedLecture = { file: string; hash: string; spec: LectureFile; transcript?: string | null }

/** Read and validate every quizzes/*.yaml file. Problems are collected, not thrown. */
export function loadLectures(courseDir: string, problems: ContentProblem[]): LoadedLecture[] {
  const dir = path.join(courseDir, 'quizzes')
  let names: string[]
  try {
    names = readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
  } catch {
    problems.push({ file: 'quizzes/', path: '', message: 'the quizzes directory is missing' })
    return []
  }
  const lectures: LoadedLecture[] = []
  for (const name of names) {
    const file = `quizzes/${name}`
    const text = readFileSync(path.join(dir, name), 'utf8')
    const parsed = parseYamlText(text, lectureFileSchema, file)
    if (!parsed.ok) {
      problems.push(...parsed.problems)
      continue
    }
    // the transcript sits next to the quiz file with the same name: quizzes/03-frames.yaml → quizzes/03-frames.vtt
    const vttName = name.replace(/\.ya?ml$/, '.vtt')
    let transcript: string | null = null
    if (existsSync(path.join(dir, vttName))) {
      transcript = readFileSync(path.join(dir, vttName), 'utf8')
      const duration = parsed.value.video.durationHint ?? null
      for (const p of parseWebVtt(transcript, { durationSeconds: duration }).problems)
        problems.push({ file: `quizzes/${vttName}`, path: `line ${p.line}`, message: p.message })
    }
    const hash = createHash('sha256').update(text)
    if (transcript !== null) hash.update('\0transcript\0').update(transcript)
    lectures.push({ file, hash: hash.digest('hex'), spec: parsed.value, transcript })
  }

  // rules that span files
  const byNumber = new Map<number, string>()
  const bySlug = new Map<string, string>()
  const questionIds = new Map<string, string>()
  for (const l of lectures) {
    const other = byNumber.get(l.spec.number)
    if (other) problems.push({ file: l.file, path: 'number', message: `lecture number ${l.spec.number} is also used by ${other}` })
    byNumber.set(l.spec.number, l.file)
    const sameSlug = bySlug.get(l.spec.slug)
    if (sameSlug) problems.push({ file: l.file, path: 'slug', message: `slug "${l.spec.slug}" is also used by ${sameSlug}` })
    bySlug.set(l.spec.slug, l.file)
    l.spec.questions.forEach((q, i) => {
      const where = questionIds.get(q.id)
      if (where && where !== l.file) problems.push({ file: l.file, path: `questions[${i}].id`, message: `question id "${q.id}" is also used in ${where}` })
      questionIds.set(q.id, l.file)
    })
  }
  return lectures
}

/** Every source reference in the lecture files must name a file of the pristine tree (and lines inside it). */
export function checkLectureSources(
  lectures: LoadedLecture[],
  tree: { hasFile(p: string): boolean; lineCount?(p: string): number | undefined },
  problems: ContentProblem[],
): void {
  const check = (file: string, where: string, ref: SourceRef) => {
    if (!tree.hasFile(ref.path)) {
      problems.push({ file, path: where, message: `${ref.path} is not a file of the CPython tree` })
      return
    }
    const lines = tree.lineCount?.(ref.path)
    const last = ref.endLine ?? ref.startLine
    if (lines !== undefined && last !== undefined && last > lines) {
      problems.push({ file, path: where, message: `${formatSourceRef(ref)} goes past the end of ${ref.path} (${lines} lines)` })
    }
  }
  for (const l of lectures) {
    l.spec.chapters.forEach((c, i) => c.sources.forEach((s, j) => check(l.file, `chapters[${i}].sources[${j}]`, s)))
    l.spec.questions.forEach((q, i) => q.sources.forEach((s, j) => check(l.file, `questions[${i}].sources[${j}]`, s)))
  }
}
