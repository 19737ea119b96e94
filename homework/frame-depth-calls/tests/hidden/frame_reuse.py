# Frames are recycled (co_zombieframe, the free list): every call starts at 0.
import sys


def counted(n):
    for i in range(n):
        len('x')
    return sys._getframe().f_calls


def recursive(n):
    if n == 0:
        return [sys._getframe().f_calls]
    below = recursive(n - 1)
    return below + [sys._getframe().f_calls]


print [counted(n) for n in (5, 0, 3, 0, 1)]
print recursive(4)
print recursive(4)


def frames_kept():
    return sys._getframe()


a = frames_kept()
b = frames_kept()
print a is b, a.f_calls, b.f_calls, a.f_depth, b.f_depth
