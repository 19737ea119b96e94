# The callable iterator: the sentinel check happens once per fetched value,
# and an exhausted iterator never calls the callable again.


class Eq(object):
    compared = 0

    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        Eq.compared += 1
        return isinstance(other, Eq) and self.v == other.v

    def __repr__(self):
        return 'Eq(%d)' % self.v


values = [Eq(1), Eq(2), Eq(-1)]
calls = []


def produce():
    calls.append(1)
    return values.pop(0)


it = iter(produce, Eq(-1))
print it.peek(), it.peek(), len(calls), Eq.compared
print next(it), len(calls), Eq.compared
print it.peek(), next(it), len(calls), Eq.compared
for i in range(2):
    try:
        it.peek()
    except StopIteration:
        print 'stop', len(calls), Eq.compared
try:
    next(it)
except StopIteration:
    print 'next stop', len(calls)

it = iter(lambda: 'same', 'same')
try:
    it.peek()
except StopIteration:
    print 'sentinel first'
