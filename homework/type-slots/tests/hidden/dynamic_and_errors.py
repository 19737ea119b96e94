# Slots follow changes to a class; argument errors; a fresh list each time.


class Growing(object):
    pass


g = Growing()
print 'before', typeslots(g)
Growing.__len__ = lambda self: 0
Growing.__call__ = lambda self: 0
print 'added', typeslots(g)
del Growing.__len__
print 'removed', typeslots(g)

first = typeslots(1)
first.append('junk')
print 'fresh', typeslots(1)


def outcome(*args):
    try:
        typeslots(*args)
    except TypeError:
        return 'TypeError'
    return 'ok'


print outcome(), outcome(1, 2), outcome(None)
