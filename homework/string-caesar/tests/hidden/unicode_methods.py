# unicode gets the same two methods; only ASCII letters move.
for s in [u'hello', u'Hello, World!', u'', u'caf\xe9', u'\u0391\u03b2\u03b3 abc',
          u'\uff41\uff42\uff43 xyz', u'\U0001d400 Q']:
    print repr(s.rot13()), repr(s.caesar(-3))
print type(u'abc'.rot13()).__name__, type(u'abc'.caesar(1)).__name__
print u'abc'.caesar(2 ** 70) == u'abc'.caesar(2 ** 70 % 26)
print u'Uryyb'.rot13() == 'Hello'
