# Instances are counted wherever they are created and wherever they die.
import copy
import gc
import types


class Base:
    pass


class Child(Base):
    pass


class Other:
    pass


class Fails:
    def __init__(self):
        raise ValueError('no')


def counts():
    return [k.__instancecount__ for k in (Base, Child, Other, Fails)]


kids = [Child(), Child()]
b = Base()
print 'subclass', counts()


def try_fails():
    try:
        Fails()
    except ValueError:
        pass


try_fails()
print 'failed init', counts()
raw = types.InstanceType(Other)
raw2 = types.InstanceType(Other, {'a': 1})
print 'no __init__', counts()
b.__class__ = Other
print 'moved', counts()
kids[0].__class__ = Child
print 'same class', counts()
dup = copy.copy(raw2)
deep = copy.deepcopy(kids)
print 'copies', counts()
del kids, deep, dup
print 'released', counts()

gc.collect()
x = Base()
y = Base()
x.partner = y
y.partner = x
del x, y
print 'cycle alive', counts()
gc.collect()
print 'cycle collected', counts()
