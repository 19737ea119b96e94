# Both attributes are read-only; deleting them fails too.
import sys

frame = sys._getframe()


def attempt(action):
    try:
        action()
    except (AttributeError, TypeError):
        return 'refused'
    return 'allowed'


def set_depth():
    frame.f_depth = 5


def set_calls():
    frame.f_calls = 5


def del_depth():
    del frame.f_depth


def del_calls():
    del frame.f_calls


print attempt(set_depth), attempt(set_calls)
print attempt(del_depth), attempt(del_calls)
print frame.f_depth
print 'f_depth' in dir(frame), 'f_calls' in dir(frame)
