import { CANONICAL_CPYTHON } from '@/lib/cpython/baseline'
import { pristineTree } from '@/lib/cpython/tree'

/**
 * The set of files in the pristine tree, for patch validation (which needs a synchronous lookup). The tree (one per
 * process, see lib/cpython/tree.ts) is unpacked from the same tarball the grader image uses.
 */
export async function pristineFileSet(): Promise<ReadonlySet<string>> {
  return (await pristineTree({ warn: (m) => console.warn(m) })).files
}

/** The version the course's homework and students' patches are written against, whatever CPYTHON_VERSION says. */
export const AUTHORED_CPYTHON_VERSION = CANONICAL_CPYTHON

/** The pristine tree patches are checked against: its version, and whether it is the one patches are written for. */
export async function pristineBaseline(): Promise<{ version: string; authored: boolean }> {
  const tree = await pristineTree({ warn: (m) => console.warn(m) })
  return { version: tree.version, authored: tree.version === AUTHORED_CPYTHON_VERSION }
}

/**
 * A pristine file as text to match a patch against, byte for byte: UTF-8 when the file is valid UTF-8 (a byte-order
 * mark is kept), otherwise Latin-1, one character per byte (`latin1: true`; the patch's lines must then be
 * compared as Latin-1 too). Throws for a path not in the tree.
 */
export async function pristineFileForPatching(path: string): Promise<{ text: string; latin1: boolean }> {
  const tree = await pristineTree({ warn: (m) => console.warn(m) })
  const bytes = await tree.readFileBytes(path)
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), latin1: false }
  } catch {
    return { text: bytes.toString('latin1'), latin1: true }
  }
}
