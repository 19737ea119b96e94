# Slots of some built-in types, looked up through an instance.


def show(label, obj):
    print '%-10s %s' % (label, ' '.join(typeslots(obj)))


show('int', 42)
show('float', 2.5)
show('str', 'abc')
show('tuple', (1, 2))
show('list', [1, 2])
show('dict', {'a': 1})
show('None', None)
show('function', show)
show('len', len)
print type(typeslots(0)).__name__, type(typeslots(0)[0]).__name__
