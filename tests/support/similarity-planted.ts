// Planted cases for the similarity check (tests and `npm run bench:similarity`): patches to the real pristine tree,
// written as insertions so that every hunk has exact counts and real context, the way `git diff` writes them.
import { readFileSync } from 'node:fs'
import path from 'node:path'

import { pristineTree } from '@/lib/cpython/tree'

export type Insertion = { after: number; lines: string[] }
export type FileEdit = { path: string; insertions: Insertion[] }

/** A unified diff inserting lines into pristine files (three context lines, one hunk per insertion). */
export function insertionPatch(pristine: ReadonlyMap<string, string>, edits: FileEdit[]): string {
  const out: string[] = []
  for (const edit of edits) {
    const text = pristine.get(edit.path)
    if (text === undefined) throw new Error(`planted patch: ${edit.path} was not loaded from the pristine tree`)
    const lines = text.split('\n')
    out.push(`--- a/${edit.path}`, `+++ b/${edit.path}`)
    let shift = 0
    for (const ins of [...edit.insertions].sort((a, b) => a.after - b.after)) {
      const before = lines.slice(Math.max(0, ins.after - 3), ins.after)
      const after = lines.slice(ins.after, ins.after + 3)
      const oldStart = ins.after - before.length + 1
      out.push(`@@ -${oldStart},${before.length + after.length} +${oldStart + shift},${before.length + after.length + ins.lines.length} @@`)
      for (const l of before) out.push(` ${l}`)
      for (const l of ins.lines) out.push(`+${l}`)
      for (const l of after) out.push(` ${l}`)
      shift += ins.lines.length
    }
  }
  return `${out.join('\n')}\n`
}

export async function loadPristine(paths: string[]): Promise<Map<string, string>> {
  const tree = await pristineTree({ warn: () => {} })
  return new Map(await Promise.all(paths.map(async (p) => [p, await tree.readFile(p)] as const)))
}

export function referenceSolution(slug: string): string {
  return readFileSync(path.resolve('homework', slug, 'solution.diff'), 'utf8')
}

/** Replace whole identifiers (`\b`-delimited) in a list of lines. */
export function renamed(lines: string[], names: Record<string, string>): string[] {
  const pattern = new RegExp(`\\b(${Object.keys(names).join('|')})\\b`, 'g')
  return lines.map((l) => l.replace(pattern, (m) => names[m]!))
}

// ---------- opcode-counter: four students' own solutions ----------
// Line numbers are CPython 2.7.8's: ceval.c 21 is the blank line after <ctype.h>, 1085 is "dispatch_opcode:";
// sysmodule.c 555 is the blank line after getrecursionlimit's doc string, 954 ends the mdebug method entry.
export const OPCODE_FILES = ['Python/ceval.c', 'Python/sysmodule.c']

const aliceTally = [
  '/* per-opcode execution counts for sys.opcodecount() */',
  'static unsigned long op_tally[256];',
  '',
  'unsigned long',
  '_PyEval_OpcodeTally(int which)',
  '{',
  '    if (which < 0) {',
  '        unsigned long sum = 0;',
  '        int k;',
  '        for (k = 0; k < 256; k++)',
  '            sum += op_tally[k];',
  '        return sum;',
  '    }',
  '    return op_tally[which & 0xff];',
  '}',
  '',
]
const aliceClear = ['void', '_PyEval_ClearTally(void)', '{', '    int k;', '    for (k = 0; k < 256; k++)', '        op_tally[k] = 0;', '}', '']
const aliceCount = [
  'static PyObject *',
  'sys_opcodecount(PyObject *self, PyObject *args)',
  '{',
  '    int which = -1;',
  '    if (!PyArg_ParseTuple(args, "|i:opcodecount", &which))',
  '        return NULL;',
  '    if (which < -1 || which > 255) {',
  '        PyErr_SetString(PyExc_ValueError, "opcode must be in range(256)");',
  '        return NULL;',
  '    }',
  '    return PyLong_FromUnsignedLong(_PyEval_OpcodeTally(which));',
  '}',
  '',
]
const aliceReset = [
  'static PyObject *',
  'sys_resetopcodecounts(PyObject *self, PyObject *noargs)',
  '{',
  '    _PyEval_ClearTally();',
  '    Py_INCREF(Py_None);',
  '    return Py_None;',
  '}',
  '',
]
const aliceDecls = ['extern unsigned long _PyEval_OpcodeTally(int);', 'extern void _PyEval_ClearTally(void);', '']
const aliceTable = ['    {"opcodecount", sys_opcodecount, METH_VARARGS, NULL},', '    {"resetopcodecounts", sys_resetopcodecounts, METH_NOARGS, NULL},']

/** Alice's own solution of opcode-counter. */
export function alicePatch(pristine: ReadonlyMap<string, string>): string {
  return insertionPatch(pristine, [
    {
      path: 'Python/ceval.c',
      insertions: [
        { after: 21, lines: [...aliceTally, ...aliceClear] },
        { after: 1085, lines: ['        op_tally[opcode]++;'] },
      ],
    },
    {
      path: 'Python/sysmodule.c',
      insertions: [
        { after: 555, lines: [...aliceDecls, ...aliceCount, ...aliceReset] },
        { after: 954, lines: aliceTable },
      ],
    },
  ])
}

const BOB_NAMES = {
  op_tally: 'counts_by_op',
  which: 'code',
  sum: 'total',
  k: 'i',
  _PyEval_OpcodeTally: '_Py_GetOpCount',
  _PyEval_ClearTally: '_Py_ZeroOpCounts',
  noargs: 'unused',
}

/** Bob copied Alice: every name changed, and the functions of both files in the other order. */
export function bobPatch(pristine: ReadonlyMap<string, string>): string {
  const r = (lines: string[]) => renamed(lines, BOB_NAMES)
  return insertionPatch(pristine, [
    {
      path: 'Python/ceval.c',
      insertions: [
        { after: 21, lines: r([...aliceClear.slice(0, -1), '', ...aliceTally]) },
        { after: 1085, lines: r(['        op_tally[opcode]++;']) },
      ],
    },
    {
      path: 'Python/sysmodule.c',
      insertions: [
        { after: 555, lines: r([...aliceDecls, ...aliceReset, ...aliceCount]) },
        { after: 954, lines: r([...aliceTable].reverse()) },
      ],
    },
  ])
}

/** Carol's own solution: a public Py_ssize_t table, argument unpacked by hand, a while loop. */
export function carolPatch(pristine: ReadonlyMap<string, string>): string {
  return insertionPatch(pristine, [
    {
      path: 'Python/ceval.c',
      insertions: [
        { after: 21, lines: ['/* sys.opcodecount() reads this */', 'Py_ssize_t _Py_ExecCount[256];', ''] },
        { after: 1085, lines: ['        if (opcode >= 0 && opcode < 256)', '            _Py_ExecCount[opcode] += 1;'] },
      ],
    },
    {
      path: 'Python/sysmodule.c',
      insertions: [
        {
          after: 555,
          lines: [
            'extern Py_ssize_t _Py_ExecCount[256];',
            '',
            'static PyObject *',
            'sys_opcodecount(PyObject *self, PyObject *args)',
            '{',
            '    PyObject *arg = NULL;',
            '    Py_ssize_t result = 0;',
            '    long op;',
            '    int j;',
            '',
            '    if (!PyArg_UnpackTuple(args, "opcodecount", 0, 1, &arg))',
            '        return NULL;',
            '    if (arg == NULL) {',
            '        j = 0;',
            '        while (j < 256) {',
            '            result += _Py_ExecCount[j];',
            '            j++;',
            '        }',
            '        return PyInt_FromSsize_t(result);',
            '    }',
            '    op = PyInt_AsLong(arg);',
            '    if (op == -1 && PyErr_Occurred())',
            '        return NULL;',
            '    if (op < 0 || op >= 256) {',
            '        PyErr_Format(PyExc_ValueError, "no opcode %ld", op);',
            '        return NULL;',
            '    }',
            '    return PyInt_FromSsize_t(_Py_ExecCount[op]);',
            '}',
            '',
            'static PyObject *',
            'sys_resetopcodecounts(PyObject *self)',
            '{',
            '    memset(_Py_ExecCount, 0, sizeof _Py_ExecCount);',
            '    Py_RETURN_NONE;',
            '}',
            '',
          ],
        },
        {
          after: 954,
          lines: [
            '    {"opcodecount", sys_opcodecount, METH_VARARGS, "count executed opcodes"},',
            '    {"resetopcodecounts", (PyCFunction)sys_resetopcodecounts, METH_NOARGS, "zero the counts"},',
          ],
        },
      ],
    },
  ])
}

/** Dave's own solution: the counts live in a Python list built lazily, updated through a helper. */
export function davePatch(pristine: ReadonlyMap<string, string>): string {
  return insertionPatch(pristine, [
    {
      path: 'Python/ceval.c',
      insertions: [
        {
          after: 21,
          lines: [
            'static long long dave_counts[256];',
            'static int dave_enabled = 1;',
            '',
            'static void',
            'note_opcode(int opc)',
            '{',
            '    if (dave_enabled)',
            '        dave_counts[opc]++;',
            '}',
            '',
            'PyObject *',
            '_PyEval_CountsAsList(void)',
            '{',
            '    PyObject *list = PyList_New(256);',
            '    int n;',
            '    if (!list)',
            '        return NULL;',
            '    for (n = 0; n < 256; ++n) {',
            '        PyObject *v = PyLong_FromLongLong(dave_counts[n]);',
            '        if (!v) {',
            '            Py_DECREF(list);',
            '            return NULL;',
            '        }',
            '        PyList_SET_ITEM(list, n, v);',
            '    }',
            '    return list;',
            '}',
            '',
            'void',
            '_PyEval_ResetCounts(void)',
            '{',
            '    memset(dave_counts, 0, sizeof(dave_counts));',
            '}',
            '',
          ],
        },
        { after: 1085, lines: ['        note_opcode(opcode);'] },
      ],
    },
    {
      path: 'Python/sysmodule.c',
      insertions: [
        {
          after: 555,
          lines: [
            'PyObject *_PyEval_CountsAsList(void);',
            'void _PyEval_ResetCounts(void);',
            '',
            'static PyObject *',
            'sys_opcodecount(PyObject *self, PyObject *args)',
            '{',
            '    PyObject *all, *item, *total;',
            '    Py_ssize_t idx = -1;',
            '    if (!PyArg_ParseTuple(args, "|n", &idx))',
            '        return NULL;',
            '    all = _PyEval_CountsAsList();',
            '    if (all == NULL)',
            '        return NULL;',
            '    if (idx >= 0 && idx < 256) {',
            '        item = PyList_GET_ITEM(all, idx);',
            '        Py_INCREF(item);',
            '        Py_DECREF(all);',
            '        return item;',
            '    }',
            '    if (idx != -1) {',
            '        Py_DECREF(all);',
            '        PyErr_SetString(PyExc_ValueError, "bad opcode");',
            '        return NULL;',
            '    }',
            '    total = PyObject_CallFunctionObjArgs(PyDict_GetItemString(PyEval_GetBuiltins(), "sum"), all, NULL);',
            '    Py_DECREF(all);',
            '    return total;',
            '}',
            '',
            'static PyObject *',
            'sys_resetopcodecounts(PyObject *self, PyObject *unused)',
            '{',
            '    _PyEval_ResetCounts();',
            '    Py_RETURN_NONE;',
            '}',
            '',
          ],
        },
        {
          after: 954,
          lines: [
            '    {"opcodecount", (PyCFunction)sys_opcodecount, METH_VARARGS, 0},',
            '    {"resetopcodecounts", (PyCFunction)sys_resetopcodecounts, METH_NOARGS, 0},',
          ],
        },
      ],
    },
  ])
}

/**
 * Base code only: a pristine function (sys_getrecursionlimit, with its doc string) pasted again lower down, and
 * nothing of the student's own. Two students doing the same must not match.
 */
export function baseOnlyPatch(pristine: ReadonlyMap<string, string>): string {
  const sys = pristine.get('Python/sysmodule.c')!.split('\n')
  const start = sys.findIndex((l) => l.startsWith('sys_getrecursionlimit('))
  // from "static PyObject *" above the name to the doc string's closing ");"
  const end = sys.findIndex((l, i) => i > start && l === ');')
  return insertionPatch(pristine, [{ path: 'Python/sysmodule.c', insertions: [{ after: 555, lines: sys.slice(start - 1, end + 1) }] }])
}

// ---------- annotate-int-add: comments only ----------
export const ANNOTATION_FILES = ['Python/ceval.c', 'Objects/abstract.c', 'Objects/intobject.c']

const gretaNotes = [
  '// CSC253: BINARY_ADD pops the right operand into w and peeks at the left one, v, which stays on the stack.',
  '// CSC253: when both operands are exact ints the loop adds the two C longs inline and never calls int_add.',
  '// CSC253: the xor test catches signed overflow; an overflowing sum falls back to the slow path below.',
  '// CSC253: PyNumber_Add asks the left operand type first through nb_add, then tries the reflected slot.',
  '// CSC253: binary_op1 looks up the slot on both types and calls the subclass version first if there is one.',
  '// CSC253: int_add converts both objects with CONVERT_TO_LONG and returns a fresh int or a long on overflow.',
]

/** Greta's own comments, spread over the three files. */
export function gretaPatch(pristine: ReadonlyMap<string, string>): string {
  return insertionPatch(pristine, [
    { path: 'Python/ceval.c', insertions: [{ after: 1300, lines: gretaNotes.slice(0, 3) }] },
    { path: 'Objects/abstract.c', insertions: [{ after: 900, lines: gretaNotes.slice(3, 5) }] },
    { path: 'Objects/intobject.c', insertions: [{ after: 470, lines: gretaNotes.slice(5) }] },
  ])
}

/** Hugo copied Greta's comments as block comments, in other places and in capitals here and there. */
export function hugoPatch(pristine: ReadonlyMap<string, string>): string {
  const block = (lines: string[]) => ['/** CSC253', ...lines.map((l) => ` * ${l.replace('// CSC253: ', '').replace('BINARY_ADD', 'Binary_Add')}`), ' */']
  return insertionPatch(pristine, [
    { path: 'Python/ceval.c', insertions: [{ after: 1320, lines: block(gretaNotes.slice(0, 3)) }] },
    { path: 'Objects/abstract.c', insertions: [{ after: 940, lines: block(gretaNotes.slice(3, 5)) }] },
    { path: 'Objects/intobject.c', insertions: [{ after: 480, lines: block(gretaNotes.slice(5)) }] },
  ])
}

/** Ines wrote her own explanation of the same journey. */
export function inesPatch(pristine: ReadonlyMap<string, string>): string {
  return insertionPatch(pristine, [
    {
      path: 'Python/ceval.c',
      insertions: [
        {
          after: 1300,
          lines: [
            '// CSC253: here x + y arrives as BINARY_ADD; the top of the stack is y and the item under it is x.',
            '// CSC253: a fast path for two small ints avoids any function call at all, unless the result overflows.',
          ],
        },
      ],
    },
    {
      path: 'Objects/abstract.c',
      insertions: [{ after: 900, lines: ['// CSC253: the generic number protocol: try the slot of type(x), then of type(y), else TypeError.'] }],
    },
    {
      path: 'Objects/intobject.c',
      insertions: [{ after: 470, lines: ['// CSC253: this is the nb_add slot of int; it works on C longs and promotes to long when the sum does not fit.'] }],
    },
  ])
}

/** Rename identifiers on the added lines of a patch only (context lines must stay pristine for the hunks to apply). */
export function renameInPatch(patch: string, names: Record<string, string>): string {
  return patch
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++ ') ? `+${renamed([l.slice(1)], names)[0]}` : l))
    .join('\n')
}

const FAMILY_NAMES: string[][] = [
  ['op_tally', 'which', 'sum', 'k', '_PyEval_OpcodeTally', '_PyEval_ClearTally'],
  ['_Py_ExecCount', 'arg', 'result', 'op', 'j'],
  ['dave_counts', 'dave_enabled', 'note_opcode', 'opc', 'list', 'n', 'v', 'all', 'item', 'total', 'idx'],
  // not `n` or `i`: those letters also stand in the reference's "\n" escapes, which a rename must leave alone
  ['_Py_OpcodeCounts', 'op', 'total'],
]

/**
 * A class of `count` opcode-counter submissions for the benchmark: four families (three students' own solutions and
 * the reference), each student's copy with names of their own, every other one with its functions reordered.
 */
export function plantedClass(pristine: ReadonlyMap<string, string>, count: number): string[] {
  const bases = [alicePatch(pristine), carolPatch(pristine), davePatch(pristine), referenceSolution('opcode-counter')]
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const family = i % bases.length
    const names = Object.fromEntries(FAMILY_NAMES[family]!.map((n) => [n, `${n}_s${i}`]))
    const base = family === 0 && i % 2 === 1 ? bobPatch(pristine) : bases[family]!
    out.push(renameInPatch(base, family === 0 && i % 2 === 1 ? Object.fromEntries(Object.values(BOB_NAMES).map((n) => [n, `${n}_s${i}`])) : names))
  }
  return out
}
