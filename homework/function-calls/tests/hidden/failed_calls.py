# A call counts even when it fails: bad arguments, exceptions, recursion.
import sys


def one(x):
    return x


def boom():
    raise ValueError('boom')


def attempt(action):
    try:
        action()
    except (TypeError, ValueError, RuntimeError) as e:
        return type(e).__name__
    return 'ok'


print attempt(lambda: one()), one.func_calls
print attempt(lambda: one(1, 2)), one.func_calls
print attempt(lambda: one(*[1, 2, 3])), one.func_calls
print attempt(lambda: one(y=1)), one.func_calls
print attempt(lambda: one(1)), one.func_calls
print attempt(boom), attempt(boom), boom.func_calls


def down(n):
    return down(n + 1)


sys.setrecursionlimit(200)
print attempt(lambda: down(0)), 150 < down.func_calls < 200
