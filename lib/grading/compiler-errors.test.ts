import { describe, expect, it } from 'vitest'

import { parseCompilerErrors } from './compiler-errors'

const gccLog = `gcc -pthread -c -fno-strict-aliasing -DNDEBUG -fwrapv -O2 -Wall -Wstrict-prototypes  -I. -IInclude -I./Include   -DPy_BUILD_CORE -o Python/bltinmodule.o Python/bltinmodule.c
Python/bltinmodule.c: In function 'builtin_answer':
Python/bltinmodule.c:2645:12: error: 'fourty_two' undeclared (first use in this function)
 2645 |     return fourty_two;
      |            ^~~~~~~~~~
Python/bltinmodule.c:2645:12: note: each undeclared identifier is reported only once for each function it appears in
Python/bltinmodule.c:2646:1: warning: control reaches end of non-void function [-Wreturn-type]
Python/bltinmodule.c:2650:5: error: expected ';' before '}' token
make: *** [Makefile:1431: Python/bltinmodule.o] Error 1`

describe('parseCompilerErrors', () => {
  it('parses GCC errors with line and column, skipping notes, warnings and make lines', () => {
    expect(parseCompilerErrors(gccLog)).toEqual([
      { file: 'Python/bltinmodule.c', line: 2645, column: 12, message: "'fourty_two' undeclared (first use in this function)" },
      { file: 'Python/bltinmodule.c', line: 2650, column: 5, message: "expected ';' before '}' token" },
    ])
  })

  it('reports errors inside included headers at the header, and fatal errors', () => {
    const log = `In file included from Include/Python.h:80,
                 from Python/ceval.c:12:
Include/object.h:110:5: error: unknown type name 'Py_ssize_tt'
Python/ceval.c:20:10: fatal error: missing.h: No such file or directory
compilation terminated.`
    expect(parseCompilerErrors(log)).toEqual([
      { file: 'Include/object.h', line: 110, column: 5, message: "unknown type name 'Py_ssize_tt'" },
      { file: 'Python/ceval.c', line: 20, column: 10, message: 'missing.h: No such file or directory' },
    ])
  })

  it('accepts errors without a column and strips the tree root and ./', () => {
    const log = `/sandbox/cpython/Objects/intobject.c:33: error: old-style message
./Objects/listobject.c:7:2: error: #error "nope"`
    expect(parseCompilerErrors(log, { treeRoot: '/sandbox/cpython' })).toEqual([
      { file: 'Objects/intobject.c', line: 33, message: 'old-style message' },
      { file: 'Objects/listobject.c', line: 7, column: 2, message: '#error "nope"' },
    ])
  })

  it('parses linker errors with and without line numbers, naming the function', () => {
    const log = `/usr/bin/ld: libpython2.7.a(bltinmodule.o): in function \`builtin_answer':
bltinmodule.c:(.text+0x5d): undefined reference to \`compute_answer'
/usr/bin/ld: Python/ceval.c:812: undefined reference to \`opcode_counter'
collect2: error: ld returned 1 exit status`
    expect(parseCompilerErrors(log)).toEqual([
      { file: 'bltinmodule.c', line: 0, message: "undefined reference to `compute_answer' (in function builtin_answer)" },
      { file: 'Python/ceval.c', line: 812, message: "undefined reference to `opcode_counter' (in function builtin_answer)" },
    ])
  })

  it('removes colour escapes, de-duplicates and caps the count', () => {
    const coloured = '\u001b[01m\u001b[KPython/ceval.c:5:1:\u001b[m\u001b[K \u001b[01;31m\u001b[Kerror: \u001b[m\u001b[Kboom'
    expect(parseCompilerErrors(`${coloured}\n${coloured}`)).toEqual([{ file: 'Python/ceval.c', line: 5, column: 1, message: 'boom' }])
    const many = Array.from({ length: 80 }, (_, i) => `Python/ceval.c:${i + 1}:1: error: e${i}`).join('\n')
    expect(parseCompilerErrors(many, { limit: 10 })).toHaveLength(10)
  })

  it('finds nothing in a clean build log', () => {
    expect(parseCompilerErrors('gcc -c -o Python/ceval.o Python/ceval.c\nar rc libpython2.7.a Python/ceval.o\n')).toEqual([])
  })
})
