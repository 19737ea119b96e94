# Opcodes reached through PREDICT() shortcuts must be counted too.
import sys
import dis

NAMES = ['FOR_ITER', 'STORE_FAST', 'COMPARE_OP', 'POP_JUMP_IF_FALSE',
         'UNPACK_SEQUENCE', 'INPLACE_ADD', 'JUMP_ABSOLUTE']
CODES = [dis.opmap[name] for name in NAMES]


def loop(n):
    hits = 0
    for i in range(n):
        if i < 3:
            hits += 1
    return hits


def pairs(n):
    total = 0
    for a, b in zip(range(n), range(n)):
        total += a * b
    return total


for fn in (loop, pairs):
    for n in (0, 7):
        # map() is written in C: reading the table runs no bytecode.
        before = map(sys.opcodecount, CODES)
        fn(n)
        after = map(sys.opcodecount, CODES)
        print fn.__name__, n,
        for name, b, a in zip(NAMES, before, after):
            print '%s=%d' % (name, a - b),
        print
