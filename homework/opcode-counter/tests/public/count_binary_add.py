# Counts of one opcode around a call: BINARY_ADD runs once per loop iteration.
import sys
import dis

BINARY_ADD = dis.opmap['BINARY_ADD']


def add_up(n):
    total = 0
    for i in range(n):
        total = total + i
    return total


for n in (0, 1, 10, 250):
    before = sys.opcodecount(BINARY_ADD)
    add_up(n)
    after = sys.opcodecount(BINARY_ADD)
    print n, after - before
