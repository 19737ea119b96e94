# A peeked item is remembered even if the sequence changes; __length_hint__
# does not count it as consumed.


class View(object):
    def __init__(self, data):
        self.data = data

    def __getitem__(self, i):
        return self.data[i]

    def __len__(self):
        return len(self.data)


data = ['a', 'b', 'c']
it = iter(View(data))
print it.__length_hint__()
print it.peek(), it.__length_hint__()
data[0] = 'CHANGED'
print next(it), it.__length_hint__()
it.peek()
data[1] = 'CHANGED TOO'
print list(it), it.__length_hint__()

it = iter('hello')
it.peek()
print it.__length_hint__(), len(list(it))
it = iter('hi')
it.peek()
try:
    it.peek()
    next(it)
    it.peek()
except StopIteration:
    pass
print it.__length_hint__()
next(it)
try:
    it.peek()
except StopIteration:
    print 'done', it.__length_hint__()
