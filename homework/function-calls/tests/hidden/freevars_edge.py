# func_freevars edge cases: cells not filled yet, live values, nesting.


def late():
    def inner():
        return value
    before = sorted(inner.func_freevars.items())
    value = 'now set'
    after = sorted(inner.func_freevars.items())
    return before, after


print late()


def counter():
    count = [0]
    total = 0

    def bump():
        count[0] += 1
        return count[0] + total
    return bump


b = counter()
b()
b()
print sorted(b.func_freevars.items())


def shared():
    x = 1

    def get():
        return x

    def also():
        return x + 1
    x = 2
    return get, also


get, also = shared()
print get.func_freevars, also.func_freevars


def outer(a):
    def middle(b):
        def inner(c):
            return a + b + c
        return inner
    return middle


m = outer(1)
i = m(2)
print m.func_freevars, sorted(i.func_freevars.items())
print outer.func_freevars


fresh = outer.func_freevars
fresh['junk'] = 1
print outer.func_freevars


def attempt():
    try:
        i.func_freevars = {}
    except (AttributeError, TypeError):
        return 'read-only'
    return 'writable'


print attempt()


def loop_closures():
    fns = []
    for n in range(3):
        fns.append(lambda: n)
    return [fn.func_freevars for fn in fns]


print loop_closures()
