# Generator expressions count too; each generator object has its own count.


squares = (x * x for x in range(5))
print squares.gi_state, squares.gi_yields
print sum(squares), squares.gi_yields, squares.gi_state


def walk(tree):
    if isinstance(tree, list):
        for child in tree:
            for leaf in walk(child):
                yield leaf
    else:
        yield tree


gens = []
original = walk


def tracking(tree):
    g = original(tree)
    gens.append(g)
    return g


walk = tracking
tree = [1, [2, [3, 4]], [], 5]
print list(walk(tree))
print [g.gi_yields for g in gens]


def relay(source):
    for item in source:
        yield item
        yield item


inner = iter(xrange(3))
outer = relay(x for x in inner)
print list(outer), outer.gi_yields

a = (i for i in 'abc')
b = (i for i in 'abc')
next(a)
next(a)
next(b)
print a.gi_yields, b.gi_yields
