# Everything that consumes an iterator sees a peeked item exactly once.


def fresh():
    it = iter('abcd')
    it.peek()
    return it


out = []
for ch in fresh():
    out.append(ch)
print out
print list(fresh()), tuple(fresh()), sorted(fresh(), reverse=True)
print zip(fresh(), fresh())
print 'a' in fresh(), 'z' in fresh()
print max(fresh()), min(fresh()), sum(1 for x in fresh())
print '-'.join(fresh())
a, b, c, d = fresh()
print a, d
it = fresh()
print next(it), next(it), it.peek(), next(it), next(it), next(it, 'end')

it = iter(u'\xe9t\xe9')
print repr(it.peek()), repr(u''.join(it))


class Old:
    def __getitem__(self, i):
        if i < 3:
            return i
        raise IndexError


it = iter(Old())
print it.peek(), map(str, it)

counter = iter(iter([1, 2, 3]).next, 3)
print counter.peek(), list(counter)
