# func_calls counts the calls of one function object.


def greet(name):
    return 'hi ' + name


print greet.func_calls
for name in ['ann', 'bob', 'cy']:
    greet(name)
print greet.func_calls

square = lambda x: x * x
print square.func_calls, [square(i) for i in range(4)], square.func_calls


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


print fib(10), fib.func_calls
fib.func_calls = 0
fib(5)
print fib.func_calls
print type(fib.func_calls).__name__
