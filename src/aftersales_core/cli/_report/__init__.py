"""The KPI report behind ``aftersales report``: read inputs, build the model, write text or HTML.

Internal to the command line; its modules may change between releases.
"""

__all__: list[str] = []
