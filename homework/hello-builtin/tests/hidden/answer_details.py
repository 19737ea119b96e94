# answer is a real builtin of __builtin__ with its own name and docstring, and every other builtin is unchanged.
import __builtin__
print __builtin__.answer is answer
print type(answer).__name__, answer.__name__, answer.__module__, answer.__self__
print repr(answer.__doc__)
# the 143 names of the pristine 2.7.8 __builtin__ module, plus answer
others = sorted(n for n in dir(__builtin__) if n != 'answer')
print len(others)
print ' '.join(others[:20])
print ' '.join(others[20:60])
print ' '.join(others[60:100])
print ' '.join(others[100:])
print len('abc'), abs(-3), any([0, 1]), all([]), sorted(map(str, range(3)))
print answer() is answer()
