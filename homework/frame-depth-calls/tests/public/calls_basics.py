# f_calls counts the call instructions a frame has executed so far.
import sys


def nothing():
    return sys._getframe().f_calls


def three_then_look():
    len('abc')
    abs(-2)
    max(1, 2)
    # the call to sys._getframe() is the fourth call of this frame
    return sys._getframe().f_calls


def in_a_loop(n):
    for i in range(n):
        str(i)
    return sys._getframe().f_calls


def caller_view():
    nothing()
    nothing()
    return sys._getframe().f_calls


print 'nothing', nothing()
print 'three', three_then_look()
print 'loop 0', in_a_loop(0)
print 'loop 10', in_a_loop(10)
print 'callee calls do not count', caller_view()
