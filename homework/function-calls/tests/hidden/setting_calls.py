# func_calls can be reset to any non-negative integer, nothing else.


def f():
    pass


def attempt(action):
    try:
        action()
    except Exception as e:
        return type(e).__name__
    return 'ok %d' % f.func_calls


def assign(value):
    def action():
        f.func_calls = value
    return action


def delete():
    del f.func_calls


f()
f()
print attempt(assign(0))
f()
print attempt(assign(41))
f()
print f.func_calls
print attempt(assign(7L))
print attempt(assign(True))
print attempt(assign(-1))
print attempt(assign(10 ** 30))
print attempt(assign('3'))
print attempt(assign(3.0))
print attempt(assign(None))
print attempt(delete)
print 'func_calls' in dir(f)

# Each def statement makes a new function object with its own counter,
# even when they share one code object.
makers = []
for i in range(3):
    def g():
        return i
    makers.append(g)
makers[0]()
makers[2]()
makers[2]()
print [m.func_calls for m in makers]
print makers[0].func_code is makers[1].func_code
