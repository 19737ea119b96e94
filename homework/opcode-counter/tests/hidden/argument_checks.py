# Argument checking of sys.opcodecount and sys.resetopcodecounts.
import sys


def outcome(fn, *args):
    try:
        result = fn(*args)
    except Exception as e:
        return type(e).__name__
    return 'ok %s' % type(result).__name__


print outcome(sys.opcodecount)
print outcome(sys.opcodecount, 0)
print outcome(sys.opcodecount, 255)
print outcome(sys.opcodecount, 23L)
print outcome(sys.opcodecount, 256)
print outcome(sys.opcodecount, -1)
print outcome(sys.opcodecount, 10 ** 30)
print outcome(sys.opcodecount, -10 ** 30)
print outcome(sys.opcodecount, '23')
print outcome(sys.opcodecount, 23.0)
print outcome(sys.opcodecount, None)
print outcome(sys.opcodecount, 1, 2)
print outcome(sys.resetopcodecounts)
print outcome(sys.resetopcodecounts, 1)
