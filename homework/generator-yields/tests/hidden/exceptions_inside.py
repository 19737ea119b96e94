# A generator that raises is finished; what it yielded before still counts.


def fragile(n):
    for i in range(n):
        yield i
    raise ValueError('broken after %d' % n)


g = fragile(3)
out = []
try:
    for v in g:
        out.append(v)
except ValueError as e:
    print e
print out, g.gi_yields, g.gi_state
try:
    next(g)
except StopIteration:
    print 'finished', g.gi_yields, g.gi_state


def catches():
    try:
        yield 1
        1 / 0
    except ZeroDivisionError:
        yield 'recovered'
    yield 'end'


g = catches()
print list(g), g.gi_yields, g.gi_state


def finally_yields():
    try:
        yield 'body'
    finally:
        yield 'cleanup'


g = finally_yields()
print list(g), g.gi_yields
