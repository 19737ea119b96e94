# New-style classes get a slot for each special method they define.


class Plain(object):
    pass


class Sized(object):
    def __len__(self):
        return 0


class Indexed(object):
    def __getitem__(self, i):
        return i


class Adder(object):
    def __add__(self, other):
        return 1


class Callable(object):
    def __call__(self):
        return 1


class Counter(object):
    def __iter__(self):
        return self

    def next(self):
        raise StopIteration


for cls in (Plain, Sized, Indexed, Adder, Callable, Counter):
    print '%-9s %s' % (cls.__name__, ' '.join(typeslots(cls())))
