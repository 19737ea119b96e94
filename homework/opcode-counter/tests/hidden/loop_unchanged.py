# Counting must not change how the eval loop runs. With the PREDICT() shortcuts working, a predicted instruction
# runs as part of the one before it without updating f_lasti (Python/ceval.c:934-940), which Python code called
# from inside the predicted instruction can see.
import sys, dis

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


def loop(it):
    for x in it:
        pass


probe = Probe(3)
before = sys.opcodecount(FOR_ITER)
loop(probe)
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
