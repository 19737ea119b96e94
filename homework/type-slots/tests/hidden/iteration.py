# Iterable is not iterator: str has no tp_iter at all in 2.7, classes without
# next() get a tp_iternext that only raises (not reported), real iterators
# have both.
import sys


class OnlyIter(object):
    def __iter__(self):
        return iter([])


class OnlyNext(object):
    def next(self):
        raise StopIteration


def gen():
    yield 1


for label, obj in [('str', 'abc'), ('unicode', u'abc'), ('iter(str)', iter('abc')),
                   ('list', []), ('iter(list)', iter([])), ('xrange', xrange(2)),
                   ('generator', gen()), ('OnlyIter', OnlyIter()),
                   ('OnlyNext', OnlyNext()), ('file', sys.stdin)]:
    slots = typeslots(obj)
    print '%-10s iter=%-5s next=%s' % (label, 'tp_iter' in slots,
                                       'tp_iternext' in slots)
