# peek() on the callable iterator: iter(callable, sentinel).
numbers = [1, 2, 3, 0, 5]


def take():
    return numbers.pop(0)


it = iter(take, 0)
print type(it).__name__
print it.peek(), it.peek(), numbers
print next(it), numbers
print it.peek(), list(it), numbers
try:
    it.peek()
except StopIteration:
    print 'exhausted', numbers
