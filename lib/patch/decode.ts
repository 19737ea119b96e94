import { atLine, type PatchError } from './errors'

export type DecodedPatch = {
  /** The exact bytes that were submitted (what the sha256 is taken over). */
  bytes: Uint8Array
  /** Decoded text with "\n" line endings, ready for the parser; undefined when the bytes cannot be read as text. */
  text?: string
  /** Problems with the bytes themselves. When `text` is set the parser can still run to find further problems. */
  errors: PatchError[]
  /** True when every line ended in CRLF and the CRs were dropped (see normalizeLineEndings). */
  convertedFromCrlf: boolean
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]

export function toBytes(input: string | Uint8Array): { bytes: Uint8Array; error?: PatchError } {
  if (typeof input !== 'string') return { bytes: input }
  const bytes = new TextEncoder().encode(input)
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(input)
  if (lone) {
    const line = lineOfCharOffset(input, lone.index)
    return {
      bytes,
      error: {
        code: 'not-utf8',
        line,
        message: atLine(line, 'the patch contains a broken Unicode character (an unpaired surrogate); it must be valid UTF-8 text.'),
      },
    }
  }
  return { bytes }
}

/**
 * Turn submitted bytes into text the parser can trust. Decisions:
 *
 * - Encoding: the patch must be UTF-8. Every file under Include/, Objects/, Python/ and Parser/ of CPython 2.7.8 is
 *   valid UTF-8 (most are ASCII), so a non-UTF-8 patch almost always means it was re-encoded after `git diff`
 *   (PowerShell `>` writes UTF-16; some Windows editors save Windows-1252). Guessing an encoding could silently change
 *   bytes in the source, so we reject with a message saying how to regenerate. A leading UTF-8 byte-order mark is
 *   dropped: it is outside any diff, and PowerShell's `Out-File -Encoding utf8` adds one.
 * - NUL bytes are rejected: a text diff never contains one, and C tools treat them as end-of-string.
 */
export function decodePatch(input: string | Uint8Array): DecodedPatch {
  const { bytes, error } = toBytes(input)
  if (error) return { bytes, errors: [error], convertedFromCrlf: false }

  if (looksLikeUtf16(bytes)) {
    return {
      bytes,
      convertedFromCrlf: false,
      errors: [
        {
          code: 'not-utf8',
          line: 1,
          message: atLine(
            1,
            'the patch is encoded as UTF-16, not UTF-8 (PowerShell\'s ">" redirection does this). Regenerate it with ' +
              '"git diff --output=hw.diff", or from Git Bash with "git diff > hw.diff".',
          ),
        },
      ],
    }
  }

  const nul = bytes.indexOf(0)
  if (nul >= 0) {
    const line = lineOfByteOffset(bytes, nul)
    return {
      bytes,
      convertedFromCrlf: false,
      errors: [
        {
          code: 'nul-byte',
          line,
          message: atLine(
            line,
            'the patch contains a NUL byte. A patch must be plain text; binary files cannot be submitted ' +
              '(was a compiled file such as a .o or .pyc included?).',
          ),
        },
      ],
    }
  }

  const bad = firstInvalidUtf8Offset(bytes)
  if (bad >= 0) {
    const line = lineOfByteOffset(bytes, bad)
    const hex = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0')
    return {
      bytes,
      convertedFromCrlf: false,
      errors: [
        {
          code: 'not-utf8',
          line,
          message: atLine(
            line,
            `byte 0x${hex} is not valid UTF-8. The patch must be UTF-8 text; it looks like it was saved in another ` +
              'encoding (Latin-1 or Windows-1252). Save the files you edited as UTF-8 and regenerate the patch with ' +
              '"git diff > hw.diff".',
          ),
        },
      ],
    }
  }

  let text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) text = text.slice(1)
  return normalizeLineEndings(bytes, text)
}

/**
 * Line endings. Decision: a patch in which *every* line ends in CRLF is accepted and converted to LF; any other use of
 * CR is rejected.
 *
 * Why accept the all-CRLF case: `git diff` and `diff -u` write LF after every header line even when the files they
 * compare use CRLF, so CRLF on *every* line (headers and `@@` lines included) can only come from converting the whole
 * patch after it was made (Windows editor, `core.autocrlf`, copy and paste). Undoing that conversion restores exactly
 * what git produced, and the C sources a student may edit are all LF.
 *
 * Why reject the mixed case: when only some lines end in CRLF, usually the student's editor converted the edited file
 * to CRLF, so the added lines carry a CR and the context lines do not. Stripping the CRs would hide that, and keeping
 * them would put CRs into the C source; the student should fix the file and regenerate.
 */
function normalizeLineEndings(bytes: Uint8Array, text: string): DecodedPatch {
  let crlf = 0
  let lf = 0
  let firstCrlfLine = 0
  let firstLfLine = 0
  let firstBareCrLine = 0
  let line = 1
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (ch === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        crlf++
        if (!firstCrlfLine) firstCrlfLine = line
        i++
        line++
      } else if (!firstBareCrLine) {
        firstBareCrLine = line
      }
    } else if (ch === 10) {
      lf++
      if (!firstLfLine) firstLfLine = line
      line++
    }
  }

  const errors: PatchError[] = []
  if (firstBareCrLine) {
    errors.push({
      code: 'bare-carriage-return',
      line: firstBareCrLine,
      message: atLine(
        firstBareCrLine,
        'contains a carriage return (\\r) that does not end the line (old Mac line endings, or a stray ^M). ' +
          'Remove it from the file you edited and regenerate the patch.',
      ),
    })
  }
  if (crlf > 0 && lf > 0) {
    errors.push({
      code: 'mixed-line-endings',
      line: firstCrlfLine,
      message: atLine(
        firstCrlfLine,
        `ends with CRLF (Windows line ending) but line ${firstLfLine} ends with LF; the patch mixes the two, ` +
          'which usually means your editor converted a file you edited to CRLF. Run ' +
          '"git config core.autocrlf false", convert the files you edited back to LF (e.g. "dos2unix Objects/intobject.c" ' +
          'or your editor\'s line-ending setting), then regenerate the patch with "git diff > hw.diff".',
      ),
    })
  }

  if (crlf > 0 && lf === 0 && !firstBareCrLine) {
    return { bytes, text: text.replace(/\r\n/g, '\n'), errors, convertedFromCrlf: true }
  }
  // Keep reading with the CRs removed so that the student also learns about any other problem in the same attempt.
  return { bytes, text: errors.length ? text.replace(/\r\n?/g, (m) => (m.length === 2 ? '\n' : '')) : text, errors, convertedFromCrlf: false }
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true
  // Without a BOM: ASCII text in UTF-16 has a zero in every other byte.
  if (bytes.length >= 8) {
    const le = bytes[1] === 0 && bytes[3] === 0 && bytes[5] === 0 && bytes[7] === 0 && bytes[0] !== 0 && bytes[2] !== 0
    const be = bytes[0] === 0 && bytes[2] === 0 && bytes[4] === 0 && bytes[6] === 0 && bytes[1] !== 0 && bytes[3] !== 0
    return le || be
  }
  return false
}

export function lineOfByteOffset(bytes: Uint8Array, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++
  return line
}

function lineOfCharOffset(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++
  return line
}

/** Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and values above U+10FFFF included), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let cp: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
      cp = b & 0x1f
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
      cp = b & 0x0f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
      cp = b & 0x07
    } else {
      return i
    }
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]
      if (c === undefined || (c & 0xc0) !== 0x80) return i
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i
    i += need + 1
  }
  return -1
}
