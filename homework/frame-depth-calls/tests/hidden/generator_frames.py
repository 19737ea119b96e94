# Generator frames: linked to whoever resumes them, unlinked when suspended.
import sys


def gen():
    for i in range(3):
        frame = sys._getframe()
        yield frame.f_depth, frame.f_calls


def drive_from(depth_left, g):
    if depth_left:
        return drive_from(depth_left - 1, g)
    return next(g)


g = gen()
print 'unstarted', g.gi_frame.f_depth, g.gi_frame.f_calls
print 'first', next(g)
print 'suspended', g.gi_frame.f_depth
print 'deeper', drive_from(3, g)
print 'suspended again', g.gi_frame.f_depth, g.gi_frame.f_calls
print 'last', next(g)
print 'list', list(x for x in [sys._getframe().f_depth] + [1, 2])
print 'genexp depth', list(sys._getframe().f_depth for i in range(2))
