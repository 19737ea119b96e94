# After a reset, opcodes that have not run since then read zero; every
# execution afterwards is counted, one by one.
import sys
import dis

op = dis.opmap


def power(a, b):
    return a ** b


def floor_div(a, b):
    return a // b


sys.resetopcodecounts()
print sys.opcodecount(op['BINARY_POWER']), sys.opcodecount(op['BINARY_FLOOR_DIVIDE'])
for i in range(5):
    power(2, i)
print sys.opcodecount(op['BINARY_POWER']), sys.opcodecount(op['BINARY_FLOOR_DIVIDE'])
floor_div(7, 2)
floor_div(7, 2)
print sys.opcodecount(op['BINARY_POWER']), sys.opcodecount(op['BINARY_FLOOR_DIVIDE'])
sys.resetopcodecounts()
print sys.opcodecount(op['BINARY_POWER']), sys.opcodecount(op['BINARY_FLOOR_DIVIDE'])
