# func_freevars maps the free variables of a closure to their current values.


def make_adder(n):
    def add(x):
        return x + n
    return add


def make_pair(a, b):
    def pair():
        return a, b
    return pair


def plain(x):
    return x


add5 = make_adder(5)
print add5.func_freevars
print sorted(make_pair('left', [1, 2]).func_freevars.items())
print plain.func_freevars
print make_adder.func_freevars
print (lambda: add5).func_freevars
