# The total over all opcodes, and resetting the table.
import sys


def empty():
    pass


def three_more():
    x = 1
    return x


def measure(fn):
    start = sys.opcodecount()
    fn()
    return sys.opcodecount() - start


# "pass" compiles to LOAD_CONST None; RETURN_VALUE.  three_more runs
# LOAD_CONST, STORE_FAST, LOAD_FAST, RETURN_VALUE: two instructions more.
print measure(three_more) - measure(empty)

print sys.resetopcodecounts()
print sys.opcodecount() < 50
print type(sys.opcodecount()).__name__, type(sys.opcodecount(0)).__name__
