# __mro__ of classic classes: the order class_lookup() searches.


def names(cls):
    return ' '.join(c.__name__ for c in cls.__mro__)


class Base:
    pass


class Left(Base):
    pass


class Right(Base):
    pass


class Diamond(Left, Right):
    pass


class Chain(Diamond):
    pass


for cls in (Base, Left, Diamond, Chain):
    print '%-8s %s' % (cls.__name__, names(cls))
print type(Diamond.__mro__).__name__, Diamond.__mro__[0] is Diamond
