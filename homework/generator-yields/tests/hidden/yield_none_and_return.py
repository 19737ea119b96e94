# Yielding None counts; returning does not; dead generators stay put.


def nones():
    yield
    yield None
    x = yield
    return


def never():
    if False:
        yield 1
    return


def stops_early():
    yield 1
    return
    yield 2


for fn in (nones, never, stops_early):
    g = fn()
    out = list(g)
    for i in range(3):
        try:
            next(g)
        except StopIteration:
            pass
    print fn.__name__, out, g.gi_yields, g.gi_state
