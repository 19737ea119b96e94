# __instancecount__: how many instances of a classic class are alive.


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


print Point.__instancecount__
p = Point(1, 2)
q = Point(3, 4)
print Point.__instancecount__
points = [Point(i, i) for i in range(10)]
print Point.__instancecount__
del points
print Point.__instancecount__
p = None
print Point.__instancecount__
del q
print Point.__instancecount__
print type(Point.__instancecount__).__name__
