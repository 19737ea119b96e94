# peek() on the sequence iterator (iter() of a str uses it).
it = iter('abc')
print type(it).__name__
print it.peek(), it.peek()
print next(it)
print it.peek()
print list(it)
try:
    it.peek()
except StopIteration:
    print 'exhausted'
try:
    iter('').peek()
except StopIteration:
    print 'empty'

it = iter('xyz')
it.peek()
print ''.join(it)
