# answer() takes no arguments: positional or keyword arguments raise TypeError.
def attempt(label, call):
    try:
        result = call()
    except TypeError:
        print label, 'TypeError'
    except Exception as e:
        print label, 'wrong exception', type(e).__name__
    else:
        print label, 'no error, returned', repr(result)

attempt('one argument', lambda: answer(1))
attempt('two arguments', lambda: answer(1, 2))
attempt('None', lambda: answer(None))
attempt('keyword', lambda: answer(x=1))
attempt('empty *args', lambda: answer(*()))
print answer(*()), answer(**{})
