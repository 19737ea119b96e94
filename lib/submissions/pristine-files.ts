import { pristineTree } from '@/lib/cpython/source'

let fileSet: Promise<Set<string>> | undefined

/**
 * The set of files in the pristine tree, for patch validation (which needs a synchronous lookup). Loaded once per
 * process; the tree is unpacked from the same tarball the grader image uses.
 */
export function pristineFileSet(): Promise<Set<string>> {
  fileSet ??= pristineTree({ warn: (m) => console.warn(m) })
    .then((tree) => tree.listFiles())
    .then((files) => new Set(files))
  fileSet.catch(() => (fileSet = undefined))
  return fileSet
}
