# gi_yields counts how often a generator has suspended at a yield.


def countdown(n):
    while n > 0:
        yield n
        n -= 1


g = countdown(3)
print g.gi_yields
print next(g), g.gi_yields
print next(g), g.gi_yields
print list(g), g.gi_yields
print list(g), g.gi_yields

total = 0
h = countdown(100)
for value in h:
    total += value
print total, h.gi_yields
print type(h.gi_yields).__name__
