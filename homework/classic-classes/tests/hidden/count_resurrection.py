# An instance that __del__ brings back to life is still alive.
import gc

saved = []


class Phoenix:
    revived = 0

    def __del__(self):
        if Phoenix.revived == 0:
            Phoenix.revived = 1
            saved.append(self)


class Plain:
    def __del__(self):
        pass


p = Phoenix()
print Phoenix.__instancecount__
del p
print Phoenix.__instancecount__, len(saved)
del saved[:]
print Phoenix.__instancecount__

q = Plain()
del q
print Plain.__instancecount__

gc.collect()
a = Plain()
b = Plain()
a.other = b
b.other = a
del a, b
gc.collect()
print Plain.__instancecount__, len(gc.garbage)
for obj in gc.garbage:
    obj.other = None
del obj
del gc.garbage[:]
gc.collect()
print Plain.__instancecount__
