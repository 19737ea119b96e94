# str.rot13() on byte strings.
for s in ['hello', 'Hello, World!', 'abcdefghijklmnopqrstuvwxyz',
          'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'Why did the chicken cross the road?',
          '12345 !?', '']:
    print repr(s.rot13())

s = 'The Quick Brown Fox'
print s.rot13().rot13() == s
print type('abc'.rot13()).__name__
