# Instructions count wherever they run: recursion, generators, exec, eval,
# class bodies, and code that raises.
import sys
import dis


def noop(*args):
    pass


def raw(code, fn, args):
    before = sys.opcodecount(code)
    fn(*args)
    return sys.opcodecount(code) - before


def delta(name, fn, *args):
    # subtract what the measuring itself costs
    code = dis.opmap[name]
    return raw(code, fn, args) - raw(code, noop, args)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def gen(n):
    for i in range(n):
        yield i


def drain(n):
    for x in gen(n):
        pass


def run_exec(a):
    exec "y = a * 7\nz = y * a" in {'a': a}


def run_eval(a):
    return eval("a * a * a", {'a': a})


def make_class(a):
    class Inner(object):
        b = a * 4
        c = b * a
    return Inner


def raises():
    try:
        raise KeyError('k')
    except KeyError:
        return 1


def recursion_error():
    def down(n):
        return down(n + 1)
    try:
        down(0)
    except RuntimeError:
        pass


print 'fib BINARY_ADD', delta('BINARY_ADD', fib, 10)
print 'fib CALL_FUNCTION', delta('CALL_FUNCTION', fib, 10)
print 'gen YIELD_VALUE', delta('YIELD_VALUE', drain, 9)
print 'exec BINARY_MULTIPLY', delta('BINARY_MULTIPLY', run_exec, 3)
print 'eval BINARY_MULTIPLY', delta('BINARY_MULTIPLY', run_eval, 3)
print 'class BINARY_MULTIPLY', delta('BINARY_MULTIPLY', make_class, 3)
print 'raise RAISE_VARARGS', delta('RAISE_VARARGS', raises)
print 'raise SETUP_EXCEPT', delta('SETUP_EXCEPT', raises)
print 'recursion BINARY_ADD', delta('BINARY_ADD', recursion_error) > 100
