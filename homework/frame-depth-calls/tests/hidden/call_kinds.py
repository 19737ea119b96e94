# Every kind of call instruction counts; other implicit calls do not.
import sys


def f(*args, **kwargs):
    return len(args) + len(kwargs)


def boom():
    raise ValueError('no')


class K(object):
    def method(self):
        return 1

    def __add__(self, other):
        return 2

    @property
    def prop(self):
        return 3


def star_calls():
    args = (1, 2)
    kw = {'a': 1}
    f(*args)
    f(**kw)
    f(*args, **kw)
    f(1, b=2)
    return sys._getframe().f_calls


def failing_calls():
    for i in range(3):
        try:
            boom()
        except ValueError:
            pass
    try:
        len(1, 2, 3)
    except TypeError:
        pass
    return sys._getframe().f_calls


def implicit():
    k = K()          # one call
    k.method()       # one call
    k + k            # __add__ is not a call instruction of this frame
    k.prop           # neither is a property getter
    [1, 2][0]
    for x in [1, 2, 3]:
        pass
    return sys._getframe().f_calls


def lambdas_and_nested():
    g = lambda: sys._getframe().f_calls
    inner = g()
    return inner, sys._getframe().f_calls


print 'star', star_calls()
print 'failing', failing_calls()
print 'implicit', implicit()
print 'lambda', lambdas_and_nested()
print 'module', sys._getframe().f_calls
