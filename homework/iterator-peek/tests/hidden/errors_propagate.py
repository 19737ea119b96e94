# Exceptions other than the end-of-iteration ones pass through peek() and
# leave the iterator usable.


class Flaky(object):
    def __init__(self):
        self.broken = True

    def __getitem__(self, i):
        if i == 1 and self.broken:
            raise KeyError('flaky')
        if i == 3:
            raise IndexError
        return i * 10


seq = Flaky()
it = iter(seq)
print it.peek(), next(it)
try:
    it.peek()
except KeyError as e:
    print 'KeyError', e
try:
    next(it)
except KeyError:
    print 'still KeyError'
seq.broken = False
print it.peek(), list(it)

state = {'n': 0}


def unreliable():
    state['n'] += 1
    if state['n'] == 2:
        raise ValueError('second call')
    if state['n'] == 4:
        raise StopIteration
    return state['n']


it = iter(unreliable, None)
print it.peek(), next(it)
try:
    it.peek()
except ValueError as e:
    print 'ValueError', e
print it.peek(), next(it)
try:
    it.peek()
except StopIteration:
    print 'StopIteration from the callable ends it', state
try:
    next(it)
except StopIteration:
    print 'stays exhausted', state
