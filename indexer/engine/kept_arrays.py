"""Arrays kept in a cache in the narrowest type that holds their values exactly (widened back when read).

A posting list's document numbers fit in 16 or 32 bits and its weights
(counts of a word in a paragraph) in 8, where they are decoded as 64-bit
integers and floats: kept narrow, a cached posting list takes a quarter or
less of the memory, and widening it back (a copy) costs a microsecond or two
for all but the longest lists, against the tens a decoding costs.

>>> kept = narrowed(np.array([3.0, 1.0, 2.0]))
>>> kept.dtype, kept.astype(np.float64).tolist()
(dtype('uint8'), [3.0, 1.0, 2.0])
>>> narrowed(np.array([0.5, 1.0])).dtype, narrowed(np.array([0.1])).dtype, narrowed(np.array([-1, 2])).dtype
(dtype('float32'), dtype('float64'), dtype('int8'))
"""

from __future__ import annotations

import numpy as np

_INTEGERS = tuple((np.iinfo(t).min, np.iinfo(t).max, t) for t in (np.uint8, np.int8, np.uint16, np.int16,
                                                                    np.uint32, np.int32))


def narrowed(values: np.ndarray, ascending: bool = False) -> np.ndarray:
    """Return ``values`` (integers or floats) in the narrowest type that holds each exactly, or ``values`` itself.

    Integers said to be ``ascending`` (document numbers, the ends of a list's
    parts) have their first and last for their least and greatest.
    """
    if values.dtype.itemsize <= 1 or not len(values) or values.dtype.kind not in "iuf":
        return values
    if ascending and values.dtype.kind != "f":
        low, high = int(values[0]), int(values[-1])
    else:
        low, high = values.min().item(), values.max().item()
    for smallest, largest, kind in _INTEGERS:
        if smallest <= low and high <= largest:  # never for NaN
            if np.dtype(kind).itemsize < values.dtype.itemsize:
                small = values.astype(kind)
                if values.dtype.kind != "f" or (small == values).all():
                    return small
            break
    if values.dtype.kind == "f" and values.dtype.itemsize > 4:
        single = values.astype(np.float32)
        if (single == values).all():
            return single
    return values
