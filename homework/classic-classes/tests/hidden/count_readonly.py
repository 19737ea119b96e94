# __instancecount__ is read-only, classes only, and independent per class.


class K:
    pass


class L(K):
    pass


def attempt(action):
    try:
        action()
    except TypeError:
        return 'TypeError'
    return 'allowed'


def assign():
    K.__instancecount__ = 10


def delete():
    del K.__instancecount__


keep = K()
print attempt(assign), attempt(delete), K.__instancecount__
print hasattr(keep, '__instancecount__')
print '__instancecount__' in K.__dict__


class Shadow:
    __instancecount__ = 'mine'


s = Shadow()
print Shadow.__instancecount__
print [L.__instancecount__, K.__instancecount__]
many = [L() for i in range(1000)]
print [L.__instancecount__, K.__instancecount__]
many = many[500:]
print [L.__instancecount__, K.__instancecount__]
