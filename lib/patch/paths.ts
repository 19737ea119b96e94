import { isInvisibleFormatChar, show, type PatchErrorCode } from './errors'

/** Top-level directories of the CPython 2.x source tree, used to recognise a patch made without a/ b/ prefixes. */
export const CPYTHON_TOP_LEVEL_DIRS = [
  'Demo',
  'Doc',
  'Grammar',
  'Include',
  'Lib',
  'Mac',
  'Misc',
  'Modules',
  'Objects',
  'PC',
  'PCbuild',
  'Parser',
  'Python',
  'RISCOS',
  'Tools',
] as const

/**
 * Characters allowed in a path. Deliberately narrow: every C, header and Python file of CPython 2.7 fits, and so
 * there is never any quoting, Unicode look-alike or shell metacharacter to get wrong further down the line. The few
 * files in the tree with other characters (Mac icons, RISC OS and TextMate support files) are not course material.
 */
const PATH_CHARACTERS = /^[A-Za-z0-9._+~,@=/-]*$/
const MAX_PATH_LENGTH = 1024
const MAX_SEGMENT_LENGTH = 255

export type PathProblem = { code: PatchErrorCode; message: string }

/** Strip exactly one leading directory, as `patch -p1` and `git apply` do. */
export function stripOneComponent(raw: string): { prefix: string; rel: string } | undefined {
  const slash = raw.indexOf('/')
  if (slash <= 0 || slash === raw.length - 1) return undefined
  return { prefix: raw.slice(0, slash), rel: raw.slice(slash + 1) }
}

/** Checks on the path as written in the patch (before the prefix is stripped). */
export function checkRawPath(raw: string): PathProblem | undefined {
  const display = show(stripOneComponent(raw)?.rel ?? raw)
  for (const ch of raw) {
    const cp = ch.codePointAt(0)!
    if (cp < 0x20 || cp === 0x7f || isInvisibleFormatChar(cp)) {
      return {
        code: 'path-control-character',
        message: `path ${show(raw)} contains a control or invisible character (U+${cp.toString(16).toUpperCase().padStart(4, '0')}). File names in a patch must be plain text.`,
      }
    }
  }
  if (raw.includes('\\')) {
    return {
      code: 'path-backslash',
      message: `path ${show(raw)} contains a backslash. Paths in a patch use forward slashes ("Objects/intobject.c"); regenerate the patch with git (Git Bash on Windows) instead of writing the header by hand.`,
    }
  }
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) {
    return {
      code: 'path-absolute',
      message: `path ${show(raw)} is absolute. Paths must be relative to the top of the CPython tree (e.g. "a/Objects/intobject.c"); run "git diff" from inside the tree.`,
    }
  }
  if (raw.split('/').includes('..')) {
    return {
      code: 'path-escapes-tree',
      message: `path ${display} leaves the CPython tree (".." is not allowed in patch paths).`,
    }
  }
  return undefined
}

/** Checks on the path relative to the tree root (after the prefix is stripped). */
export function checkRelativePath(rel: string, asWritten: string = rel): PathProblem | undefined {
  const segments = rel.split('/')
  if (segments.some((s) => s === '' || s === '.')) {
    return {
      code: 'path-not-canonical',
      message: `path ${show(asWritten)} has an empty or "." component; write it the way git does ("a/Objects/intobject.c").`,
    }
  }
  if (!PATH_CHARACTERS.test(rel)) {
    const bad = [...rel].find((ch) => !PATH_CHARACTERS.test(ch))!
    return {
      code: 'path-bad-character',
      message: `path ${show(rel)} contains ${bad === ' ' ? 'a space' : `the character ${show(bad)}`}; file names in a submitted patch may only use letters, digits and . _ - + ~ , @ =.`,
    }
  }
  if (segments.some((s) => s.toLowerCase() === '.git')) {
    return { code: 'path-forbidden', message: `path ${show(rel)} is inside a .git directory, which a patch may never touch.` }
  }
  if (rel.length > MAX_PATH_LENGTH || segments.some((s) => s.length > MAX_SEGMENT_LENGTH)) {
    return { code: 'path-too-long', message: `path ${show(rel, 60)} is too long (at most ${MAX_PATH_LENGTH} characters, ${MAX_SEGMENT_LENGTH} per name).` }
  }
  return undefined
}
