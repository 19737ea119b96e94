import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { loadShortcuts } from './check'

const PATCH = ['--- a/Python/bltinmodule.c', '+++ b/Python/bltinmodule.c', '@@ -1 +1,2 @@', '+/* x */', ' first', ''].join('\n')

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'shortcuts-'))
  mkdirSync(path.join(dir, 'shortcuts'))
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'shortcuts', name), text)
  return dir
}

describe('loadShortcuts', () => {
  it('reads the cheats and stopped-by lines and strips them from the patch', async () => {
    const dir = folder({ 'b.diff': `# cheats: ignores its argument\n# stopped-by: args, details\n${PATCH}`, 'a.diff': `# cheats: no docstring\n${PATCH}` })
    const { shortcuts, problems } = await loadShortcuts(dir)
    expect(problems).toEqual([])
    expect(shortcuts.map((s) => s.name)).toEqual(['a', 'b'])
    expect(shortcuts[1]).toMatchObject({ file: 'shortcuts/b.diff', cheats: 'ignores its argument', stoppedBy: ['args', 'details'], patchText: PATCH })
    expect(shortcuts[0].stoppedBy).toEqual([])
  })

  it('asks for a cheats line and only .diff files', async () => {
    const dir = folder({ 'x.diff': PATCH, 'notes.txt': 'hello' })
    const { shortcuts, problems } = await loadShortcuts(dir)
    expect(shortcuts.map((s) => s.name)).toEqual(['x'])
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).toMatch(/notes\.txt/)
    expect(problems.join('\n')).toMatch(/x\.diff.*# cheats:/)
  })

  it('an assignment without shortcuts/ has none', async () => {
    expect(await loadShortcuts(mkdtempSync(path.join(tmpdir(), 'none-')))).toEqual({ shortcuts: [], problems: [] })
  })

  it("every shortcut kept in the repository's homework/ has a cheats line", async () => {
    const homework = path.resolve('homework')
    for (const slug of await readdir(homework)) {
      const { problems } = await loadShortcuts(path.join(homework, slug))
      expect(problems, slug).toEqual([])
    }
  })
})
