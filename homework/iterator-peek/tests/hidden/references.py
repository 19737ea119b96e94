# The peeked item is owned by the iterator: released when the iterator dies,
# visible to the cycle collector while it lives.
import gc
import sys
import weakref

token = object()


class Gives(object):
    def __getitem__(self, i):
        return token


base = sys.getrefcount(token)
it = iter(Gives())
it.peek()
print sys.getrefcount(token) - base
it.peek()
print sys.getrefcount(token) - base
del it
print sys.getrefcount(token) - base

it = iter(lambda: token, None)
it.peek()
print sys.getrefcount(token) - base
next(it)
print sys.getrefcount(token) - base
it.peek()
del it
print sys.getrefcount(token) - base


class Node(object):
    def __getitem__(self, i):
        return self


gc.collect()
node = Node()
it = iter(node)
node.it = it
it.peek()
probe = weakref.ref(node)
del node, it
gc.collect()
print 'seqiter cycle collected', probe() is None


class Holder(object):
    pass


holder = Holder()
cit = iter(lambda: holder, None)
holder.it = cit
cit.peek()
probe = weakref.ref(holder)
del holder, cit
gc.collect()
print 'calliter cycle collected', probe() is None
