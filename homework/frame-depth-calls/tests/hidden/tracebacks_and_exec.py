# Frames seen through tracebacks keep their f_back; exec and eval get frames.
import sys


def level3():
    len('x')
    raise KeyError('deep')


def level2():
    abs(1)
    abs(2)
    level3()


def level1():
    level2()


try:
    level1()
except KeyError:
    tb = sys.exc_info()[2]
    while tb is not None:
        print tb.tb_frame.f_code.co_name, tb.tb_frame.f_depth, tb.tb_frame.f_calls
        tb = tb.tb_next

namespace = {'sys': sys}
exec "d = sys._getframe().f_depth" in namespace
print 'exec', namespace['d']
print 'eval', eval("sys._getframe().f_depth")


def from_function():
    return eval("sys._getframe().f_depth")


print 'eval in function', from_function()
print 'exec calls', eval("(len(''), sys._getframe().f_calls)")
