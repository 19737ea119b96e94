# f_depth of the module frame, of nested calls and of recursion.
import sys


def chain_length(frame):
    n = 0
    while frame.f_back is not None:
        frame = frame.f_back
        n += 1
    return n


def here():
    return sys._getframe(1).f_depth


def inner():
    return sys._getframe().f_depth


def middle():
    return sys._getframe().f_depth, inner()


def outer():
    return (sys._getframe().f_depth,) + middle()


def recurse(n, seen):
    seen.append(sys._getframe().f_depth)
    if n > 0:
        recurse(n - 1, seen)
    return seen


top = sys._getframe()
print 'module', top.f_depth, top.f_back is None
print 'here', here()
print 'nested', outer()
print 'recursion', recurse(5, [])
f = sys._getframe()
print 'agrees', f.f_depth == chain_length(f)
print 'type', type(f.f_depth).__name__
