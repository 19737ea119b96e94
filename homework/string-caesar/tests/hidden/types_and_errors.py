# Argument checking and the types of the results.


class MyStr(str):
    pass


class MyUnicode(unicode):
    pass


def outcome(fn, *args):
    try:
        result = fn(*args)
    except Exception as e:
        return type(e).__name__
    return '%s %r' % (type(result).__name__, result)


print outcome(MyStr('abc').rot13)
print outcome(MyStr('abc').caesar, 1)
print outcome(MyUnicode(u'abc').rot13)
print outcome(MyUnicode(u'abc').caesar, 1)
print outcome('abc'.rot13, 1)
print outcome('abc'.caesar)
print outcome('abc'.caesar, 1, 2)
print outcome('abc'.caesar, '1')
print outcome('abc'.caesar, 1.0)
print outcome('abc'.caesar, None)
print outcome(u'abc'.caesar, 1.5)
print outcome(u'abc'.rot13, 'x')
print outcome(str.rot13, 'abc')
print outcome(unicode.caesar, u'abc', 2)
print outcome(str.rot13, u'abc')
