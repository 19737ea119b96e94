# send(), throw() and close() and their effect on both attributes.


def echo():
    received = []
    try:
        while True:
            try:
                value = yield len(received)
                received.append(value)
            except KeyError:
                received.append('caught')
    except GeneratorExit:
        pass


g = echo()
print g.send(None), g.gi_yields, g.gi_state
print g.send('x'), g.send('y'), g.gi_yields
print g.throw(KeyError), g.gi_yields, g.gi_state
try:
    g.throw(ValueError)
except ValueError:
    print 'ValueError escaped', g.gi_yields, g.gi_state

g = echo()
next(g)
g.close()
print 'closed while suspended', g.gi_yields, g.gi_state

g = echo()
g.close()
print 'closed before start', g.gi_yields, g.gi_state

g = echo()
try:
    g.send(5)
except TypeError:
    print 'non-None to fresh', g.gi_yields, g.gi_state


def stubborn():
    while True:
        try:
            yield 'still here'
        except GeneratorExit:
            pass


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError:
    print 'ignored GeneratorExit', s.gi_yields, s.gi_state
print next(s), s.gi_yields
try:
    s.throw(IndexError)
except IndexError:
    print 'IndexError ends it', s.gi_yields, s.gi_state
