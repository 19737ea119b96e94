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


# Counting must not change how the eval loop runs. With the PREDICT() shortcuts working, a predicted instruction
# runs as part of the one before it without updating f_lasti (Python/ceval.c:934-940), which Python code called
# from inside the predicted instruction can see. (Turning the predictions off and counting at the top of the loop
# gets every count above right, and this part wrong.)
FOR_ITER = dis.opmap['FOR_ITER']
POP_JUMP_IF_FALSE = dis.opmap['POP_JUMP_IF_FALSE']


def opname_at(frame):
    return dis.opname[ord(frame.f_code.co_code[frame.f_lasti])]


class Probe(object):
    def __init__(self, n):
        self.n = n
        self.seen = []

    def __iter__(self):
        return self

    def next(self):
        self.seen.append(opname_at(sys._getframe(1)))
        if len(self.seen) > self.n:
            raise StopIteration
        return len(self.seen)


def probe_loop(it):
    for x in it:
        pass


probe = Probe(3)
before = sys.opcodecount(FOR_ITER)
probe_loop(probe)
print 'FOR_ITER executed', sys.opcodecount(FOR_ITER) - before
print 'next() called from', ' '.join(probe.seen)

log = []


class Truth(object):
    def __nonzero__(self):
        log.append(opname_at(sys._getframe(1)))
        return False


class Less(object):
    def __lt__(self, other):
        return Truth()


def test(a, b):
    if a < b:
        return 'yes'
    return 'no'


before = sys.opcodecount(POP_JUMP_IF_FALSE)
print test(Less(), 1), test(Less(), 2)
print 'POP_JUMP_IF_FALSE executed', sys.opcodecount(POP_JUMP_IF_FALSE) - before
print '__nonzero__ called from', ' '.join(log)
