# peek() fetches an item once; next() hands the same object out.


class Loud(object):
    def __init__(self, items):
        self.items = items
        self.calls = []

    def __getitem__(self, i):
        self.calls.append(i)
        if i == len(self.items):
            raise IndexError(i)
        return self.items[i]


seq = Loud([[1], [2]])
it = iter(seq)
first = it.peek()
again = it.peek()
print first is again, seq.calls
got = next(it)
print got is first, seq.calls
print it.peek(), seq.calls
print next(it), seq.calls
for attempt in range(3):
    try:
        it.peek()
    except StopIteration:
        print 'stop', seq.calls
try:
    next(it)
except StopIteration:
    print 'next stop', seq.calls


class StopsEarly:
    def __getitem__(self, i):
        if i == 1:
            raise StopIteration
        return 'only'


it = iter(StopsEarly())
print it.peek(), next(it)
try:
    it.peek()
except StopIteration:
    print 'StopIteration from __getitem__ ends it too'
print list(it)
