# Unhashable types fill tp_hash with PyObject_HashNotImplemented: not reported.


class NoHash(object):
    __hash__ = None


class EqOnly(object):
    def __eq__(self, other):
        return True


class Child(NoHash):
    pass


for label, obj in [('list', []), ('dict', {}), ('set', set()),
                   ('frozenset', frozenset()), ('bytearray', bytearray()),
                   ('NoHash', NoHash()), ('EqOnly', EqOnly()),
                   ('Child', Child())]:
    slots = typeslots(obj)
    print '%-9s %-5s %s' % (label, 'tp_hash' in slots, slots)
