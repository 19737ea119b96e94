# Every way of calling a Python function counts, not only f(...).


def f(*args, **kwargs):
    return 0


def check(label, action):
    f.func_calls = 0
    action()
    print '%-12s %d' % (label, f.func_calls)


check('direct', lambda: f(1))
check('star', lambda: f(*[1, 2]))
check('kwargs', lambda: f(**{'a': 1}))
check('both', lambda: f(1, *[2], **{'b': 3}))
check('keyword', lambda: f(a=1))
check('map', lambda: map(f, range(5)))
check('sorted key', lambda: sorted([3, 1, 2], key=f))
check('apply', lambda: apply(f, (1,)))
check('filter', lambda: filter(f, 'abc'))
check('reduce', lambda: reduce(f, [1, 2, 3, 4]))


class C(object):
    def __init__(self):
        pass

    def method(self, x=0):
        return x

    def __add__(self, other):
        return 1

    @property
    def prop(self):
        return 2

    @staticmethod
    def static():
        return 3

    @classmethod
    def klass(cls):
        return 4


c = C()
init = C.__dict__['__init__']
method = C.__dict__['method']
print 'init', init.func_calls
C()
C()
print 'init', init.func_calls
c.method()
c.method(1)
C.method(c)
getattr(c, 'method')(x=2)
bound = c.method
bound()
print 'method', method.func_calls
c + c
c + c
print 'add', C.__dict__['__add__'].func_calls
c.prop
print 'property', C.__dict__['prop'].fget.func_calls
c.static()
C.static()
print 'static', C.__dict__['static'].__func__.func_calls
c.klass()
print 'classmethod', C.__dict__['klass'].__func__.func_calls


def gen(n):
    yield n


g1 = gen(1)
g2 = gen(2)
print 'generator', gen.func_calls, list(g1)


class Old:
    def __init__(self):
        pass


Old()
print 'classic init', Old.__dict__['__init__'].func_calls


def decorate(fn):
    def wrapper(*args):
        return fn(*args)
    return wrapper


def target(x):
    return x


wrapped = decorate(target)
wrapped(1)
wrapped(2)
print 'decorated', target.func_calls, wrapped.func_calls, decorate.func_calls
