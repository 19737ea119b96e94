# __mro__ is computed from the current __bases__, only exists on classes,
# and cannot be assigned.


def names(cls):
    return ' '.join(c.__name__ for c in cls.__mro__)


class A:
    x = 'A'


class B(A):
    pass


class C(A):
    x = 'C'
    y = 'C'


class D(B, C):
    pass


class E:
    y = 'E'


class F(D, E, B):
    pass


print 'D', names(D)
print 'F', names(F)
for attr in ('x', 'y'):
    owner = [k for k in F.__mro__ if attr in k.__dict__][0]
    print attr, getattr(F, attr), owner.__name__
D.__bases__ = (C, B)
print 'D after', names(D)
print 'F after', names(F)
D.__bases__ = ()
print 'D empty', names(D)
print 'F empty', names(F)

print hasattr(F(), '__mro__'), hasattr(F, '__mro__')
print getattr(B, '__mro__') == B.__mro__


def attempt(action):
    try:
        action()
    except TypeError:
        return 'TypeError'
    return 'allowed'


def assign():
    A.__mro__ = (A,)


def delete():
    del A.__mro__


print attempt(assign), attempt(delete), names(A)


class Shadow:
    __mro__ = 'not a tuple'


print 'Shadow', names(Shadow)
print B.__mro__ is not B.__mro__
