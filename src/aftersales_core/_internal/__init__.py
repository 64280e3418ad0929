"""Private helpers with one home each: instants and epochs, validators, exact decimals, currencies.

Nothing here is public API; every package of the library may use these, and they use nothing
of the library above ``errors``, ``money`` and ``terms``.
"""
