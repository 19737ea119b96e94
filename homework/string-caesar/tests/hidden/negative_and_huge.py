# Shifts are reduced like Python's %: negative and very large ones work.
s = 'Hello, Zz Aa!'
for shift in [-1, -13, -25, -26, -27, -53, 27, 52, 1000, -1000, 2 ** 31,
              -2 ** 31, 2 ** 63 + 5, 10 ** 40, -10 ** 40, 7L]:
    print shift, repr(s.caesar(shift))
for shift in range(-60, 60):
    assert s.caesar(shift).caesar(-shift) == s, shift
print 'round trips ok'
