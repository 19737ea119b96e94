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

# A new object of exactly str or unicode even when no letter moves.
print outcome(MyStr('abc').caesar, 26)
print outcome(MyStr('abc').caesar, 0)
print outcome(MyUnicode(u'abc').caesar, -26)
print outcome(MyStr('1 2 3').rot13)
s = 'no letter moves ' * 3
u = u'no letter moves ' * 3
print s.caesar(0) is s, s.caesar(26) is s, s.caesar(0) == s
print u.caesar(0) is u, u.caesar(10 ** 40 * 26) is u, u.caesar(0) == u
digits = '0123456789' * 2
print digits.rot13() is digits, digits.rot13() == digits
