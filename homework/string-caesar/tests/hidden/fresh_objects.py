# Results are new strings: the shared one-character and empty strings
# must not be modified in place.
a = 'a'
n = 'n'
print repr('a'.rot13()), repr('n'.rot13())
print repr(a), repr(n)
print repr(chr(97)), repr(chr(110))
letters = [chr(i) for i in range(ord('a'), ord('z') + 1)]
shifted = [c.rot13() for c in letters]
print ''.join(shifted)
print ''.join(letters)
print repr(''.rot13()), repr(''.caesar(5)), len('')
s = 'interned'
t = s.rot13()
print repr(s), repr(t), s is t
big = 'xyz' * 100000
print big.caesar(3)[:6], len(big.caesar(3))
